import { Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Progress, Row, Select, Statistic, Switch, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useBotMetrics, useBotSettings, useCreateIntent, useDeleteIntent, useIntents, useTrainTriage, useTraining, useTryBot, useUpdateBotSettings, type BotMetrics, type BotSettings, type Intent } from '../../modules/bot/index.ts';
import { ErrorAlert, formatDateTime, labelOf, PageHeader, problemText, useT } from '../../shared/index.ts';

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

function TrainingCard() {
  const t = useT();
  const training = useTraining();
  const train = useTrainTriage();
  const run = training.data?.run;
  const running = run && (run.status === 'queued' || run.status === 'running');
  const percent = run ? (run.status === 'done' ? 100 : run.total > 0 ? Math.floor((run.progress / run.total) * 100) : 0) : 0;
  const model = training.data?.model;
  return (
    <Card size="small" title={t('bot.triage.title')} extra={<Button type="primary" loading={train.isPending} disabled={Boolean(running)} onClick={() => train.mutate()}>{t('bot.triage.train')}</Button>}>
      <p style={{ marginTop: 0 }}>{t('bot.triage.explain')}</p>
      {run && (
        <div data-testid="training-progress">
          <Progress percent={percent} status={run.status === 'failed' ? 'exception' : running ? 'active' : 'success'} aria-label={t('bot.triage.progress')} />
          <div>{labelOf(t, 'bot.training', run.status)} · {t('bot.triage.read', { n: run.progress })}{run.error ? ` · ${run.error}` : ''}</div>
        </div>
      )}
      {model && <p>{t('bot.triage.model', { version: model.version, samples: model.sampleCount, at: formatDateTime(model.trainedAt) })} · {t('bot.triage.accuracy', { type: pct((model.metrics.typeAccuracy as number | null) ?? null), priority: pct((model.metrics.priorityAccuracy as number | null) ?? null) })}</p>}
    </Card>
  );
}

