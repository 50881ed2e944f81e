import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useUpdateSkills, useUsers, type User } from '../../modules/identity/index.ts';
import { ErrorAlert, PageHeader, useT } from '../../shared/index.ts';

interface SkillRow {
  skill: string;
  holders: { user: User; level: number }[];
}

/** Skills live on users (routing matches them); this page shows them by skill and edits them in bulk. */
export default function SkillsPage() {
  const t = useT();
  const users = useUsers();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ skill: string; level: number; userIds: string[] }>();
  const assignSkill = useUpdateSkills({ form, fieldAliases: { 'skills.0.skill': 'skill', 'skills.0.level': 'level' } });
  const removeSkill = useUpdateSkills({ success: 'common.deleted' });

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

  const assign = async () => {
    const values = await form.validateFields();
    const skill = values.skill.trim();
    const holders = (users.data ?? []).filter((user) => values.userIds.includes(user.id));
    const changes = holders.map((user) => ({ user, skills: [...user.skills.filter((s) => s.skill !== skill), { skill, level: values.level }] }));
    assignSkill.mutate(changes, {
      onSuccess: () => {
        setOpen(false);
        form.resetFields();
      },
    });
  };

  const remove = (row: SkillRow) => removeSkill.mutate(row.holders.map(({ user }) => ({ user, skills: user.skills.filter((s) => s.skill !== row.skill) })));

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
              <Popconfirm title={t('skills.removeConfirm', { skill: row.skill })} onConfirm={() => remove(row)}>
                <Button size="small" danger>
                  {t('common.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('skills.assign')} onCancel={() => setOpen(false)} onOk={() => void assign()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={assignSkill.isPending}>
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
