import { Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { labelOf, useT } from '../../../shared/index.ts';
import type { HookConnection, HookConnectionSecret } from '../api.ts';
import { useCreateHookConnection, useDeleteHookConnection, useHookConnections, useRotateHookSecret, useUpdateHookConnection } from '../hooks.ts';
import { ChannelState } from './channel-state.tsx';
import { absoluteUrl, ShownOnce } from './shown-once.tsx';

type CreateForm = { kind: 'webhook' | 'phone'; name: string; replyUrl?: string };

/** Signed webhook connections (messaging apps) and telephony connections: URL, secret shown once, rotation, state. */
export function HookConnectionsCard() {
  const t = useT();
  const connections = useHookConnections();
  const [form] = Form.useForm<CreateForm>();
  const kind = Form.useWatch('kind', form) ?? 'webhook';
  const create = useCreateHookConnection({ form });
  const update = useUpdateHookConnection();
  const rotate = useRotateHookSecret();
  const remove = useDeleteHookConnection();
  const [secret, setSecret] = useState<HookConnectionSecret | null>(null);

  const add = (values: CreateForm) =>
    create.mutate(
      { kind: values.kind, name: values.name.trim(), replyUrl: values.kind === 'webhook' && values.replyUrl?.trim() ? values.replyUrl.trim() : null },
      {
        onSuccess: (connection) => {
          setSecret(connection);
          form.resetFields();
        },
      },
    );

  return (
    <Card title={t('messaging.hooks.title')} data-testid="hook-connections">
      <Typography.Paragraph type="secondary">{t('messaging.hooks.hint')}</Typography.Paragraph>
      {secret && <ShownOnce label={t('messaging.hooks.secret')} value={secret.secret} hint={t('messaging.hooks.secretHint', { url: absoluteUrl(secret.inboundUrl) })} onClose={() => setSecret(null)} />}
      <Table<HookConnection>
        rowKey="id"
        loading={connections.isPending}
        dataSource={connections.data ?? []}
        pagination={false}
        locale={{ emptyText: t('messaging.hooks.none') }}
        columns={[
          { title: t('messaging.name'), dataIndex: 'name', render: (name: string, connection) => <><div translate="no">{name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{labelOf(t, 'messaging.kind', connection.kind)}</Typography.Text></> },
          {
            title: t('messaging.hooks.urls'),
            key: 'urls',
            render: (_, connection) => (
              <div style={{ fontSize: 12 }}>
                <Typography.Text copyable translate="no">{absoluteUrl(connection.inboundUrl)}</Typography.Text>
                {connection.replyUrl && <div translate="no">→ {connection.replyUrl}</div>}
                {connection.previousSecretValidUntil && <div>{t('messaging.hooks.previousSecretUntil', { time: new Date(connection.previousSecretValidUntil).toLocaleString() })}</div>}
              </div>
            ),
          },
          { title: t('messaging.state'), key: 'state', render: (_, connection) => <ChannelState lastAt={connection.lastReceivedAt} lastError={connection.lastError} lastErrorAt={connection.lastErrorAt} /> },
          {
            title: t('messaging.active'),
            dataIndex: 'isActive',
            width: 90,
            render: (isActive: boolean, connection) => (
              <Switch checked={isActive} aria-label={t('messaging.activeFor', { name: connection.name })} loading={update.isPending && update.variables?.id === connection.id} onChange={(checked) => update.mutate({ id: connection.id, isActive: checked })} />
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            render: (_, connection) => (
              <Space>
                <Popconfirm title={t('messaging.hooks.rotateConfirm')} onConfirm={() => rotate.mutate(connection.id, { onSuccess: setSecret })}>
                  <Button size="small">{t('messaging.hooks.rotate')}</Button>
                </Popconfirm>
                <Popconfirm title={t('messaging.hooks.removeConfirm', { name: connection.name })} onConfirm={() => remove.mutate(connection.id)}>
                  <Button size="small" danger>
                    {t('common.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Form form={form} layout="vertical" initialValues={{ kind: 'webhook' }} onFinish={add} style={{ marginTop: 16, maxWidth: 640 }} aria-label={t('messaging.hooks.create')}>
        <Form.Item name="kind" label={t('messaging.hooks.kind')}>
          <Select options={(['webhook', 'phone'] as const).map((value) => ({ value, label: labelOf(t, 'messaging.kind', value) }))} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="name" label={t('messaging.name')} rules={[{ required: true, message: t('form.required') }]}>
          <Input placeholder={t('messaging.hooks.nameExample')} />
        </Form.Item>
        {kind === 'webhook' && (
          <Form.Item name="replyUrl" label={t('messaging.hooks.replyUrl')} extra={t('messaging.hooks.replyUrlHint')}>
            <Input placeholder="https://bridge.example.com/kefu/replies" autoComplete="off" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('messaging.hooks.create')}
        </Button>
      </Form>
    </Card>
  );
}
