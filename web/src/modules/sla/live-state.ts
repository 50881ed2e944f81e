import type { SlaState, TargetStatus } from '../../shared/index.ts';

/** A ticket's summary state or one target's clock state: what an SLA badge can show. */
export type BadgeState = SlaState | TargetStatus;

/**
 * The state a target is in right now: the server's state, moved on by the clock between its events
 * (a countdown turns amber at the warning point and red at the due time without waiting for a push).
 */
export function liveState(state: BadgeState, now: number, dueAt: string | null, warnAt: string | null): BadgeState {
  if (state !== 'active' && state !== 'warning') return state;
  if (dueAt && Date.parse(dueAt) <= now) return 'breached';
  if (state === 'active' && warnAt && Date.parse(warnAt) <= now) return 'warning';
  return state;
}
