import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { applyApiErrors, ErrorAlert, PageHeader, useT, useToast } from '../../shared/index.ts';
import { identityApi, identityKeys, type User, useUsers } from '../../modules/identity/index.ts';

interface SkillRow {
  skill: string;
  holders: { user: User; level: number }[];
}

/** Skills live on users (routing matches them); this page shows them by skill and edits them in bulk. */
export default function SkillsPage() {
  const t = useT();
  const users = useUsers();
  const queryClient = useQueryClient();
  const message = useToast();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ skill: string; level: number; userIds: string[] }>();
  const [saving, setSaving] = useState(false);

  const rows = useMemo<SkillRow[]>(() => {
    const bySkill = new Map<string, SkillRow>();
    for (const user of users.data ?? []) {
      if (!user.isActive) continue;
      for (const { skill, level } of user.skills) {
        const row = bySkill.get(skill) ?? { skill, holders: [] };
        row.holders.push({ user, level });
        bySkill.set(skill, row);
      }
    }
    return [...bySkill.values()].sort((a, b) => a.skill.localeCompare(b.skill));
  }, [users.data]);

  const saveSkills = async (user: User, skills: User['skills']) => identityApi.updateUser(user.id, { skills });

  const assign = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      for (const id of values.userIds) {
        const user = users.data?.find((u) => u.id === id);
        if (!user) continue;
        await saveSkills(user, [...user.skills.filter((s) => s.skill !== values.skill), { skill: values.skill.trim(), level: values.level }]);
      }
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      message.success(t('common.saved'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      for (const text of applyApiErrors(form, error, { 'skills.0.skill': 'skill', 'skills.0.level': 'level' })) message.error(text);
    } finally {
      setSaving(false);
    }
  };

  const removeSkill = async (row: SkillRow) => {
    try {
      for (const { user } of row.holders) await saveSkills(user, user.skills.filter((s) => s.skill !== row.skill));
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      message.success(t('common.deleted'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <>
      <PageHeader
        title={t('nav.skills')}
        subtitle={t('skills.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
            {t('skills.assign')}
          </Button>
        }
      />
      <ErrorAlert error={users.error} />
      <Table<SkillRow>
        rowKey="skill"
        loading={users.isPending}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('skills.skill'), dataIndex: 'skill', width: 200, render: (skill: string) => <Tag color="geekblue">{skill}</Tag> },
          {
            title: t('skills.holders'),
            dataIndex: 'holders',
            render: (holders: SkillRow['holders']) =>
              holders.map(({ user, level }) => (
                <Tag key={user.id}>
                  {user.name} · {'★'.repeat(level)}
                </Tag>
              )),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_, row) => (
              <Popconfirm title={t('skills.removeConfirm', { skill: row.skill })} onConfirm={() => void removeSkill(row)}>
                <Button size="small" danger>
                  {t('common.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('skills.assign')} onCancel={() => setOpen(false)} onOk={() => void assign()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving}>
        <Form form={form} layout="vertical" initialValues={{ level: 3, userIds: [] }}>
          <Form.Item name="skill" label={t('skills.skill')} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder={t('skills.skillExample')} />
          </Form.Item>
          <Form.Item name="level" label={t('skills.level')}>
            <InputNumber min={1} max={5} />
          </Form.Item>
          <Form.Item name="userIds" label={t('skills.holders')} rules={[{ required: true, message: t('form.required') }]}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(users.data ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
