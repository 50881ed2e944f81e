import { Alert, Button, Card, Form, Input, Popconfirm, Skeleton, Space, Switch, Table, Typography } from 'antd';
import { ImapAccountsCard, NoticeSettingsCard, SmsGatewayCard, useCreateMailbox, useDeleteMailbox, useEmailSettings, useMailboxes, useUpdateEmailSettings, useUpdateMailbox, type EmailSettings, type Mailbox } from '../../modules/channels/index.ts';
import { ErrorAlert, formatDateTime, PageHeader, useT } from '../../shared/index.ts';

function MailboxesCard() {
  const t = useT();
  const mailboxes = useMailboxes();
  const [form] = Form.useForm<{ address: string; displayName?: string }>();
  const create = useCreateMailbox({ form });
  const update = useUpdateMailbox();
  const remove = useDeleteMailbox();

  const add = (values: { address: string; displayName?: string }) =>
    create.mutate({ address: values.address.trim(), displayName: values.displayName?.trim() || undefined }, { onSuccess: () => form.resetFields() });

  return (
    <Card title={t('email.mailboxes')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('email.mailboxesHint')}</Typography.Paragraph>
      <ErrorAlert error={mailboxes.error} />
      <Table<Mailbox>
        rowKey="id"
        loading={mailboxes.isPending}
        dataSource={mailboxes.data ?? []}
        pagination={false}
        locale={{ emptyText: t('email.noMailboxes') }}
        columns={[
          { title: t('email.address'), dataIndex: 'address', render: (address: string) => <Typography.Text copyable>{address}</Typography.Text> },
          { title: t('email.displayName'), dataIndex: 'displayName' },
          {
            title: t('email.receiving'),
            dataIndex: 'isActive',
            width: 120,
            render: (isActive: boolean, mailbox) => (
              <Switch checked={isActive} aria-label={t('email.receivingFor', { address: mailbox.address })} loading={update.isPending && update.variables?.id === mailbox.id} onChange={(checked) => update.mutate({ id: mailbox.id, isActive: checked })} />
            ),
          },
          { title: t('email.added'), dataIndex: 'createdAt', width: 160, render: (value: string) => formatDateTime(value) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, mailbox) => (
              <Popconfirm title={t('email.removeConfirm', { address: mailbox.address })} onConfirm={() => remove.mutate(mailbox.id)}>
                <Button size="small" danger>
                  {t('common.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Form form={form} layout="inline" onFinish={add} style={{ marginTop: 16, rowGap: 8 }} aria-label={t('email.addMailbox')}>
        <Form.Item name="address" label={t('email.address')} rules={[{ required: true, message: t('form.required') }]}>
          <Input placeholder="support@example.com" style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="displayName" label={t('email.displayName')}>
          <Input placeholder={t('email.displayNameExample')} style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('email.addMailbox')}
        </Button>
      </Form>
    </Card>
  );
}

function OutboundCard() {
  const t = useT();
  const settings = useEmailSettings();
  const [form] = Form.useForm<{ relayUrl: string; fromName: string }>();
  const update = useUpdateEmailSettings({ form });

  const save = (values: { relayUrl: string; fromName: string }) => update.mutate({ relayUrl: values.relayUrl?.trim() ? values.relayUrl.trim() : null, fromName: values.fromName ?? '' });
  const current: EmailSettings | undefined = settings.data;

  return (
    <Card title={t('email.outbound')} style={{ marginBottom: 16, maxWidth: 720 }}>
      <ErrorAlert error={settings.error} />
      {current ? (
        <>
          {!current.relayUrl && !current.hasDefaultRelay && <Alert type="warning" showIcon title={t('email.noRelay')} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" initialValues={{ relayUrl: current.relayUrl ?? '', fromName: current.fromName }} onFinish={save}>
            <Form.Item name="relayUrl" label={t('email.relayUrl')} extra={current.hasDefaultRelay ? t('email.relayUrlHintDefault') : t('email.relayUrlHint')}>
              <Input placeholder="smtp://user:password@smtp.example.com:587" autoComplete="off" />
            </Form.Item>
            <Form.Item name="fromName" label={t('email.fromName')} extra={t('email.fromNameHint')}>
              <Input style={{ width: 320 }} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={update.isPending}>
                {t('common.save')}
              </Button>
            </Space>
          </Form>
        </>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}

export default function EmailPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('nav.email')} subtitle={t('email.subtitle')} />
      <MailboxesCard />
      <ImapAccountsCard />
      <OutboundCard />
      <NoticeSettingsCard />
      <SmsGatewayCard />
    </>
  );
}
