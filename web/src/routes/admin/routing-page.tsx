import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  ScheduleEditor,
  ScheduleSummary,
  useRoutingAgents,
  useSaveAgentCapacity,
  useSaveTeamRouting,
  useTeamRouting,
  type AgentRouting,
  type SkillRule,
  type Strategy,
  type TeamRouting,
  type WeeklyHours,
} from '../../modules/routing/index.ts';
import { ErrorAlert, labelOf, PageHeader, useT } from '../../shared/index.ts';

const STRATEGIES: Strategy[] = ['manual', 'round_robin', 'least_loaded', 'skills'];
const REMINDER_CHOICES = [5, 10, 15, 30, 60, 120];
const RULE_FIELDS: SkillRule['field'][] = ['type', 'tag', 'channel'];

/** Whose working hours are being edited: a team's, or an agent's own. */
type ScheduleTarget = { kind: 'team'; team: TeamRouting } | { kind: 'agent'; agent: AgentRouting };

/** Routing settings: each team's strategy, unassigned reminder, skill rules and working hours; each agent's capacities and own hours. */
export default function RoutingPage() {
  const t = useT();
  const teams = useTeamRouting();
  const agents = useRoutingAgents();
  const saveTeam = useSaveTeamRouting();
  const saveAgent = useSaveAgentCapacity();
  const [editing, setEditing] = useState<TeamRouting | null>(null);
  const [rulesForm] = Form.useForm<{ skillRules: SkillRule[] }>();
  const saveRules = useSaveTeamRouting({ form: rulesForm });
  const [scheduling, setScheduling] = useState<ScheduleTarget | null>(null);
  const saveTeamHours = useSaveTeamRouting();
  const saveAgentHours = useSaveAgentCapacity({ success: 'common.saved' });

  const saveSchedule = (schedule: WeeklyHours | null) => {
    if (!scheduling) return;
    const done = { onSuccess: () => setScheduling(null) };
    if (scheduling.kind === 'team') {
      const { team } = scheduling;
      saveTeamHours.mutate({ teamId: team.teamId, strategy: team.strategy, reminderMinutes: team.reminderMinutes, skillRules: team.skillRules, schedule }, done);
    } else {
      saveAgentHours.mutate({ userId: scheduling.agent.userId, schedule }, done);
    }
  };

  const save = (team: TeamRouting, change: Partial<Pick<TeamRouting, 'strategy' | 'reminderMinutes' | 'skillRules'>>) =>
    saveTeam.mutate({ teamId: team.teamId, strategy: team.strategy, reminderMinutes: team.reminderMinutes, skillRules: team.skillRules, ...change });

  const openRules = (team: TeamRouting) => {
    setEditing(team);
    rulesForm.setFieldsValue({ skillRules: team.skillRules });
  };

  const submitRules = async () => {
    if (!editing) return;
    const { skillRules = [] } = await rulesForm.validateFields();
    saveRules.mutate(
      { teamId: editing.teamId, strategy: editing.strategy, reminderMinutes: editing.reminderMinutes, skillRules },
      { onSuccess: () => setEditing(null) },
    );
  };

  const capacityInput = (agent: AgentRouting, field: 'ticketCapacity' | 'chatCapacity', max: number) => (
    <InputNumber
      aria-label={`${agent.name} ${t(field === 'ticketCapacity' ? 'routing.ticketCapacity' : 'routing.chatCapacity')}`}
      min={0}
      max={max}
      size="small"
      defaultValue={agent[field]}
      key={`${agent.userId}-${field}-${agent[field]}`}
      onBlur={(event) => {
        const value = Number(event.target.value);
        if (Number.isInteger(value) && value !== agent[field]) saveAgent.mutate({ userId: agent.userId, [field]: value });
      }}
    />
  );

  return (
    <>
      <PageHeader title={t('routing.nav')} subtitle={t('routing.subtitle')} />
      <ErrorAlert error={teams.error ?? agents.error} />
      <Card title={t('routing.teams')} size="small" style={{ marginBottom: 16 }}>
        <Table<TeamRouting>
          rowKey="teamId"
          size="small"
          loading={teams.isPending}
          dataSource={teams.data ?? []}
          pagination={false}
          columns={[
            { title: t('routing.team'), dataIndex: 'teamName' },
            {
              title: t('routing.strategy'),
              key: 'strategy',
              width: 220,
              render: (_, team) => (
                <Select<Strategy>
                  aria-label={`${team.teamName} ${t('routing.strategy')}`}
                  value={team.strategy}
                  style={{ width: 200 }}
                  onChange={(strategy) => save(team, { strategy })}
                  options={STRATEGIES.map((value) => ({ value, label: labelOf(t, 'routing.strategy', value), title: t(`routing.strategyHint.${value}`) }))}
                />
              ),
            },
            {
              title: t('routing.reminder'),
              key: 'reminder',
              width: 200,
              render: (_, team) => (
                <Select<number>
                  aria-label={`${team.teamName} ${t('routing.reminder')}`}
                  value={team.reminderMinutes ?? 0}
                  style={{ width: 160 }}
                  onChange={(minutes) => save(team, { reminderMinutes: minutes === 0 ? null : minutes })}
                  options={[{ value: 0, label: t('routing.reminderNone') }, ...REMINDER_CHOICES.map((n) => ({ value: n, label: t('routing.minutes', { n }) }))]}
                />
              ),
            },
            {
              title: t('routing.skillRules'),
              key: 'rules',
              render: (_, team) => (
                <Space wrap>
                  {team.skillRules.length === 0 && <Typography.Text type="secondary">{t('routing.skillRulesNone')}</Typography.Text>}
                  {team.skillRules.map((rule) => (
                    <Tag key={`${rule.field}:${rule.value}:${rule.skill}`}>
                      {labelOf(t, 'routing.ruleField', rule.field)} {rule.value} → {rule.skill} ≥ {rule.minLevel}
                    </Tag>
                  ))}
                  <Button size="small" onClick={() => openRules(team)}>
                    {t('routing.edit')}
                  </Button>
                </Space>
              ),
            },
            {
              title: t('routing.schedule'),
              key: 'schedule',
              render: (_, team) => (
                <Space wrap>
                  <ScheduleSummary hours={team.schedule} emptyLabel={t('routing.scheduleAlways')} />
                  <Button size="small" aria-label={t('routing.editSchedule', { name: team.teamName })} onClick={() => setScheduling({ kind: 'team', team })}>
                    {t('routing.edit')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('routing.agents')} size="small">
        <Table<AgentRouting>
          rowKey="userId"
          size="small"
          loading={agents.isPending}
          dataSource={agents.data ?? []}
          pagination={false}
          columns={[
            { title: t('routing.agent'), dataIndex: 'name' },
            { title: t('routing.presence'), dataIndex: 'presence', width: 100, render: (presence: string) => labelOf(t, 'presence', presence) },
            { title: t('skills.skill'), key: 'skills', render: (_, agent) => agent.skills.map((s) => <Tag key={s.skill}>{s.skill} · {s.level}</Tag>) },
            { title: t('routing.ticketCapacity'), key: 'tickets', width: 170, render: (_, agent) => <Space>{t('routing.load', { open: agent.openTickets, capacity: '' })}{capacityInput(agent, 'ticketCapacity', 1000)}</Space> },
            { title: t('routing.chatCapacity'), key: 'chats', width: 170, render: (_, agent) => <Space>{t('routing.load', { open: agent.openChats, capacity: '' })}{capacityInput(agent, 'chatCapacity', 100)}</Space> },
            {
              title: t('routing.schedule'),
              key: 'schedule',
              render: (_, agent) => (
                <Space wrap>
                  <ScheduleSummary hours={agent.schedule} emptyLabel={t('routing.scheduleTeam')} />
                  <Button size="small" aria-label={t('routing.editSchedule', { name: agent.name })} onClick={() => setScheduling({ kind: 'agent', agent })}>
                    {t('routing.edit')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ScheduleEditor
        open={scheduling !== null}
        title={scheduling ? t('routing.editSchedule', { name: scheduling.kind === 'team' ? scheduling.team.teamName : scheduling.agent.name }) : ''}
        hours={scheduling ? (scheduling.kind === 'team' ? scheduling.team.schedule : scheduling.agent.schedule) : null}
        clearLabel={scheduling?.kind === 'agent' ? t('routing.scheduleUseTeam') : t('routing.scheduleClear')}
        saving={saveTeamHours.isPending || saveAgentHours.isPending}
        onSave={saveSchedule}
        onClose={() => setScheduling(null)}
      />
      <Modal open={editing !== null} title={editing ? t('routing.editTeam', { team: editing.teamName }) : ''} onCancel={() => setEditing(null)} onOk={() => void submitRules()} confirmLoading={saveRules.isPending} width={720}>
        <Form form={rulesForm} layout="vertical">
          <Form.List name="skillRules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'field']} label={t('routing.ruleField')} rules={[{ required: true }]}>
                      <Select style={{ width: 130 }} options={RULE_FIELDS.map((value) => ({ value, label: labelOf(t, 'routing.ruleField', value) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'value']} label={t('routing.ruleValue')} rules={[{ required: true }]}>
                      <Input maxLength={100} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'skill']} label={t('routing.ruleSkill')} rules={[{ required: true }]}>
                      <Input maxLength={100} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'minLevel']} label={t('routing.ruleLevel')} rules={[{ required: true }]} initialValue={3}>
                      <InputNumber min={1} max={5} />
                    </Form.Item>
                    <Button type="text" danger aria-label={t('common.delete')} icon={<DeleteOutlined aria-hidden />} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ field: 'tag', value: '', skill: '', minLevel: 3 })}>
                  {t('routing.addRule')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
