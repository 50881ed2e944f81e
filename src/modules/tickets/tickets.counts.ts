/** Counts for the supervisor's dashboard: open work by status, priority, SLA state and team, and today's flow. */
import type { Actor } from '../../platform/actor.ts';
import { assertCan } from '../identity/index.ts';
import { SLA_STATES, type SlaState } from '../../contracts/sla.ts';
import { PRIORITIES, type Priority } from './ticket-fields.ts';
import { isRestrictedViewer } from './ticket-list-query.ts';
import { ACTIVE_STATUSES, type TicketStatus } from './ticket-status.ts';
import { localDay, startOfLocalDay } from './numbering.ts';
import * as countsRepo from './ticket-counts.repository.ts';
import type { PersonRef, TicketsContext } from './tickets.context.ts';

export interface TicketCounts {
  /** Tickets in an active status (new, open, pending, on hold). */
  open: number;
  /** Open tickets nobody is assigned to. */
  unassigned: number;
  /** Open tickets by status: every active status, with 0 when none (solved and closed are not open work). */
  byStatus: Partial<Record<TicketStatus, number>>;
  byPriority: Record<Priority, number>;
  bySlaState: Record<SlaState, number>;
  /** Open tickets by team, most first; `team: null` for tickets without one. */
  byTeam: { team: PersonRef | null; count: number }[];
  /** Since the start of today in the workspace's time zone. */
  today: { since: Date; created: number; solved: number };
  asOf: Date;
}

export function createTicketCountOps(ctx: TicketsContext) {
  const { deps } = ctx;
  return {
    /** Computed by the database in one statement, for whoever holds `analytics.read` (and only of tickets they may see). */
    async countTickets(actor: Actor): Promise<TicketCounts> {
      assertCan(actor, 'analytics.read');
      const workspaceId = actor.workspaceId;
      const now = ctx.clock.now();
      const { timezone } = await deps.workspaces.getWorkspace(workspaceId);
      const since = startOfLocalDay(localDay(now, timezone), timezone);
      const rows = await countsRepo.selectTicketCounts(ctx.db, workspaceId, {
        activeStatuses: ACTIVE_STATUSES,
        since,
        visibleTo: isRestrictedViewer(actor) ? { departmentIds: actor.teamIds, userId: actor.userId } : undefined,
      });
      const teamIds = [...rows.byTeam.keys()].filter((id): id is string => id !== null);
      const teams = new Map((await deps.identity.getTeamsByIds(workspaceId, teamIds)).map((team) => [team.id, { id: team.id, name: team.name }]));
      const tally = <K extends string>(keys: readonly K[], counts: Map<string, number>) =>
        Object.fromEntries(keys.map((key) => [key, counts.get(key) ?? 0])) as Record<K, number>;
      return {
        open: [...rows.byStatus.values()].reduce((sum, n) => sum + n, 0),
        unassigned: rows.unassigned,
        byStatus: tally(ACTIVE_STATUSES, rows.byStatus),
        byPriority: tally(PRIORITIES, rows.byPriority),
        bySlaState: tally(SLA_STATES, rows.bySlaState),
        byTeam: [...rows.byTeam]
          .map(([teamId, count]) => ({ team: teamId === null ? null : (teams.get(teamId) ?? { id: teamId, name: '' }), count }))
          .sort((a, b) => b.count - a.count || (a.team?.name ?? '').localeCompare(b.team?.name ?? '')),
        today: { since, created: rows.createdSince, solved: rows.solvedSince },
        asOf: now,
      };
    },
  };
}
