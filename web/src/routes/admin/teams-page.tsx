import { PlusOutlined } from '@ant-design/icons';
import { Avatar, Button, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useDeleteTeam, useSaveTeam, useTeams, useUsers, type Team } from '../../modules/identity/index.ts';
import { ErrorAlert, labelOf, PageHeader, useT } from '../../shared/index.ts';

interface TeamForm {
  name: string;
  kind: Team['kind'];
  description?: string;
  memberIds: string[];
}

export default function TeamsPage() {
  const t = useT();
  const teams = useTeams();
  const users = useUsers();
  const [kind, setKind] = useState<Team['kind'] | 'all'>('all');
  const [editing, setEditing] = useState<Team | 'new' | undefined>();
  const [form] = Form.useForm<TeamForm>();
  const save = useSaveTeam({ form });
  const remove = useDeleteTeam();

  const open = (team: Team | 'new') => {
    setEditing(team);
    form.setFieldsValue(team === 'new' ? { name: '', kind: kind === 'department' ? 'department' : 'team', description: '', memberIds: [] } : team);
  };

  const submit = async () => {
    const values = await form.validateFields();
    if (editing) save.mutate({ ...values, id: editing === 'new' ? undefined : editing.id }, { onSuccess: () => setEditing(undefined) });
  };

  const userOptions = (users.data ?? []).filter((user) => user.isActive).map((user) => ({ value: user.id, label: user.name }));
  const rows = (teams.data ?? []).filter((team) => kind === 'all' || team.kind === kind);

  return (
    <>
      <PageHeader
        title={t('nav.teams')}
        subtitle={t('teams.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')}>
            {t('teams.create')}
          </Button>
        }
      />
      <Segmented
        style={{ marginBottom: 12 }}
        value={kind}
        onChange={(value) => setKind(value as typeof kind)}
        options={[
          { value: 'all', label: t('common.all') },
          { value: 'team', label: t('teamKind.team') },
          { value: 'department', label: t('teamKind.department') },
        ]}
      />
      <ErrorAlert error={teams.error} />
      <Table<Team>
        rowKey="id"
        loading={teams.isPending}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('teams.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: t('teams.kind'), dataIndex: 'kind', width: 120, render: (value: Team['kind']) => <Tag color={value === 'team' ? 'blue' : 'purple'}>{labelOf(t, 'teamKind', value)}</Tag> },
          { title: t('teams.description'), dataIndex: 'description', ellipsis: true },
          {
            title: t('teams.members'),
            dataIndex: 'memberIds',
            render: (ids: string[]) => (
              <Avatar.Group max={{ count: 6 }} size="small">
                {ids.map((id) => {
                  const name = users.data?.find((user) => user.id === id)?.name ?? '?';
                  return (
                    <Tooltip key={id} title={name}>
                      <Avatar>{name.slice(0, 1)}</Avatar>
                    </Tooltip>
                  );
                })}
              </Avatar.Group>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 160,
            render: (_, team) => (
              <Space>
                <Button size="small" onClick={() => open(team)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('teams.deleteConfirm', { name: team.name })} onConfirm={() => remove.mutate(team.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('teams.create') : t('teams.edit')}
        onCancel={() => setEditing(undefined)}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, message: t('form.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('teams.kind')}>
            <Select
              disabled={editing !== 'new'}
              options={[
                { value: 'team', label: t('teamKind.team') },
                { value: 'department', label: t('teamKind.department') },
              ]}
            />
          </Form.Item>
          <Form.Item name="description" label={t('teams.description')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="memberIds" label={t('teams.members')}>
            <Select mode="multiple" options={userOptions} optionFilterProp="label" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
