/**
 * Presence by activity. The realtime socket tells routing when a user's socket opens, is seen (heartbeat) and
 * closes. When the last one closes, a durable timer is armed: if none has opened when it fires, the user is set
 * away, and later offline (their open work is then handed on as for any offline agent). A socket opening again
 * brings back the presence they had chosen. Every node records its sockets in one table, so a user with a tab on
 * another node is still seen as present.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import type { TimerKind } from '../../platform/module.ts';
import { cancelTimersByKey, scheduleTimer, type DueTimer } from '../../platform/timers.ts';
import type { IdentityService } from '../identity/index.ts';
import * as repo from './routing.repository.ts';

export const IDLE_TIMER = 'routing.presence_idle';
/** One key per step: a timer's handler cannot re-arm its own key (the firing marks it after the handler). */
export const idleKey = (userId: string, step: 'away' | 'offline' = 'away') => `routing:idle:${userId}${step === 'away' ? '' : ':offline'}`;

export interface ActivityTimings {
  /** Minutes after the last socket closed before an online user is set away. */
  awayAfterMinutes: number;
  /** Minutes after the last socket closed before the user is set offline (their routed work is handed on). */
  offlineAfterMinutes: number;
  /** A socket whose heartbeat has not been seen for this long is taken as gone (its node stopped). */
  socketStaleMs: number;
}

export const DEFAULT_ACTIVITY_TIMINGS: ActivityTimings = { awayAfterMinutes: 5, offlineAfterMinutes: 30, socketStaleMs: 120_000 };

/** Who owns a socket, as the realtime route knows them. */
export interface SocketOwner {
  workspaceId: string;
  userId: string;
}

interface IdleStep {
  step: 'away' | 'offline';
  closedAt: string;
}

export interface ActivityDeps {
  db: Db;
  clock: Clock;
  identity: Pick<IdentityService, 'getUsersByIds' | 'setPresenceInTransaction'>;
  timings?: Partial<ActivityTimings>;
}

export function createPresenceActivity(deps: ActivityDeps) {
  const { db, clock, identity } = deps;
  const timings = { ...DEFAULT_ACTIVITY_TIMINGS, ...deps.timings };
  const liveSince = () => new Date(clock.now().getTime() - timings.socketStaleMs);

  /** A socket opened: any pending idle step is called off, and what routing set for inactivity is undone. */
  async function socketOpened(owner: SocketOwner, socketId: string): Promise<void> {
    await db.transaction(async (tx) => {
      const now = clock.now();
      await repo.insertSocket(tx, owner.workspaceId, owner.userId, socketId, now);
      await cancelTimersByKey(tx, owner.workspaceId, [idleKey(owner.userId, 'away'), idleKey(owner.userId, 'offline')]);
      const state = await repo.lockActivityPresence(tx, owner.workspaceId, owner.userId, now);
      if (!state.activityPresence) return;
      const [user] = await identity.getUsersByIds(owner.workspaceId, [owner.userId], tx);
      // Changed by the user since routing set it: their own choice stands.
      if (user && user.presence === state.activityPresence && state.chosenPresence) {
        await identity.setPresenceInTransaction(tx, owner.workspaceId, owner.userId, state.chosenPresence);
      }
      await repo.setActivityPresence(tx, owner.workspaceId, owner.userId, { activityPresence: null, chosenPresence: null }, now);
    });
  }

  async function socketSeen(owner: SocketOwner, socketId: string): Promise<void> {
    await repo.touchSocket(db, owner.workspaceId, owner.userId, socketId, clock.now());
  }

  /** A socket closed: if it was the user's last, the away step is armed. */
  async function socketClosed(owner: SocketOwner, socketId: string): Promise<void> {
    await db.transaction(async (tx) => {
      await repo.deleteSocket(tx, owner.workspaceId, owner.userId, socketId);
      if ((await repo.countLiveSockets(tx, owner.workspaceId, owner.userId, liveSince())) > 0) return;
      const closedAt = clock.now();
      await armStep(tx, owner, { step: 'away', closedAt: closedAt.toISOString() }, new Date(closedAt.getTime() + timings.awayAfterMinutes * 60_000));
    });
  }

  async function armStep(tx: Sql, owner: SocketOwner, step: IdleStep, dueAt: Date): Promise<void> {
    await scheduleTimer(tx, clock, { workspaceId: owner.workspaceId, key: idleKey(owner.userId, step.step), kind: IDLE_TIMER, dueAt, payload: { userId: owner.userId, ...step } });
  }

  /** The idle timer fired: nobody came back, so the next step of presence is taken (online → away → offline). */
  async function onIdle(timer: DueTimer, tx: Sql): Promise<void> {
    const userId = timer.payload.userId as string;
    const { step, closedAt } = timer.payload as Partial<IdleStep> as IdleStep;
    const owner = { workspaceId: timer.workspaceId, userId };
    if ((await repo.countLiveSockets(tx, owner.workspaceId, userId, liveSince())) > 0) return;
    const state = await repo.lockActivityPresence(tx, owner.workspaceId, userId, clock.now());
    const [user] = await identity.getUsersByIds(owner.workspaceId, [userId], tx);
    if (!user || !user.isActive) return;
    // The user's own choice is what returns; a presence routing set earlier is not a choice.
    const current = user.presence as 'online' | 'away' | 'offline';
    const chosen = state.activityPresence && current === state.activityPresence ? (state.chosenPresence ?? current) : current;
    if (chosen === 'offline') return;
    const next = step === 'away' && current === 'online' ? 'away' : step === 'offline' ? 'offline' : null;
    if (next) {
      await identity.setPresenceInTransaction(tx, owner.workspaceId, userId, next);
      await repo.setActivityPresence(tx, owner.workspaceId, userId, { activityPresence: next, chosenPresence: chosen }, clock.now());
    }
    if (step === 'away') await armStep(tx, owner, { step: 'offline', closedAt }, new Date(new Date(closedAt).getTime() + timings.offlineAfterMinutes * 60_000));
  }

  const timers: TimerKind[] = [{ kind: IDLE_TIMER, handle: onIdle }];
  return { socketOpened, socketSeen, socketClosed, timers };
}

export type PresenceActivity = Omit<ReturnType<typeof createPresenceActivity>, 'timers'>;
