import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, InputNumber, Select, Switch } from 'antd';
import { useTeams, useUsers } from '../../identity/index.ts';
import { ACTION_TYPES, SETTABLE_FIELDS, type ActionType, labelOf, PRIORITIES, TICKET_STATUSES, URGENCIES, useT } from '../../../shared/index.ts';
import type { RuleAction } from '../api.ts';

const TEMPLATES = ['ticket.acknowledged', 'ticket.progress', 'ticket.solved'];

/** A new action of a type, with the defaults its form starts from. */
function blank(type: ActionType): RuleAction {
  switch (type) {
    case 'set_field':
      return { type, field: 'priority', value: 'P1' };
    case 'set_custom_field':
      return { type, key: '', value: '' };
    case 'add_tags':
    case 'remove_tags':
      return { type, tags: [] };
    case 'assign_agent':
      return { type, userId: '' };
    case 'assign_team':
      return { type, teamId: '' };
    case 'assign_by_routing':
      return { type };
    case 'escalate_to_supervisor':
      return { type };
    case 'add_note':
    case 'add_reply':
      return { type, body: '' };
    case 'notify':
      return { type, userIds: [], message: '' };
    case 'send_template':
      return { type, template: TEMPLATES[0]! };
    case 'webhook':
      return { type, url: 'https://', secret: '' };
    case 'link_earlier_ticket':
      return { type, withinDays: 7, sameType: true };
    case 'create_subtask':
      return { type, departmentId: '', title: '' };
  }
}

