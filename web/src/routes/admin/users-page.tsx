import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { SkillsEditor, useCreateUser, useRequiredSession, useTeams, useUpdateUser, useUsers, type NewUser, type User, type UserUpdate } from '../../modules/identity/index.ts';
import { EditorDrawer, ErrorAlert, formatDate, labelOf, PageHeader, type Role, ROLES, useLocaleOptions, useT } from '../../shared/index.ts';

const ROLE_COLORS: Record<Role, string> = { admin: 'red', supervisor: 'gold', agent: 'blue', specialist: 'cyan', analyst: 'purple' };

export default function UsersPage() {
  const t = useT();
  const session = useRequiredSession();
  const users = useUsers();
  const teams = useTeams();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [editing, setEditing] = useState<User | undefined>();
  const [roleFilter, setRoleFilter] = useState<Role | undefined>();
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState('');

  const teamName = (id: string) => teams.data?.find((team) => team.id === id)?.name ?? '…';
  const roleOptions = ROLES.map((role) => ({ value: role, label: labelOf(t, 'role', role) }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: `${team.name} · ${labelOf(t, 'teamKind', team.kind)}` }));

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (users.data ?? []).filter(
      (user) =>
        (showInactive || user.isActive) &&
        (!roleFilter || user.role === roleFilter) &&
        (!needle || user.name.toLowerCase().includes(needle) || user.email.toLowerCase().includes(needle)),
    );
  }, [users.data, search, roleFilter, showInactive]);

  const setActive = useUpdateUser();

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setInviteOpen(true)}>
            {t('users.invite')}
          </Button>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('users.searchPlaceholder')} aria-label={t('users.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} />
        <Select allowClear placeholder={t('users.role')} aria-label={t('users.role')} options={roleOptions} value={roleFilter} onChange={setRoleFilter} style={{ width: 160 }} />
        <Space>
          <Switch size="small" checked={showInactive} onChange={setShowInactive} aria-label={t('users.showInactive')} />
          <span>{t('users.showInactive')}</span>
        </Space>
      </Space>
      <ErrorAlert error={users.error} />
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isPending}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('users.name'),
            dataIndex: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name),
            render: (_, user) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{user.name}</Typography.Text>
                <Typography.Text type="secondary">{user.email}</Typography.Text>
              </Space>
            ),
          },
          { title: t('users.role'), dataIndex: 'role', width: 120, render: (role: Role) => <Tag color={ROLE_COLORS[role]}>{labelOf(t, 'role', role)}</Tag> },
          { title: t('users.teams'), dataIndex: 'teamIds', render: (ids: string[]) => ids.map((id) => <Tag key={id}>{teamName(id)}</Tag>) },
          {
            title: t('users.skills'),
            dataIndex: 'skills',
            render: (skills: User['skills']) =>
              skills.map((skill) => (
                <Tag key={skill.skill} color="geekblue">
                  {skill.skill} · {skill.level}
                </Tag>
              )),
          },
          { title: t('users.maxLoad'), dataIndex: 'maxLoad', width: 100, align: 'right' },
          {
            title: t('users.status'),
            dataIndex: 'isActive',
            width: 100,
            render: (active: boolean) => (active ? <Tag color="success">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>),
          },
          { title: t('users.createdAt'), dataIndex: 'createdAt', width: 120, render: (value: string) => formatDate(value) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_, user) => (
              <Space>
                <Button size="small" onClick={() => setEditing(user)}>
                  {t('common.edit')}
                </Button>
                {user.id !== session.user.id && (
                  <Popconfirm
                    title={user.isActive ? t('users.deactivateConfirm') : t('users.activateConfirm')}
                    onConfirm={() => setActive.mutate({ id: user.id, isActive: !user.isActive })}
                  >
                    <Button size="small" danger={user.isActive}>
                      {user.isActive ? t('users.deactivate') : t('users.activate')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <InviteUserModal open={inviteOpen} onClose={() => setInviteOpen(false)} roleOptions={roleOptions} teamOptions={teamOptions} />
      <EditUserDrawer user={editing} onClose={() => setEditing(undefined)} roleOptions={roleOptions} teamOptions={teamOptions} />
    </>
  );
}

type Option = { value: string; label: string };

function InviteUserModal({ open, onClose, roleOptions, teamOptions }: { open: boolean; onClose: () => void; roleOptions: Option[]; teamOptions: Option[] }) {
  const t = useT();
  const localeOptions = useLocaleOptions();
  const [form] = Form.useForm<NewUser>();
  const invite = useCreateUser({ form });

  const submit = async () => {
    const values = await form.validateFields();
    invite.mutate(
      { ...values, password: values.password || undefined, locale: values.locale ?? undefined },
      {
        onSuccess: () => {
          form.resetFields();
          onClose();
        },
      },
    );
  };

  return (
    <Modal open={open} title={t('users.invite')} onCancel={onClose} onOk={() => void submit()} okText={t('users.inviteSubmit')} cancelText={t('common.cancel')} confirmLoading={invite.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ role: 'agent', teamIds: [] }} name="invite-user">
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, message: t('form.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')}>
          <Select options={roleOptions} />
        </Form.Item>
        <Form.Item name="teamIds" label={t('users.teams')}>
          <Select mode="multiple" options={teamOptions} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="locale" label={t('settings.language')}>
          <Select
            allowClear
            placeholder={t('users.workspaceDefault')}
            options={localeOptions}
          />
        </Form.Item>
        <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.initialPasswordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditUserDrawer({ user, onClose, roleOptions, teamOptions }: { user: User | undefined; onClose: () => void; roleOptions: Option[]; teamOptions: Option[] }) {
  const t = useT();
  const localeOptions = useLocaleOptions();
  const [form] = Form.useForm<UserUpdate>();
  const save = useUpdateUser({ form });

  const submit = (values: UserUpdate) => {
    if (user) save.mutate({ id: user.id, ...values, password: values.password || undefined }, { onSuccess: onClose });
  };

  return (
    <EditorDrawer open={!!user} onClose={onClose} title={user ? t('users.editTitle', { name: user.name }) : ''} size={480} saving={save.isPending} onSave={() => form.submit()}>
      {user && (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ name: user.name, role: user.role, teamIds: user.teamIds, skills: user.skills, maxLoad: user.maxLoad, locale: user.locale, isActive: user.isActive }}
        >
          <Form.Item name="name" label={t('users.name')}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="teamIds" label={t('users.teams')}>
            <Select mode="multiple" options={teamOptions} optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="maxLoad" label={t('users.maxLoad')} extra={t('users.maxLoadHint')}>
            <InputNumber min={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label={t('users.skills')}>
            <SkillsEditor />
          </Form.Item>
          <Form.Item name="locale" label={t('settings.language')}>
            <Select
              allowClear
              placeholder={t('users.workspaceDefault')}
              options={localeOptions}
            />
          </Form.Item>
          <Form.Item name="isActive" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="password" label={t('users.resetPassword')} extra={t('users.resetPasswordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      )}
    </EditorDrawer>
  );
}
