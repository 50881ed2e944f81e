import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Statistic, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useCampaigns, useCreateCampaign, useKindResults, useKindThemes, useRunCampaign, useSurveyTemplates, type Campaign, type SurveyKind } from '../../modules/surveys/index.ts';
import { SurveyTemplatesTab } from './survey-templates.tsx';
import { ErrorAlert, formatDateTime, PageHeader, useT, type MessageKey } from '../../shared/index.ts';

const THIS_YEAR = { from: `${new Date().getFullYear()}-01-01T00:00:00Z`, to: `${new Date().getFullYear() + 1}-01-01T00:00:00Z` };
const SCHEDULES: { months: number; label: MessageKey }[] = [
  { months: 0, label: 'surveys.scheduleOnce' },
  { months: 1, label: 'surveys.scheduleMonthly' },
  { months: 3, label: 'surveys.scheduleQuarterly' },
  { months: 6, label: 'surveys.scheduleHalfYearly' },
  { months: 12, label: 'surveys.scheduleYearly' },
];

/** Surveys for supervisors: NPS campaigns (create, run, what came back) and CSAT and NPS results with comment themes. */
export default function SurveysPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('surveys.nav')} />
      <Tabs
        items={[
          { key: 'campaigns', label: t('surveys.tabs.campaigns'), children: <CampaignsTab /> },
          { key: 'templates', label: t('surveys.templates'), children: <SurveyTemplatesTab /> },
          { key: 'results', label: t('surveys.tabs.results'), children: <ResultsTab /> },
        ]}
      />
    </>
  );
}

interface CampaignForm {
  name: string;
  segmentTag?: string;
  samplePercent: number;
  windowDays: number;
  everyMonths: number;
  startAt?: Dayjs;
  templateId?: string;
}