/** The actions of a rule or macro, in order; `allowed` narrows the types (a macro's). */
export function ActionsEditor({ value, onChange, allowed = ACTION_TYPES }: { value: RuleAction[]; onChange: (next: RuleAction[]) => void; allowed?: readonly ActionType[] }) {
  const t = useT();
  const teams = useTeams().data ?? [];
  const users = (useUsers().data ?? []).filter((user) => user.isActive);
  const teamOptions = (kind?: 'department') => teams.filter((team) => !kind || team.kind === kind).map((team) => ({ value: team.id, label: team.name }));
  const userOptions = users.map((user) => ({ value: user.id, label: user.name }));
  const update = (index: number, next: RuleAction) => onChange(value.map((action, i) => (i === index ? next : action)));

  const fields = (action: RuleAction, index: number) => {
    const set = (patch: object) => update(index, { ...action, ...patch } as RuleAction);
    switch (action.type) {
      case 'set_field': {
        const choices = action.field === 'status' ? TICKET_STATUSES : action.field === 'priority' ? PRIORITIES : action.field === 'urgency' ? URGENCIES : null;
        return (
          <Flex gap={6}>
            <Select style={{ width: 140 }} aria-label={t('automation.field')} value={action.field} onChange={(field) => set({ field, value: field === 'type' ? '' : field === 'status' ? 'open' : field === 'priority' ? 'P1' : 'urgent' })} options={SETTABLE_FIELDS.map((field) => ({ value: field, label: labelOf(t, 'automation.setField', field) }))} />
            {choices ? (
              <Select style={{ width: 160 }} aria-label={t('automation.value')} value={action.value} onChange={(next: string) => set({ value: next })} options={choices.map((choice) => ({ value: choice, label: labelOf(t, action.field, choice) }))} />
            ) : (
              <Input style={{ width: 160 }} aria-label={t('automation.value')} value={action.value} onChange={(event) => set({ value: event.target.value })} />
            )}
          </Flex>
        );
      }
      case 'set_custom_field':
        return (
          <Flex gap={6}>
            <Input style={{ width: 160 }} aria-label={t('automation.customFieldKey')} placeholder={t('automation.customFieldKey')} value={action.key} onChange={(event) => set({ key: event.target.value })} />
            <Input style={{ width: 200 }} aria-label={t('automation.value')} value={String(action.value ?? '')} onChange={(event) => set({ value: event.target.value })} />
          </Flex>
        );
      case 'add_tags':
      case 'remove_tags':
        return <Select mode="tags" style={{ width: '100%' }} aria-label={t('automation.tags')} value={action.tags} onChange={(tags: string[]) => set({ tags })} open={false} />;
      case 'assign_agent':
        return <Select style={{ width: 240 }} aria-label={t('automation.agent')} value={action.userId || undefined} onChange={(userId: string) => set({ userId })} options={userOptions} />;
      case 'assign_team':
        return <Select style={{ width: 240 }} aria-label={t('automation.team')} value={action.teamId || undefined} onChange={(teamId: string) => set({ teamId })} options={teamOptions()} />;
      case 'assign_by_routing':
        return <Select allowClear style={{ width: 240 }} aria-label={t('automation.team')} placeholder={t('automation.ticketTeam')} value={action.teamId} onChange={(teamId?: string) => set({ teamId })} options={teamOptions()} />;
      case 'escalate_to_supervisor':
        return <Input aria-label={t('automation.reason')} placeholder={t('automation.reason')} value={action.reason ?? ''} onChange={(event) => set({ reason: event.target.value || undefined })} />;
      case 'add_note':
      case 'add_reply':
        return <Input.TextArea aria-label={t('automation.body')} autoSize={{ minRows: 2, maxRows: 6 }} value={action.body} onChange={(event) => set({ body: event.target.value })} />;
      case 'notify':
        return (
          <Flex vertical gap={6}>
            <Select mode="multiple" aria-label={t('automation.people')} value={action.userIds} onChange={(userIds: string[]) => set({ userIds })} options={userOptions} />
            <Input aria-label={t('automation.message')} placeholder={t('automation.message')} value={action.message} onChange={(event) => set({ message: event.target.value })} />
          </Flex>
        );
      case 'send_template':
        return <Select style={{ width: 240 }} aria-label={t('automation.template')} value={action.template} onChange={(template: string) => set({ template })} options={TEMPLATES.map((name) => ({ value: name, label: labelOf(t, 'automation.templateName', name) }))} />;
      case 'webhook':
        return (
          <Flex gap={6}>
            <Input style={{ flex: 2 }} aria-label={t('automation.url')} value={action.url} onChange={(event) => set({ url: event.target.value })} />
            <Input.Password style={{ flex: 1 }} aria-label={t('automation.secret')} placeholder={t('automation.secret')} value={action.secret} onChange={(event) => set({ secret: event.target.value })} />
          </Flex>
        );
      case 'link_earlier_ticket':
        return (
          <Flex vertical gap={6}>
            <Flex gap={8} align="center">
              <span>{t('automation.withinDays')}</span>
              <InputNumber min={1} max={365} aria-label={t('automation.withinDays')} value={action.withinDays} onChange={(days) => set({ withinDays: days ?? 7 })} />
              <Switch aria-label={t('automation.sameType')} checked={action.sameType} onChange={(sameType) => set({ sameType })} />
              <span>{t('automation.sameType')}</span>
            </Flex>
            <Input aria-label={t('automation.note')} placeholder={t('automation.note')} value={action.note ?? ''} onChange={(event) => set({ note: event.target.value || undefined })} />
          </Flex>
        );
      case 'create_subtask':
        return (
          <Flex gap={6}>
            <Select style={{ width: 200 }} aria-label={t('automation.department')} value={action.departmentId || undefined} onChange={(departmentId: string) => set({ departmentId })} options={teamOptions('department')} />
            <Input style={{ flex: 1 }} aria-label={t('automation.subtaskTitle')} placeholder={t('automation.subtaskTitle')} value={action.title} onChange={(event) => set({ title: event.target.value })} />
          </Flex>
        );
    }
  };

  return (
    <Flex vertical gap={8} data-testid="actions-editor">
      {value.map((action, index) => (
        <Card key={index} size="small" data-testid="action-row">
          <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
            <Select
              style={{ width: 240 }}
              aria-label={t('automation.actionType')}
              value={action.type}
              onChange={(type: ActionType) => update(index, blank(type))}
              options={allowed.map((type) => ({ value: type, label: labelOf(t, 'automation.action', type) }))}
            />
            <Button type="text" aria-label={t('common.delete')} icon={<DeleteOutlined aria-hidden />} onClick={() => onChange(value.filter((_, i) => i !== index))} />
          </Flex>
          {fields(action, index)}
        </Card>
      ))}
      <Button size="small" icon={<PlusOutlined aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => onChange([...value, blank(allowed.includes('add_tags') ? 'add_tags' : allowed[0]!)])}>
        {t('automation.addAction')}
      </Button>
    </Flex>
  );
}
