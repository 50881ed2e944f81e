/** What the complaint service's parts share: dependencies, lookups, the ticket timeline, events and supervisor notices. */
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { AuditService } from '../audit/index.ts';
import type { CollaborationService } from '../collaboration/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { deferTimelineEntry, type TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { complaintsOutbox, type ComplaintEventPayloads } from './complaints.events.ts';
import * as repo from './complaints.repository.ts';

export interface ComplaintsDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
  identity: Pick<IdentityService, 'listUsers' | 'getUsersByIds' | 'getTeamsByIds'>;
  tickets: Pick<TicketsService, 'getTicket' | 'getTicketInTransaction' | 'updateTicket' | 'updateTicketInTransaction'>;
  notifications: Pick<NotificationsService, 'notifyInTransaction'>;
  collaboration: Pick<CollaborationService, 'createSubtaskInTransaction'>;
}

export const TIMER_KINDS = { followUpDue: 'complaints.follow_up_due' } as const;

export function createComplaintsContext(deps: ComplaintsDeps) {
  const { db, clock } = deps;
  const ctx = {
    deps,
    db,
    clock,

    async requireComplaint(sql: Sql, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<repo.ComplaintRecord> {
      const complaint = isUuid(id) ? await repo.selectComplaint(sql, actor.workspaceId, id, options) : undefined;
      if (!complaint) throw new AppError('not_found', 'complaints.not_found');
      return complaint;
    },

    async emit<T extends keyof ComplaintEventPayloads>(tx: Sql, actor: Actor, type: T, ticketId: string, payload: ComplaintEventPayloads[T]): Promise<void> {
      await complaintsOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type, aggregateType: 'ticket', aggregateId: ticketId, actorId: actor.userId, payload });
    },

    /** A line on the ticket's timeline (rendered in the reader's language from the key). */
    async timeline(tx: Sql, actor: Actor, ticketId: string, kind: string, summaryKey: string, summaryParams: Record<string, string | number>, details: Record<string, unknown> = {}): Promise<void> {
      await deferTimelineEntry(tx, actor.workspaceId, ticketId, {
        kind,
        stage: 'handling',
        at: clock.now(),
        operatorType: actor.kind === 'system' ? 'system' : 'user',
        operatorId: actor.userId ?? undefined,
        details: { ...details, summaryKey, summaryParams },
      });
    },

    async supervisorIds(tx: Sql, workspaceId: string): Promise<string[]> {
      const users = await deps.identity.listUsers(systemActor(workspaceId), { role: 'supervisor', isActive: true }, tx);
      return users.map((user) => user.id);
    },

    /** Tells the workspace's supervisors (never the actor themselves), once per occasion. */
    async notifySupervisors(tx: Sql, actor: Actor, occasion: string, titleKey: string, ticket: { id: string; number: string }, params: Record<string, string | number> = {}): Promise<void> {
      const ids = (await ctx.supervisorIds(tx, actor.workspaceId)).filter((id) => id !== actor.userId);
      await ctx.notify(tx, actor.workspaceId, ids, occasion, titleKey, ticket, params);
    },

    async notify(tx: Sql, workspaceId: string, userIds: readonly string[], occasion: string, titleKey: string, ticket: { id: string; number: string }, params: Record<string, string | number> = {}): Promise<void> {
      await deps.notifications.notifyInTransaction(
        tx,
        workspaceId,
        [...new Set(userIds)].map((userId) => ({ userId, kind: 'complaint', titleKey, params: { number: ticket.number, ...params }, ticketId: ticket.id, ticketNumber: ticket.number, sourceKey: `complaint:${occasion}` })),
      );
    },
  };
  return ctx;
}

export type ComplaintsContext = ReturnType<typeof createComplaintsContext>;