function CampaignsTab() {
  const t = useT();
  const campaigns = useCampaigns();
  const templates = useSurveyTemplates();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CampaignForm>();
  const create = useCreateCampaign({ form });
  const run = useRunCampaign();
  const [lastRun, setLastRun] = useState<{ sent: number; skipped: number }>();
  const open = () => {
    form.resetFields();
    form.setFieldsValue({ samplePercent: 100, windowDays: 90, everyMonths: 3, templateId: '' });
    setCreating(true);
  };
  const submit = async () => {
    const values = await form.validateFields();
    create.mutate(
      { name: values.name, segmentTag: values.segmentTag?.trim() || null, samplePercent: values.samplePercent, windowDays: values.windowDays, everyMonths: values.everyMonths || null, startAt: values.startAt?.toISOString(), templateId: values.templateId || null },
      { onSuccess: () => setCreating(false) },
    );
  };
  const npsTemplates = (templates.data ?? []).filter((template) => template.kind === 'nps');
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={open}>
          {t('surveys.campaignCreate')}
        </Button>
      </Flex>
      <ErrorAlert error={campaigns.error} />
      {lastRun && <Alert type="success" showIcon closable onClose={() => setLastRun(undefined)} style={{ marginBottom: 12 }} title={t('surveys.runDone', lastRun)} />}
      <Table<Campaign>
        data-testid="nps-campaigns"
        rowKey="id"
        loading={campaigns.isPending}
        dataSource={campaigns.data ?? []}
        pagination={false}
        locale={{ emptyText: t('surveys.noCampaigns') }}
        columns={[
          { title: t('surveys.campaignName'), render: (_value, campaign) => <strong translate="no">{campaign.name}</strong> },
          { title: t('surveys.segmentTag'), render: (_value, campaign) => (campaign.segmentTag ? <Tag translate="no">{campaign.segmentTag}</Tag> : t('surveys.segmentEveryone')) },
          { title: t('surveys.samplePercent'), dataIndex: 'samplePercent', width: 90 },
          { title: t('surveys.schedule'), render: (_value, campaign) => t(SCHEDULES.find((schedule) => schedule.months === (campaign.everyMonths ?? 0))?.label ?? 'surveys.scheduleOnce') },
          { title: t('surveys.lastRun'), render: (_value, campaign) => (campaign.lastRunAt ? formatDateTime(campaign.lastRunAt) : '—') },
          { title: t('surveys.nextRun'), render: (_value, campaign) => (campaign.nextRunAt ? formatDateTime(campaign.nextRunAt) : '—') },
          { title: t('surveys.sent'), dataIndex: 'sent', width: 80 },
          { title: t('surveys.answered'), dataIndex: 'answered', width: 80 },
          { title: t('surveys.npsScore'), width: 80, render: (_value, campaign) => <strong data-testid="nps-score">{campaign.npsScore ?? '—'}</strong> },
          {
            title: t('common.actions'),
            width: 120,
            render: (_value, campaign) => (
              <Button size="small" icon={<PlayCircleOutlined aria-hidden />} loading={run.isPending && run.variables === campaign.id} onClick={() => run.mutate(campaign.id, { onSuccess: setLastRun })}>
                {t('surveys.runNow')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('surveys.campaignCreate')} onCancel={() => setCreating(false)} onOk={() => void submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} forceRender>
        <Form form={form} layout="vertical" name="nps-campaign">
          <Form.Item name="name" label={t('surveys.campaignName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="segmentTag" label={t('surveys.segmentTag')} extra={t('surveys.segmentHint')}>
            <Input maxLength={100} />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="samplePercent" label={t('surveys.samplePercent')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={1} max={100} precision={0} />
            </Form.Item>
            <Form.Item name="windowDays" label={t('surveys.windowDays')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={1} max={3650} precision={0} />
            </Form.Item>
          </Flex>
          <Form.Item name="everyMonths" label={t('surveys.schedule')}>
            <Select options={SCHEDULES.map((schedule) => ({ value: schedule.months, label: t(schedule.label) }))} />
          </Form.Item>
          <Form.Item name="startAt" label={t('surveys.startAt')} extra={t('surveys.startNow')}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="templateId" label={t('surveys.template')}>
            <Select options={[{ value: '', label: t('surveys.templateNone') }, ...npsTemplates.map((template) => ({ value: template.id, label: template.name }))]} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ResultsTab() {
  const t = useT();
  const [kind, setKind] = useState<SurveyKind>('csat');
  const [groupBy, setGroupBy] = useState<'agent' | 'team'>('agent');
  const results = useKindResults(kind, THIS_YEAR, groupBy);
  const themes = useKindThemes(kind, THIS_YEAR);
  const data = results.data;
  return (
    <section data-testid="survey-results">
      <Flex gap={12} style={{ marginBottom: 12 }}>
        <Segmented value={kind} onChange={(value) => setKind(value as SurveyKind)} options={(['csat', 'nps'] as const).map((value) => ({ value, label: t(`surveys.kind.${value}`) }))} />
        <Segmented value={groupBy} onChange={(value) => setGroupBy(value as 'agent' | 'team')} options={(['agent', 'team'] as const).map((value) => ({ value, label: t(`surveys.groupBy.${value}`) }))} />
      </Flex>
      <ErrorAlert error={results.error ?? themes.error} />
      {data && (
        <Flex gap={32} style={{ marginBottom: 16 }} wrap>
          <Statistic title={t(`surveys.headline.${kind}`)} value={data.headline ?? '—'} />
          <Statistic title={t('surveys.average')} value={data.average ?? '—'} />
          <Statistic title={t('surveys.responseRate')} value={data.responseRate ?? '—'} suffix={data.responseRate === null ? undefined : '%'} />
          <Statistic title={t('surveys.answered')} value={t('surveys.summary', { answered: data.answered, sent: data.sent })} />
        </Flex>
      )}
      {kind === 'csat' && (
        <Table
          rowKey={(row) => row.id ?? 'none'}
          size="small"
          pagination={false}
          dataSource={data?.groups ?? []}
          columns={[
            { title: t('surveys.group'), render: (_value, row) => <span translate="no">{row.name || '—'}</span> },
            { title: t('surveys.answered'), dataIndex: 'answered' },
            { title: t('surveys.average'), render: (_value, row) => row.average ?? '—' },
            { title: t('surveys.headline.csat'), render: (_value, row) => row.headline ?? '—' },
          ]}
        />
      )}
      <h3>{t('surveys.themes')}</h3>
      {(themes.data?.themes ?? []).length === 0 ? (
        <p>{t('surveys.noThemes')}</p>
      ) : (
        <ul>
          {themes.data!.themes.map((theme) => (
            <li key={theme.term} title={theme.examples.join('\n')}>
              {t('surveys.themeRow', { term: theme.term, count: theme.count, average: Math.round(theme.averageScore * 10) / 10 })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
