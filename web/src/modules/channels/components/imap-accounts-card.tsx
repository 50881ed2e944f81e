import { Alert, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Typography, theme } from 'antd';
import { useState } from 'react';
import { EditorDrawer, RelativeTime, useT } from '../../../shared/index.ts';
import type { ImapAccount, ImapAccountInput, ImapTestResult } from '../api.ts';
import { useDeleteImapAccount, useImapAccounts, useMailboxes, useSaveImapAccount, useTestImapAccount } from '../hooks.ts';

type AccountForm = { mailboxId: string; host: string; port: number; secure: boolean; username: string; password?: string; folder?: string };

const NEW_ACCOUNT: Partial<AccountForm> = { port: 993, secure: true, folder: 'INBOX' };

/** The body the API takes for an account: every field again (PUT), the password only when one was typed. */
function accountBody(values: AccountForm, isActive: boolean): ImapAccountInput {
  return {
    mailboxId: values.mailboxId,
    host: values.host.trim(),
    port: values.port,
    secure: values.secure,
    username: values.username.trim(),
    folder: values.folder?.trim() || 'INBOX',
    isActive,
    ...(values.password ? { password: values.password } : {}),
  };
}

function TestOutcome({ result }: { result: ImapTestResult }) {
  const t = useT();
  if (!result.ok) return <Alert type="error" showIcon title={t('channels.imap.testFailed')} description={<span translate="no">{result.error}</span>} />;
  const reading = result.idle ? t('channels.imap.testIdle') : t('channels.imap.testPolled');
  return <Alert type="success" showIcon title={t('channels.imap.testOk', { count: result.messages ?? 0 })} description={reading} />;
}

function AccountState({ account }: { account: ImapAccount }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <div style={{ fontSize: 12 }}>
      <div>{account.lastSyncedAt ? <>{t('channels.imap.lastRead')} <RelativeTime value={account.lastSyncedAt} /></> : <span style={{ color: token.colorTextTertiary }}>{t('channels.imap.notReadYet')}</span>}</div>
      {account.lastError && (
        <div style={{ color: token.colorErrorText }} role="status">
          {t('channels.imap.lastError')}: <span translate="no">{account.lastError}</span>
        </div>
      )}
    </div>
  );
}

