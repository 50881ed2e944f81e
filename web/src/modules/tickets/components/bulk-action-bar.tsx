import { CloseOutlined } from '@ant-design/icons';
import { Button, Flex, Select, theme } from 'antd';
import { useState } from 'react';
import { ApiError, labelOf, Notice, TICKET_STATUSES, useT, useToast, type TicketStatus } from '../../../shared/index.ts';
import { useTeams, useUsers } from '../../identity/index.ts';
import type { BulkTicketChange, TicketListItem } from '../api.ts';
import { useBulkUpdateTickets } from '../hooks.ts';

const UNASSIGNED = '__unassigned__';
// No explicit move leads back to "new"; every other status is offered and the server checks each ticket.
const BULK_STATUSES = TICKET_STATUSES.filter((status) => status !== 'new');

interface Props {
  /** The selected rows, with the versions the list shows. */
  selected: TicketListItem[];
  canAssign: boolean;
  /** After a change was applied to every ticket. */
  onDone: () => void;
  onClear: () => void;
}

/**
 * One change to every selected ticket: assignee, team, status, tags added or removed. All of them change or
 * none; when some cannot, each is listed with its number and the reason, and the selection stays for a retry.
 */
export default function BulkActionBar({ selected, canAssign, onDone, onClear }: Props) {
  const t = useT();
  const toast = useToast();
  const { token } = theme.useToken();
  const users = useUsers(canAssign);
  const teams = useTeams(canAssign);
  const bulk = useBulkUpdateTickets({ inline: true });
  const [submitted, setSubmitted] = useState<TicketListItem[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [picked, setPicked] = useState<{ assignee?: string; team?: string; status?: TicketStatus }>({});

  const apply = (change: BulkTicketChange) => {
    setSubmitted(selected);
    bulk.mutate(
      { tickets: selected.map(({ id, version }) => ({ id, version })), change },
      {
        onSuccess: (result) => {
          toast.success(t('bulk.done', { count: result.changed }));
          setTags([]);
          setPicked({});
          onDone();
        },
      },
    );
  };

  const failures = bulk.error instanceof ApiError ? bulk.error.fieldErrors : [];
  // A refused ticket is named by its place in the request (`tickets.3`): shown with its number.
  const numberAt = (field: string) => (/^tickets\.\d+$/.test(field) ? submitted[Number(field.slice('tickets.'.length))]?.number : undefined);
  const agents = (users.data ?? []).filter((user) => user.isActive && user.role !== 'analyst');

  return (
    <section aria-label={t('bulk.toolbar')} data-testid="bulk-action-bar" style={{ background: token.colorPrimaryBg, border: `1px solid ${token.colorPrimaryBorder}`, borderRadius: token.borderRadiusLG, padding: '8px 12px' }}>
      <Flex gap={8} wrap align="center">
        <strong aria-live="polite">{t('bulk.selected', { count: selected.length })}</strong>
        {canAssign && (
          <Select
            aria-label={t('bulk.assign')}
            placeholder={t('bulk.assign')}
            style={{ width: 170 }}
            size="small"
            showSearch
            optionFilterProp="label"
            value={picked.assignee}
            disabled={bulk.isPending}
            options={[{ value: UNASSIGNED, label: t('ticket.unassigned') }, ...agents.map((user) => ({ value: user.id, label: user.name }))]}
            onChange={(assignee: string) => {
              setPicked({ assignee });
              apply({ assigneeId: assignee === UNASSIGNED ? null : assignee });
            }}
          />
        )}
        {canAssign && (
          <Select
            aria-label={t('bulk.team')}
            placeholder={t('bulk.team')}
            style={{ width: 150 }}
            size="small"
            value={picked.team}
            disabled={bulk.isPending}
            options={(teams.data ?? []).filter((team) => team.kind === 'team').map((team) => ({ value: team.id, label: team.name }))}
            onChange={(team: string) => {
              setPicked({ team });
              apply({ teamId: team });
            }}
          />
        )}
        <Select
          aria-label={t('bulk.status')}
          placeholder={t('bulk.status')}
          style={{ width: 170 }}
          size="small"
          value={picked.status}
          disabled={bulk.isPending}
          options={BULK_STATUSES.map((status) => ({ value: status, label: labelOf(t, 'status', status) }))}
          onChange={(status: TicketStatus) => {
            setPicked({ status });
            apply({ status });
          }}
        />
        <Select aria-label={t('bulk.tags')} placeholder={t('bulk.tags')} mode="tags" size="small" style={{ minWidth: 160 }} open={false} value={tags} disabled={bulk.isPending} onChange={setTags} />
        <Button size="small" disabled={tags.length === 0 || bulk.isPending} onClick={() => apply({ addTags: tags })}>
          {t('bulk.addTags')}
        </Button>
        <Button size="small" disabled={tags.length === 0 || bulk.isPending} onClick={() => apply({ removeTags: tags })}>
          {t('bulk.removeTags')}
        </Button>
        <Button
          size="small"
          type="text"
          icon={<CloseOutlined aria-hidden />}
          onClick={() => {
            bulk.reset();
            onClear();
          }}
          style={{ marginLeft: 'auto' }}
        >
          {t('bulk.clear')}
        </Button>
      </Flex>
      {bulk.error && (
        <Notice type="error" style={{ marginTop: 8 }}>
          <div data-testid="bulk-problem">{bulk.error instanceof ApiError ? bulk.error.message : t('errors.network')}</div>
          {failures.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {failures.map((failure) => (
                <li key={failure.field}>
                  {numberAt(failure.field) && (
                    <>
                      <span translate="no" style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}>
                        {numberAt(failure.field)}
                      </span>
                      {' · '}
                    </>
                  )}
                  {failure.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
    </section>
  );
}
