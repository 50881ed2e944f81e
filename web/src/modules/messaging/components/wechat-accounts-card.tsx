import { Button, Card, Form, Input, Popconfirm, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime, useT } from '../../../shared/index.ts';
import type { CreatedWechatAccount, NewWechatAccount, WechatAccount } from '../api.ts';
import { useCreateWechatAccount, useDeleteWechatAccount, useUpdateWechatAccount, useWechatAccounts } from '../hooks.ts';
import { ChannelState } from './channel-state.tsx';
import { absoluteUrl, ShownOnce } from './shown-once.tsx';

type ConnectForm = { name: string; appId: string; appSecret: string; token?: string; encodingAesKey?: string };

/** The workspace's WeChat Official Accounts: connect one, the server URL and token to paste into the WeChat console, state. */
export function WechatAccountsCard() {
  const t = useT();
  const accounts = useWechatAccounts();
  const [form] = Form.useForm<ConnectForm>();
  const create = useCreateWechatAccount({ form });
  const update = useUpdateWechatAccount();
  const remove = useDeleteWechatAccount();
  const [created, setCreated] = useState<CreatedWechatAccount | null>(null);

  const connect = (values: ConnectForm) => {
    const body: NewWechatAccount = { name: values.name.trim(), appId: values.appId.trim(), appSecret: values.appSecret.trim(), encodingAesKey: values.encodingAesKey?.trim() || null };
    if (values.token?.trim()) body.token = values.token.trim();
    create.mutate(body, {
      onSuccess: (account) => {
        setCreated(account);
        form.resetFields();
      },
    });
  };

  return (
    <Card title={t('messaging.wechat.title')} style={{ marginBottom: 16 }} data-testid="wechat-accounts">
      <Typography.Paragraph type="secondary">{t('messaging.wechat.hint')}</Typography.Paragraph>
      {created && (
        <ShownOnce
          label={t('messaging.wechat.token')}
          value={created.token}
          hint={t('messaging.wechat.pasteHint', { url: absoluteUrl(created.serverUrl) })}
          onClose={() => setCreated(null)}
        />
      )}
      <Table<WechatAccount>
        rowKey="id"
        loading={accounts.isPending}
        dataSource={accounts.data ?? []}
        pagination={false}
        locale={{ emptyText: t('messaging.wechat.none') }}
        columns={[
          { title: t('messaging.name'), dataIndex: 'name', render: (name: string, account) => <><div translate="no">{name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }} translate="no">{account.appId}{account.safeMode ? ` · ${t('messaging.wechat.safeMode')}` : ''}</Typography.Text></> },
          { title: t('messaging.wechat.serverUrl'), dataIndex: 'serverUrl', render: (url: string) => <Typography.Text copyable style={{ fontSize: 12 }} translate="no">{absoluteUrl(url)}</Typography.Text> },
          { title: t('messaging.state'), key: 'state', render: (_, account) => <ChannelState lastAt={account.lastMessageAt} lastError={account.lastError} lastErrorAt={account.lastErrorAt} /> },
          {
            title: t('messaging.active'),
            dataIndex: 'isActive',
            width: 90,
            render: (isActive: boolean, account) => (
              <Switch checked={isActive} aria-label={t('messaging.activeFor', { name: account.name })} loading={update.isPending && update.variables?.id === account.id} onChange={(checked) => update.mutate({ id: account.id, isActive: checked })} />
            ),
          },
          { title: t('messaging.added'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_, account) => (
              <Popconfirm title={t('messaging.wechat.removeConfirm', { name: account.name })} onConfirm={() => remove.mutate(account.id)}>
                <Button size="small" danger>
                  {t('common.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Form form={form} layout="vertical" onFinish={connect} style={{ marginTop: 16, maxWidth: 640 }} aria-label={t('messaging.wechat.connect')}>
        <Form.Item name="name" label={t('messaging.name')} rules={[{ required: true, message: t('form.required') }]}>
          <Input placeholder={t('messaging.wechat.nameExample')} />
        </Form.Item>
        <Form.Item name="appId" label={t('messaging.wechat.appId')} rules={[{ required: true, message: t('form.required') }]}>
          <Input placeholder="wx1234567890abcdef" autoComplete="off" />
        </Form.Item>
        <Form.Item name="appSecret" label={t('messaging.wechat.appSecret')} rules={[{ required: true, message: t('form.required') }]} extra={t('messaging.wechat.secretHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="token" label={t('messaging.wechat.token')} extra={t('messaging.wechat.tokenHint')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="encodingAesKey" label={t('messaging.wechat.aesKey')} extra={t('messaging.wechat.aesHint')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('messaging.wechat.connect')}
        </Button>
      </Form>
    </Card>
  );
}
