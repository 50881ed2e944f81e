import type { Kernel } from '../kernel.ts';
import type { ManualClock } from '../platform/clock.ts';
import { emitEvent } from '../platform/outbox.ts';
import { scheduleTimer } from '../platform/timers.ts';

/** A subscriber and a timer kind that fail while `isBroken`, as a mail server that refuses does. */
export interface FailingProbe {
  isBroken: boolean;
  /** Successful runs, per event id or timer key. */
  delivered: Map<string, number>;
}

export const PROBE_EVENT = 'probe.dead_letter';
export const PROBE_SUBSCRIBER = 'probe.mailer';
export const PROBE_TIMER = 'probe.reminder';
export const PROBE_ERROR = 'mail server refused: 554 relay denied';

const probes = new WeakMap<Kernel, FailingProbe>();

/** Registers the probe on the kernel's dispatcher and timer runner (once per kernel). */
export function installFailingProbe(kernel: Kernel): FailingProbe {
  const existing = probes.get(kernel);
  if (existing) return existing;
  const probe: FailingProbe = { isBroken: true, delivered: new Map() };
  const run = (id: string) => {
    if (probe.isBroken) throw new Error(PROBE_ERROR);
    probe.delivered.set(id, (probe.delivered.get(id) ?? 0) + 1);
  };
  kernel.dispatcher.subscribe({ name: PROBE_SUBSCRIBER, types: [PROBE_EVENT], handle: async (event) => run(String(event.id)) });
  kernel.timers.register(PROBE_TIMER, async (timer) => run(timer.key));
  probes.set(kernel, probe);
  return probe;
}

let serial = 0;

export interface DeadPair {
  eventId: number;
  timerKey: string;
}

/**
 * Dead deliveries and dead timers in the workspace (`count` of each), made the way production makes them: the
 * probe fails on every attempt while the manual clock skips each back-off exactly (about 8.5 minutes in all for
 * 10 attempts, less than a session's rotation), until the attempts run out. Needs a kernel without background
 * loops: the test drives the dispatcher and timers.
 */
export async function makeDeadLetters(kernel: Kernel, clock: ManualClock, workspaceId: string, count = 1): Promise<DeadPair[]> {
  const probe = installFailingProbe(kernel);
  probe.isBroken = true;
  const made: { aggregateId: string; timerKey: string }[] = [];
  for (let i = 0; i < count; i++) {
    const id = ++serial;
    made.push({ aggregateId: `probe-${id}`, timerKey: `probe:reminder:${id}` });
    await emitEvent(kernel.db, clock, { workspaceId, type: PROBE_EVENT, aggregateType: 'probe', aggregateId: `probe-${id}` });
    await scheduleTimer(kernel.db, clock, { workspaceId, key: `probe:reminder:${id}`, kind: PROBE_TIMER, dueAt: clock.now() });
  }
  for (let failures = 1; failures <= kernel.config.KEFU_MAX_DELIVERY_ATTEMPTS; failures++) {
    await kernel.dispatcher.drain();
    await kernel.timers.drain();
    // The back-off after the n-th failure (outbox.ts, timers.ts): 2^(n-1) seconds, at most 10 minutes.
    clock.advanceMs(Math.min(10 * 60_000, 1000 * 2 ** (failures - 1)) + 1);
  }
  const rows = await kernel.db.query<{ id: number; aggregate_id: string; is_dead: boolean }>(
    `SELECT e.id, e.aggregate_id,
            EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id AND d.dead_at IS NOT NULL) AS is_dead
       FROM outbox_events e WHERE e.workspace_id = $1 AND e.aggregate_id = ANY($2::text[])`,
    [workspaceId, made.map((pair) => pair.aggregateId)],
  );
  const deadTimers = await kernel.db.query<{ key: string }>('SELECT key FROM timers WHERE workspace_id = $1 AND key = ANY($2::text[]) AND dead_at IS NOT NULL', [
    workspaceId,
    made.map((pair) => pair.timerKey),
  ]);
  if (rows.filter((row) => row.is_dead).length !== count || deadTimers.length !== count) throw new Error('the probe did not end dead');
  return made.map((pair) => ({ eventId: rows.find((row) => row.aggregate_id === pair.aggregateId)!.id, timerKey: pair.timerKey }));
}
