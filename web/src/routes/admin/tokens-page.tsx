import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useApiTokens, useCreateToken, useRevokeToken, useUserNames, type ApiToken } from '../../modules/identity/index.ts';
import { ErrorAlert, formatDateTime, labelOf, PageHeader, PERMISSIONS, useT } from '../../shared/index.ts';

export default function TokensPage() {
  const t = useT();
  const userName = useUserNames();
  const tokens = useApiTokens();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [form] = Form.useForm<{ name: string; scopes: string[]; expiresAt?: Dayjs | null }>();
  const createToken = useCreateToken({ form });
  const revoke = useRevokeToken();

  const create = async () => {
    const values = await form.validateFields();
    createToken.mutate(
      { name: values.name, scopes: values.scopes, expiresAt: values.expiresAt ? values.expiresAt.toISOString() : null },
      {
        onSuccess: (result) => {
          setOpen(false);
          form.resetFields();
          setSecret(result.token);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title={t('nav.apiTokens')}
        subtitle={t('tokens.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
            {t('tokens.create')}
          </Button>
        }
      />
      <ErrorAlert error={tokens.error} />
      <Table<ApiToken>
        rowKey="id"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name', render: (name: string, token) => (<><Typography.Text strong>{name}</Typography.Text> <Typography.Text code>{token.tokenPrefix}…</Typography.Text></>) },
          { title: t('tokens.scopes'), dataIndex: 'scopes', render: (scopes: string[]) => scopes.map((scope) => <Tag key={scope}>{labelOf(t, 'permission', scope)}</Tag>) },
          { title: t('tokens.createdBy'), dataIndex: 'createdBy', width: 140, render: (id: string) => userName(id) },
          { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', width: 150, render: (value: string | null) => (value ? formatDateTime(value) : t('tokens.never')) },
          { title: t('tokens.expires'), dataIndex: 'expiresAt', width: 150, render: (value: string | null) => (value ? formatDateTime(value) : t('tokens.noExpiry')) },
          {
            title: t('users.status'),
            key: 'status',
            width: 110,
            render: (_, token) =>
              token.revokedAt ? <Tag>{t('tokens.statusRevoked')}</Tag> : token.expiresAt && new Date(token.expiresAt) < new Date() ? <Tag color="orange">{t('tokens.statusExpired')}</Tag> : <Tag color="success">{t('users.active')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, token) =>
              !token.revokedAt && (
                <Popconfirm title={t('tokens.revokeConfirm')} onConfirm={() => revoke.mutate(token.id)}>
                  <Button size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={open} title={t('tokens.create')} onCancel={() => setOpen(false)} onOk={() => void create()} okText={t('tokens.createSubmit')} cancelText={t('common.cancel')} confirmLoading={createToken.isPending} width={560}>
        <Form form={form} layout="vertical" initialValues={{ scopes: ['tickets.read'] }}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder={t('tokens.nameExample')} />
          </Form.Item>
          <Form.Item name="scopes" label={t('tokens.scopes')}>
            <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6 }} options={PERMISSIONS.map((scope) => ({ value: scope, label: labelOf(t, 'permission', scope) }))} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('tokens.expires')}>
            <DatePicker showTime style={{ width: '100%' }} placeholder={t('tokens.noExpiry')} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!secret} title={t('tokens.secretTitle')} onCancel={() => setSecret(undefined)} footer={<Button type="primary" onClick={() => setSecret(undefined)}>{t('common.done')}</Button>}>
        <Alert type="warning" showIcon title={t('tokens.secretWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret }} code style={{ wordBreak: 'break-all' }} data-testid="token-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