/** Adds or changes one account; "Test connection" tries the settings on screen (the stored password when none is typed). */
function ImapAccountEditor({ account, open, onClose }: { account: ImapAccount | null; open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<AccountForm>();
  const mailboxes = useMailboxes();
  const save = useSaveImapAccount({ form });
  const test = useTestImapAccount({ form });
  const [result, setResult] = useState<ImapTestResult | null>(null);

  const submit = (values: AccountForm) => save.mutate({ id: account?.id, account: accountBody(values, account?.isActive ?? true) }, { onSuccess: onClose });
  const runTest = async () => {
    setResult(null);
    const values = await form.validateFields(['host', 'port', 'username']).then(() => form.getFieldsValue());
    const { mailboxId: _filedAs, isActive: _active, ...connection } = accountBody(values, true);
    test.mutate({ ...connection, ...(account ? { accountId: account.id } : {}) }, { onSuccess: setResult });
  };
  const initialValues: Partial<AccountForm> = account ? { mailboxId: account.mailboxId, host: account.host, port: account.port, secure: account.secure, username: account.username, folder: account.folder } : NEW_ACCOUNT;

  return (
    <EditorDrawer open={open} onClose={onClose} size={520} title={account ? t('channels.imap.editTitle', { username: account.username }) : t('channels.imap.add')} saving={save.isPending} onSave={() => form.submit()}>
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={submit} onValuesChange={() => setResult(null)} aria-label={t('channels.imap.formLabel')}>
        <Form.Item name="mailboxId" label={t('channels.imap.filedAs')} extra={t('channels.imap.filedAsHint')} rules={[{ required: true, message: t('form.required') }]}>
          <Select loading={mailboxes.isPending} options={(mailboxes.data ?? []).map((mailbox) => ({ value: mailbox.id, label: mailbox.address }))} notFoundContent={t('channels.imap.noMailbox')} />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="host" label={t('channels.imap.host')} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder="imap.example.com" autoComplete="off" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="port" label={t('channels.imap.port')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={1} max={65535} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="secure" label={t('channels.imap.secure')} valuePropName="checked" tooltip={t('channels.imap.secureHint')}>
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="username" label={t('channels.imap.username')} rules={[{ required: true, message: t('form.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('channels.imap.password')}
          extra={account?.hasPassword ? t('channels.imap.passwordKept') : undefined}
          rules={account?.hasPassword ? [] : [{ required: true, message: t('form.required') }]}
        >
          <Input.Password autoComplete="new-password" placeholder={account?.hasPassword ? '********' : undefined} />
        </Form.Item>
        <Form.Item name="folder" label={t('channels.imap.folder')}>
          <Input placeholder="INBOX" autoComplete="off" style={{ width: 240 }} />
        </Form.Item>
      </Form>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button onClick={() => void runTest()} loading={test.isPending}>
          {t('channels.imap.test')}
        </Button>
        {result && <TestOutcome result={result} />}
      </Space>
    </EditorDrawer>
  );
}

/** Existing mailboxes Kefu reads over IMAP, besides its own SMTP listener. */
export function ImapAccountsCard() {
  const t = useT();
  const accounts = useImapAccounts();
  const mailboxes = useMailboxes();
  const pause = useSaveImapAccount();
  const remove = useDeleteImapAccount();
  const [editing, setEditing] = useState<{ account: ImapAccount | null } | null>(null);
  const addressOf = (mailboxId: string) => mailboxes.data?.find((mailbox) => mailbox.id === mailboxId)?.address ?? '—';
  const setActive = (account: ImapAccount, isActive: boolean) =>
    pause.mutate({ id: account.id, account: { mailboxId: account.mailboxId, host: account.host, port: account.port, secure: account.secure, username: account.username, folder: account.folder, isActive } });

  return (
    <Card title={t('channels.imap.title')} style={{ marginBottom: 16 }} extra={<Button onClick={() => setEditing({ account: null })}>{t('channels.imap.add')}</Button>} data-testid="imap-accounts">
      <Typography.Paragraph type="secondary">{t('channels.imap.hint')}</Typography.Paragraph>
      <Table<ImapAccount>
        rowKey="id"
        loading={accounts.isPending}
        dataSource={accounts.data ?? []}
        pagination={false}
        locale={{ emptyText: t('channels.imap.none') }}
        columns={[
          {
            title: t('channels.imap.mailbox'),
            key: 'server',
            render: (_, account) => (
              <>
                <div translate="no">{account.username}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} translate="no">
                  {account.host}:{account.port} · {account.folder} · {account.secure ? 'TLS' : 'STARTTLS'}
                </Typography.Text>
              </>
            ),
          },
          { title: t('channels.imap.filedAs'), dataIndex: 'mailboxId', render: (mailboxId: string) => <span translate="no">{addressOf(mailboxId)}</span> },
          { title: t('channels.imap.state'), key: 'state', render: (_, account) => <AccountState account={account} /> },
          {
            title: t('channels.imap.reading'),
            dataIndex: 'isActive',
            width: 100,
            render: (isActive: boolean, account) => (
              <Switch checked={isActive} aria-label={t('channels.imap.readingFor', { username: account.username })} loading={pause.isPending && pause.variables?.id === account.id} onChange={(checked) => setActive(account, checked)} />
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 160,
            render: (_, account) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ account })} aria-label={t('channels.imap.editTitle', { username: account.username })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('channels.imap.removeConfirm', { username: account.username })} onConfirm={() => remove.mutate(account.id)}>
                  <Button size="small" danger>
                    {t('common.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <ImapAccountEditor key={editing?.account?.id ?? 'new'} open={editing !== null} account={editing?.account ?? null} onClose={() => setEditing(null)} />
    </Card>
  );
}
