/**
 * Shift starts: an agent whose working hours begin may take queued work at once, so each agent with hours has a
 * durable timer `routing:shift:<user>` at their next shift start; when it fires they are announced available (their
 * teams' queues drain to them if they are online) and the timer moves on to the following start.
 */
import { systemActor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import type { TimerKind } from '../../platform/module.ts';
import { cancelTimers, scheduleTimer, type DueTimer } from '../../platform/timers.ts';
import type { IdentityService } from '../identity/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import * as repo from './routing.repository.ts';
import { effectiveHours, nextShiftStart } from './routing-schedule.ts';

export const SHIFT_TIMER = 'routing.shift_start';
/** Keyed by the start too: a handler cannot re-arm the key it is firing (the firing marks it afterwards). */
const shiftKeyPrefix = (userId: string) => `routing:shift:${userId}:`;
const shiftKey = (userId: string, start: Date) => `${shiftKeyPrefix(userId)}${start.getTime()}`;

export interface ShiftDeps {
  clock: Clock;
  identity: Pick<IdentityService, 'getUsersByIds' | 'listUsers'>;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
  announceAvailable(tx: Sql, workspaceId: string, userId: string, reason: 'online'): Promise<void>;
}

export function createShiftStarts(deps: ShiftDeps) {
  const { clock, identity, workspaces } = deps;

  /** Arms (or removes) each agent's timer at the earliest next start of the hours they work in their routed teams. */
  async function armShiftStarts(tx: Sql, workspaceId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const users = await identity.getUsersByIds(workspaceId, [...userIds], tx);
    const teams = new Map((await repo.selectTeamRoutings(tx, workspaceId)).map((team) => [team.teamId, team]));
    const loads = await repo.selectAgentLoads(tx, workspaceId, userIds);
    const workspace = await workspaces.getWorkspace(workspaceId, tx);
    const now = clock.now();
    for (const user of users) {
      const own = loads.get(user.id)?.schedule ?? null;
      const starts = user.teamIds
        .map((teamId) => teams.get(teamId))
        .filter((team) => team !== undefined && team.strategy !== 'manual')
        .map((team) => effectiveHours(own, team!.schedule))
        .map((hours) => (hours ? nextShiftStart(hours, workspace.timezone, now) : null))
        .filter((start): start is Date => start !== null);
      await cancelTimers(tx, workspaceId, shiftKeyPrefix(user.id));
      if (starts.length === 0) continue;
      const dueAt = new Date(Math.min(...starts.map((start) => start.getTime())));
      await scheduleTimer(tx, clock, { workspaceId, key: shiftKey(user.id, dueAt), kind: SHIFT_TIMER, dueAt, payload: { userId: user.id } });
    }
  }

  /** Every routable member of a team (its hours changed). */
  async function armTeamShiftStarts(tx: Sql, workspaceId: string, teamId: string): Promise<void> {
    const members = await identity.listUsers(systemActor(workspaceId), { teamId, isActive: true }, tx);
    await armShiftStarts(tx, workspaceId, members.map((member) => member.id));
  }

  async function onShiftStart(timer: DueTimer, tx: Sql): Promise<void> {
    const userId = timer.payload.userId as string;
    await deps.announceAvailable(tx, timer.workspaceId, userId, 'online');
    await armShiftStarts(tx, timer.workspaceId, [userId]);
  }

  const timers: TimerKind[] = [{ kind: SHIFT_TIMER, handle: onShiftStart }];
  return { armShiftStarts, armTeamShiftStarts, timers };
}

export type ShiftStarts = ReturnType<typeof createShiftStarts>;