function SettingsCard({ settings }: { settings: BotSettings }) {
  const t = useT();
  const [form] = Form.useForm();
  const save = useUpdateBotSettings({ form });
  useEffect(() => form.setFieldsValue(settings), [settings, form]);
  return (
    <Card size="small" title={t('bot.settings')}>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="isEnabled" label={t('bot.enabled')} valuePropName="checked"><Switch /></Form.Item>
        <Flex gap={12}>
          <Form.Item name="answerThreshold" label={t('bot.answerThreshold')}><InputNumber min={0.05} max={1} step={0.05} /></Form.Item>
          <Form.Item name="suggestThreshold" label={t('bot.suggestThreshold')}><InputNumber min={0} max={1} step={0.05} /></Form.Item>
        </Flex>
        <Form.Item name="greetingZh" label={t('bot.greetingZh')}><Input maxLength={500} /></Form.Item>
        <Form.Item name="greetingEn" label={t('bot.greetingEn')}><Input maxLength={500} /></Form.Item>
        <Form.Item name="handoffWords" label={t('bot.handoffWords')}><Select mode="tags" /></Form.Item>
        <Form.Item name="providerUrl" label={t('bot.providerUrl')} extra={t('bot.providerHint')}><Input placeholder="https://…/v1" /></Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="providerKey" label={t('bot.providerKey')}><Input.Password autoComplete="off" /></Form.Item>
          <Form.Item name="providerModel" label={t('bot.providerModel')}><Input /></Form.Item>
          <Form.Item name="embeddingModel" label={t('bot.embeddingModel')}><Input /></Form.Item>
        </Flex>
        <Flex gap={24}>
          <Form.Item name="useEmbeddings" label={t('bot.useEmbeddings')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="useDrafts" label={t('bot.useDrafts')} valuePropName="checked"><Switch /></Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
}

function IntentsCard() {
  const t = useT();
  const intents = useIntents();
  const remove = useDeleteIntent();
  const [form] = Form.useForm<{ name: string; examples: string; replyZh: string; replyEn: string; action: 'reply' | 'handoff' }>();
  const create = useCreateIntent({ form });
  return (
    <Card size="small" title={t('bot.intents')}>
      <Table<Intent>
        rowKey="id"
        size="small"
        pagination={false}
        loading={intents.isPending}
        dataSource={intents.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bot.noIntents')} /> }}
        columns={[
          { title: t('bot.intentName'), dataIndex: 'name', render: (name: string) => <span translate="no">{name}</span> },
          { title: t('bot.intentAction'), dataIndex: 'action', render: (action: string) => labelOf(t, 'bot.action', action) },
          { title: t('bot.examples'), dataIndex: 'examples', render: (examples: string[]) => <span translate="no">{examples.slice(0, 3).join(' / ')}</span> },
          { title: '', key: 'remove', width: 90, render: (_: unknown, row) => <Button size="small" danger type="link" onClick={() => remove.mutate(row.id)}>{t('common.delete')}</Button> },
        ]}
      />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }} initialValues={{ action: 'reply' }} onFinish={(values) => create.mutate({ name: values.name, examples: values.examples.split('\n').map((line) => line.trim()).filter(Boolean), action: values.action, replyZh: values.replyZh, replyEn: values.replyEn }, { onSuccess: () => form.resetFields() })}>
        <Flex gap={12} wrap>
          <Form.Item name="name" label={t('bot.intentName')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="action" label={t('bot.intentAction')}><Select style={{ width: 140 }} options={(['reply', 'handoff'] as const).map((value) => ({ value, label: labelOf(t, 'bot.action', value) }))} /></Form.Item>
        </Flex>
        <Form.Item name="examples" label={t('bot.examples')} extra={t('bot.examplesHint')} rules={[{ required: true }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
        <Form.Item name="replyZh" label={t('bot.replyZh')}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="replyEn" label={t('bot.replyEn')}><Input.TextArea autoSize /></Form.Item>
        <Button htmlType="submit" loading={create.isPending}>{t('bot.addIntent')}</Button>
      </Form>
    </Card>
  );
}

function TryCard() {
  const t = useT();
  const [text, setText] = useState('');
  const attempt = useTryBot();
  return (
    <Card size="small" title={t('bot.try')}>
      <Input.Search value={text} onChange={(event) => setText(event.target.value)} enterButton={t('bot.tryAsk')} aria-label={t('bot.try')} onSearch={(value) => value.trim() && attempt.mutate(value)} loading={attempt.isPending} />
      {attempt.error && <div role="alert">{problemText(attempt.error, t)}</div>}
      {attempt.data && (
        <div style={{ marginTop: 8, whiteSpace: 'pre-wrap' }} data-testid="bot-try-result">
          <b>{labelOf(t, 'bot.outcome', attempt.data.outcome)}</b> ({pct(attempt.data.confidence)}){attempt.data.answer ? `\n${attempt.data.answer}` : ''}
        </div>
      )}
    </Card>
  );
}

const METRIC_CHANNELS = ['widget', 'portal', 'chat', 'email'] as const;

/** Where the bot met its customers: the widget, the portal's new requests, live chats and e-mail answers. */
function ChannelMetrics({ byChannel }: { byChannel: BotMetrics['byChannel'] }) {
  const t = useT();
  const rows = METRIC_CHANNELS.map((channel) => ({ channel, ...byChannel[channel] }));
  const share = (part: number, whole: number) => pct(whole === 0 ? null : part / whole);
  return (
    <Card size="small" title={t('bot.metrics.byChannel')} style={{ marginBottom: 12 }}>
      <Table
        data-testid="bot-metrics-channels"
        size="small"
        pagination={false}
        rowKey="channel"
        dataSource={rows}
        columns={[
          { title: t('bot.metrics.channel'), dataIndex: 'channel', render: (channel: (typeof METRIC_CHANNELS)[number]) => t(`bot.metrics.channel.${channel}`) },
          { title: t('bot.metrics.conversations'), dataIndex: 'conversations' },
          { title: t('bot.metrics.deflection'), key: 'deflected', render: (_, row) => `${row.deflected} · ${share(row.deflected, row.conversations)}` },
          { title: t('bot.metrics.handoff'), key: 'handedOff', render: (_, row) => `${row.handedOff} · ${share(row.handedOff, row.conversations)}` },
        ]}
      />
    </Card>
  );
}

/** The bot: metrics, settings and provider, intents, a try-out box, and triage training with its progress. */
export default function BotPage() {
  const t = useT();
  const settings = useBotSettings();
  const metrics = useBotMetrics();
  const m = metrics.data;
  return (
    <>
      <PageHeader title={t('bot.nav')} subtitle={t('bot.subtitle')} />
      <ErrorAlert error={settings.error ?? metrics.error} />
      {m && (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('bot.metrics.conversations')} value={m.conversations} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('bot.metrics.deflection')} value={pct(m.deflectionRate)} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('bot.metrics.handoff')} value={pct(m.handoffRate)} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('bot.metrics.accuracy')} value={pct(m.accuracy)} /></Card></Col>
        </Row>
      )}
      {m && <ChannelMetrics byChannel={m.byChannel} />}
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Flex vertical gap={12}>
            <TrainingCard />
            <TryCard />
            <IntentsCard />
          </Flex>
        </Col>
        <Col xs={24} lg={12}>{settings.data && <SettingsCard settings={settings.data} />}</Col>
      </Row>
    </>
  );
}
