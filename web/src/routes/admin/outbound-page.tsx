import { Button, Card, Empty, Flex, Form, Input, Popconfirm, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  useDeliveries,
  usePreviewTemplate,
  useResetTemplate,
  useRetryDelivery,
  useSaveTemplate,
  useTemplates,
  type Delivery,
  type DeliveryStatus,
  type MessageTemplate,
  type RenderedTemplate,
  type TemplateLocale,
  type TemplateText,
} from '../../modules/channels/index.ts';
import { EditorDrawer, ErrorAlert, formatDateTime, PageHeader, useT, type MessageKey } from '../../shared/index.ts';

const templateLabel = (name: string) => `channels.template.${name}` as MessageKey;

interface TemplateForm {
  subject: string;
  body: string;
  sms?: string | null;
  html?: string | null;
}

/** The rendered e-mail, shown as the recipient's client would: in a frame that runs nothing. */
function PreviewPane({ preview }: { preview: RenderedTemplate | undefined }) {
  const t = useT();
  if (!preview) return <Typography.Paragraph type="secondary">{t('channels.previewEmpty')}</Typography.Paragraph>;
  return (
    <div data-testid="template-preview" translate="no">
      <Typography.Paragraph strong>{preview.subject}</Typography.Paragraph>
      <iframe title={t('channels.previewTitle')} sandbox="" srcDoc={preview.html} style={{ width: '100%', height: 260, border: '1px solid #d9d9d9', borderRadius: 6, background: '#fff' }} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>
        {t('channels.sms')}: {preview.sms}
      </Typography.Paragraph>
    </div>
  );
}

