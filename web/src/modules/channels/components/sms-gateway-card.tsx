import { Button, Card, Form, Input, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { ErrorAlert, useT } from '../../../shared/index.ts';
import type { SmsGateway } from '../api.ts';
import { useDeleteSmsGateway, useSaveSmsGateway, useSmsGateway } from '../hooks.ts';

type GatewayForm = { url: string; apiKey?: string; sender?: string };

function GatewayForm({ gateway }: { gateway: SmsGateway | null }) {
  const t = useT();
  const [form] = Form.useForm<GatewayForm>();
  const save = useSaveSmsGateway({ form });
  const remove = useDeleteSmsGateway();

  const submit = (values: GatewayForm) =>
    save.mutate({ url: values.url.trim(), sender: values.sender?.trim() ?? '', ...(values.apiKey ? { apiKey: values.apiKey } : {}) }, { onSuccess: () => form.setFieldValue('apiKey', '') });

  return (
    <Form form={form} layout="vertical" initialValues={{ url: gateway?.url ?? '', sender: gateway?.sender ?? '', apiKey: '' }} onFinish={submit} aria-label={t('channels.smsGateway.title')}>
      <Form.Item name="url" label={t('channels.smsGateway.url')} extra={t('channels.smsGateway.urlHint')} rules={[{ required: true, message: t('form.required') }]}>
        <Input placeholder="https://sms.example.com/send" autoComplete="off" />
      </Form.Item>
      <Form.Item name="apiKey" label={t('channels.smsGateway.apiKey')} extra={gateway?.hasApiKey ? t('channels.smsGateway.apiKeyKept') : t('channels.smsGateway.apiKeyHint')}>
        <Input.Password autoComplete="new-password" placeholder={gateway?.hasApiKey ? '********' : undefined} />
      </Form.Item>
      <Form.Item name="sender" label={t('channels.smsGateway.sender')} extra={t('channels.smsGateway.senderHint')}>
        <Input style={{ width: 240 }} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        {gateway && (
          <Popconfirm title={t('channels.smsGateway.removeConfirm')} onConfirm={() => remove.mutate(undefined, { onSuccess: () => form.resetFields() })}>
            <Button danger loading={remove.isPending}>
              {t('common.remove')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Form>
  );
}

/** The HTTP gateway SMS notices go through; its key is stored and never shown again. */
export function SmsGatewayCard() {
  const t = useT();
  const gateway = useSmsGateway();
  return (
    <Card title={t('channels.smsGateway.title')} style={{ marginBottom: 16, maxWidth: 720 }} data-testid="sms-gateway">
      <Typography.Paragraph type="secondary">{t('channels.smsGateway.hint')}</Typography.Paragraph>
      <ErrorAlert error={gateway.error} />
      {gateway.isPending ? <Skeleton active /> : <GatewayForm key={gateway.data ? 'set' : 'none'} gateway={gateway.data ?? null} />}
    </Card>
  );
}
