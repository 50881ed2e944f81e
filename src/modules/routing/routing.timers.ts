/** Unassigned reminders: a ticket waiting longer than its team allows is brought to the team's supervisors, once. */
import { systemActor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import type { TimerKind } from '../../platform/module.ts';
import type { DueTimer } from '../../platform/timers.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { REMINDER_TIMER } from './routing.engine.ts';
import * as repo from './routing.repository.ts';

export function createRoutingTimers(deps: { identity: IdentityService; notifications: Pick<NotificationsService, 'notifyInTransaction'> }): TimerKind[] {
  async function remind(timer: DueTimer, tx: Sql): Promise<void> {
    const { ticketId, queuedAt } = timer.payload as { ticketId: string; queuedAt: string };
    const ticket = await repo.selectRoutingTicket(tx, timer.workspaceId, ticketId);
    // Taken, solved, or queued again since the reminder was armed: that wait is over.
    if (!ticket || ticket.assigneeId !== null || !ticket.teamId || ticket.queuedAt.toISOString() !== queuedAt) return;
    const [team] = await deps.identity.getTeamsByIds(timer.workspaceId, [ticket.teamId], tx);
    const supervisors = await deps.identity.listUsers(systemActor(timer.workspaceId), { teamId: ticket.teamId, role: 'supervisor', isActive: true }, tx);
    const minutes = Math.round((timer.dueAt.getTime() - ticket.queuedAt.getTime()) / 60_000);
    await deps.notifications.notifyInTransaction(
      tx,
      timer.workspaceId,
      supervisors.map((supervisor) => ({
        userId: supervisor.id,
        kind: 'routing.unassigned',
        titleKey: 'routing.notice.unassigned',
        params: { number: ticket.number, subject: ticket.subject, minutes, team: team?.name ?? '' },
        ticketId,
        ticketNumber: ticket.number,
        sourceKey: `routing:unassigned:${ticketId}:${queuedAt}`,
      })),
    );
  }
  return [{ kind: REMINDER_TIMER, handle: remind }];
}
