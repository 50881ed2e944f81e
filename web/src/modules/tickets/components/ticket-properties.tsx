import { UserAddOutlined } from '@ant-design/icons';
import { Button, Flex, Select } from 'antd';
import { labelOf, NEXT_STATUSES, PRIORITIES, URGENCIES, useLocale, useT } from '../../../shared/index.ts';
import { useTeams, useUsers } from '../../identity/index.ts';
import { type TicketDetail, type TicketUpdate } from '../api.ts';
import { useTicketTypes } from '../hooks.ts';

interface Props {
  ticket: TicketDetail;
  canWrite: boolean;
  canAssign: boolean;
  myUserId: string;
  busy: boolean;
  onChange: (patch: TicketUpdate) => void;
}

/** Status, priority, urgency, type, assignment and hand-off of a ticket; each change is saved at once. */
export function TicketProperties({ ticket, canWrite, canAssign, myUserId, busy, onChange }: Props) {
  const t = useT();
  const locale = useLocale();
  const users = useUsers();
  const teams = useTeams();
  const types = useTicketTypes();
  const row = (label: string, control: React.ReactNode) => (
    <label style={{ display: 'grid', gridTemplateColumns: '80px minmax(0, 1fr)', alignItems: 'center', gap: 8 }}>
      <span>{label}</span>
      {control}
    </label>
  );
  const statusOptions = [ticket.status, ...NEXT_STATUSES[ticket.status]].map((status) => ({ value: status, label: labelOf(t, 'status', status) }));
  const agents = (users.data ?? []).filter((user) => user.isActive && user.role !== 'analyst');
  const teamOptions = (kind: 'team' | 'department') => (teams.data ?? []).filter((team) => team.kind === kind).map((team) => ({ value: team.id, label: team.name }));

  return (
    <Flex vertical gap={10}>
      {row(
        t('ticket.status'),
        <Select data-testid="status-select" aria-label={t('ticket.status')} value={ticket.status} disabled={!canWrite || busy || ticket.status === 'closed'} options={statusOptions} onChange={(status) => onChange({ status })} />,
      )}
      {row(
        t('ticket.priority'),
        <Select aria-label={t('ticket.priority')} value={ticket.priority} disabled={!canWrite || busy} options={PRIORITIES.map((p) => ({ value: p, label: `${p} · ${labelOf(t, 'priority', p)}` }))} onChange={(priority) => onChange({ priority })} />,
      )}
      {row(
        t('ticket.urgency'),
        <Select data-testid="urgency-select" aria-label={t('ticket.urgency')} value={ticket.urgency} disabled={!canWrite || busy} options={URGENCIES.map((u) => ({ value: u, label: labelOf(t, 'urgency', u) }))} onChange={(urgency) => onChange({ urgency })} />,
      )}
      {row(
        t('ticket.type'),
        <Select
          aria-label={t('ticket.type')}
          value={ticket.type}
          disabled={!canWrite || busy}
          options={(types.data ?? []).filter((type) => type.isActive || type.key === ticket.type).map((type) => ({ value: type.key, label: type.names[locale] }))}
          onChange={(type) => onChange({ type })}
        />,
      )}
      {row(
        t('ticket.assignee'),
        <Flex gap={4}>
          <Select
            aria-label={t('ticket.assignee')}
            style={{ flex: 1, minWidth: 0 }}
            // '' stands for nobody: a null option value is not a valid Select value.
            value={ticket.assignee?.id ?? ''}
            disabled={!canAssign || busy}
            showSearch
            optionFilterProp="label"
            options={[{ value: '', label: t('ticket.unassigned') }, ...agents.map((user) => ({ value: user.id, label: user.name }))]}
            onChange={(assigneeId: string) => onChange({ assigneeId: assigneeId || null })}
          />
          {ticket.assignee?.id !== myUserId && (
            <Button aria-label={t('ticket.assignToMe')} title={`${t('ticket.assignToMe')} (a)`} icon={<UserAddOutlined aria-hidden />} disabled={!canAssign || busy} onClick={() => onChange({ assigneeId: myUserId })} />
          )}
        </Flex>,
      )}
      {row(
        t('ticket.team'),
        <Select aria-label={t('ticket.team')} allowClear value={ticket.team?.id} disabled={!canAssign || busy} options={teamOptions('team')} onChange={(teamId?: string) => onChange({ teamId: teamId ?? null })} placeholder={t('ticket.noTeam')} />,
      )}
      {row(
        t('ticket.department'),
        <Select
          aria-label={t('ticket.department')}
          allowClear
          value={ticket.department?.id}
          disabled={!canAssign || busy}
          options={teamOptions('department')}
          onChange={(departmentId?: string) => onChange({ departmentId: departmentId ?? null })}
          placeholder={t('ticket.noDepartment')}
        />,
      )}
      {row(
        t('ticket.tags'),
        <Select aria-label={t('ticket.tags')} mode="tags" value={ticket.tags} disabled={!canWrite || busy} onChange={(tags: string[]) => onChange({ tags })} open={false} placeholder={t('ticket.addTags')} />,
      )}
    </Flex>
  );
}
