import { Button, Flex, Select } from 'antd';
import { type Channel, CHANNELS, labelOf, useLocale, useT } from '../../../shared/index.ts';
import { useTeams, useUsers } from '../../identity/index.ts';
import { type TicketFilters } from '../api.ts';
import { useTicketTypes } from '../hooks.ts';

/** Assignee, team, type, channel and tag filters (loaded when first opened). */
export default function MoreFilters({ filters, onChange }: { filters: TicketFilters; onChange: (patch: Partial<TicketFilters>) => void }) {
  const t = useT();
  const locale = useLocale();
  const users = useUsers();
  const teams = useTeams();
  const types = useTicketTypes();
  const field = (label: string, control: React.ReactNode) => (
    <label style={{ display: 'grid', gridTemplateColumns: '90px 240px', alignItems: 'center', gap: 8 }}>
      <span>{label}</span>
      {control}
    </label>
  );
  const many = <T,>(value: T[]) => (value.length > 0 ? value : undefined);
  return (
    <Flex vertical gap={10} style={{ padding: 4 }}>
      {field(
        t('ticket.assignee'),
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          value={filters.assignee}
          onChange={(assignee?: string) => onChange({ assignee })}
          placeholder={t('common.any')}
          options={[
            { value: 'me', label: t('ticket.assignedToMe') },
            { value: 'none', label: t('ticket.unassigned') },
            ...(users.data ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: u.name })),
          ]}
        />,
      )}
      {field(
        t('ticket.team'),
        <Select mode="multiple" allowClear optionFilterProp="label" value={filters.team ?? []} onChange={(team: string[]) => onChange({ team: many(team) })} placeholder={t('common.any')} options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} />,
      )}
      {field(
        t('ticket.type'),
        <Select mode="multiple" allowClear optionFilterProp="label" value={filters.type ?? []} onChange={(type: string[]) => onChange({ type: many(type) })} placeholder={t('common.any')} options={(types.data ?? []).map((type) => ({ value: type.key, label: type.names[locale] }))} />,
      )}
      {field(
        t('ticket.channel'),
        <Select mode="multiple" allowClear value={filters.channel ?? []} onChange={(channel: Channel[]) => onChange({ channel: many(channel) })} placeholder={t('common.any')} options={CHANNELS.map((channel) => ({ value: channel, label: labelOf(t, 'channel', channel) }))} />,
      )}
      {field(t('ticket.tags'), <Select mode="tags" allowClear value={filters.tag ?? []} onChange={(tag: string[]) => onChange({ tag: many(tag) })} placeholder={t('common.any')} open={false} />)}
      <Flex justify="flex-end">
        <Button size="small" onClick={() => onChange({ assignee: undefined, team: undefined, type: undefined, channel: undefined, tag: undefined })}>
          {t('inbox.clearFilters')}
        </Button>
      </Flex>
    </Flex>
  );
}