function TemplateEditor({ template, onClose }: { template: MessageTemplate; onClose: () => void }) {
  const t = useT();
  const [locale, setLocale] = useState<TemplateLocale>('zh-CN');
  const [form] = Form.useForm<TemplateForm>();
  const save = useSaveTemplate({ form });
  const reset = useResetTemplate();
  const preview = usePreviewTemplate({ form });
  const version = template.locales[locale];

  const load = (next: TemplateLocale) => {
    setLocale(next);
    const text = template.locales[next];
    form.setFieldsValue({ subject: text.subject, body: text.body, sms: text.sms ?? '', html: text.html ?? '' });
    preview.reset();
  };
  const draft = (values: TemplateForm): TemplateText => ({ subject: values.subject, body: values.body, sms: values.sms || null, html: values.html || null });
  const submit = async () => save.mutate({ name: template.name, locale, text: draft(await form.validateFields()) });
  const showPreview = async () => preview.mutate({ name: template.name, locale, text: draft(await form.validateFields()) });

  return (
    <EditorDrawer open onClose={onClose} size={720} title={t('channels.editTemplate', { name: t(templateLabel(template.name)) })} saving={save.isPending} onSave={() => void submit()}>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        <span>{t('channels.language')}</span>
        <Segmented<TemplateLocale>
          value={locale}
          onChange={load}
          options={[
            { value: 'zh-CN', label: t('name.languageZh') },
            { value: 'en', label: t('name.languageEn') },
          ]}
        />
        {version.isCustomized ? <Tag color="blue">{t('channels.templateCustomized')}</Tag> : <Tag>{t('channels.templateDefault')}</Tag>}
      </Flex>
      <Typography.Paragraph type="secondary">
        {t('channels.placeholders')}:{' '}
        <span translate="no">
          {template.params.map((param) => (
            <Typography.Text key={param} code copyable={{ text: `{{${param}}}` }}>{`{{${param}}}`}</Typography.Text>
          ))}
        </span>
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="template"
        initialValues={{ subject: version.subject, body: version.body, sms: version.sms ?? '', html: version.html ?? '' }}
      >
        <Form.Item name="subject" label={t('channels.subject')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="body" label={t('channels.body')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} />
        </Form.Item>
        <Form.Item name="sms" label={t('channels.sms')} extra={t('channels.smsHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="html" label={t('channels.html')} extra={t('channels.htmlHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} style={{ fontFamily: 'ui-monospace, monospace' }} />
        </Form.Item>
      </Form>
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <Button onClick={() => void showPreview()} loading={preview.isPending}>
          {t('channels.preview')}
        </Button>
        <Popconfirm title={t('channels.resetConfirm')} onConfirm={() => reset.mutate({ name: template.name, locale }, { onSuccess: (fresh) => form.setFieldsValue({ ...fresh.locales[locale], sms: fresh.locales[locale].sms ?? '', html: fresh.locales[locale].html ?? '' }) })}>
          <Button disabled={!version.isCustomized} loading={reset.isPending}>
            {t('channels.resetTemplate')}
          </Button>
        </Popconfirm>
      </Flex>
      <Typography.Title level={5}>{t('channels.previewTitle')}</Typography.Title>
      <PreviewPane preview={preview.data} />
    </EditorDrawer>
  );
}

function TemplatesCard() {
  const t = useT();
  const templates = useTemplates();
  const [editing, setEditing] = useState<string>();
  const current = templates.data?.find((template) => template.name === editing);
  return (
    <Card title={t('channels.templates')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('channels.templatesHint')}</Typography.Paragraph>
      <ErrorAlert error={templates.error} />
      <Table<MessageTemplate>
        rowKey="name"
        loading={templates.isPending}
        dataSource={templates.data ?? []}
        pagination={false}
        columns={[
          { title: t('channels.templateName'), key: 'name', render: (_, template) => t(templateLabel(template.name)) },
          {
            title: t('channels.language'),
            key: 'locales',
            render: (_, template) => (
              <Flex gap={4}>
                {(['zh-CN', 'en'] as const).map((locale) => (
                  <Tag key={locale} color={template.locales[locale].isCustomized ? 'blue' : undefined}>
                    {locale === 'zh-CN' ? t('name.languageZh') : t('name.languageEn')} · {template.locales[locale].isCustomized ? t('channels.templateCustomized') : t('channels.templateDefault')}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, template) => (
              <Button size="small" onClick={() => setEditing(template.name)} aria-label={t('channels.editTemplate', { name: t(templateLabel(template.name)) })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {current && <TemplateEditor key={current.name} template={current} onClose={() => setEditing(undefined)} />}
    </Card>
  );
}

const STATUS_COLORS: Record<DeliveryStatus, string | undefined> = { queued: 'gold', sending: 'processing', sent: 'success', failed: 'error' };

function DeliveriesCard() {
  const t = useT();
  const [status, setStatus] = useState<DeliveryStatus | 'all'>('failed');
  const deliveries = useDeliveries(status === 'all' ? undefined : status);
  const retry = useRetryDelivery();
  return (
    <Card title={t('channels.deliveries')}>
      <Typography.Paragraph type="secondary">{t('channels.deliveriesHint')}</Typography.Paragraph>
      <Segmented<DeliveryStatus | 'all'>
        value={status}
        onChange={setStatus}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'failed', label: t('channels.deliveryStatus.failed') },
          { value: 'queued', label: t('channels.deliveryStatus.queued') },
          { value: 'sent', label: t('channels.deliveryStatus.sent') },
          { value: 'all', label: t('common.all') },
        ]}
      />
      <ErrorAlert error={deliveries.error} />
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={deliveries.isPending}
        dataSource={deliveries.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.noDeliveries')} /> }}
        columns={[
          { title: t('channels.createdAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
          { title: t('channels.channel'), dataIndex: 'channel', width: 90, render: (channel: Delivery['channel']) => t(`channels.kind.${channel}` as MessageKey) },
          { title: t('channels.templateName'), dataIndex: 'template', render: (template: string | null) => (template ? t(templateLabel(template)) : t('channels.reply')) },
          { title: t('channels.to'), dataIndex: 'toAddress', render: (to: string | null) => <span translate="no">{to ?? '—'}</span> },
          { title: t('channels.status'), dataIndex: 'status', width: 100, render: (value: DeliveryStatus) => <Tag color={STATUS_COLORS[value]}>{t(`channels.deliveryStatus.${value}` as MessageKey)}</Tag> },
          { title: t('channels.attempts'), dataIndex: 'attempts', width: 80 },
          { title: t('channels.lastError'), dataIndex: 'lastError', render: (error: string | null) => <span translate="no">{error ?? ''}</span> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_, delivery) =>
              delivery.status === 'failed' ? (
                <Button size="small" loading={retry.isPending && retry.variables === delivery.id} onClick={() => retry.mutate(delivery.id)}>
                  {t('channels.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

export default function OutboundPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('channels.navOutbound')} subtitle={t('channels.outboundSubtitle')} />
      <TemplatesCard />
      <DeliveriesCard />
    </>
  );
}
