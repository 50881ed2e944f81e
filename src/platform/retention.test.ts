import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { ManualClock } from './clock.ts';
import { newId } from './ids.ts';
import { emitEvent, OutboxDispatcher } from './outbox.ts';
import { platformRetentionRules, purgeDeliveredEvents, RetentionSweeper } from './retention.ts';
import { scheduleTimer, TimerRunner } from './timers.ts';

const DAY_MINUTES = 24 * 60;
const config = { KEFU_RETAIN_EVENTS_DAYS: 30, KEFU_RETAIN_TIMERS_DAYS: 7 };

describe('retention of delivered events and fired timers', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const eventTypes = (workspaceId: string) =>
    testDb.db.query<{ type: string }>('SELECT type FROM outbox_events WHERE workspace_id = $1 ORDER BY id', [workspaceId]).then((rows) => rows.map((row) => row.type));
  const deliveryCount = (workspaceId: string) =>
    testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_deliveries WHERE workspace_id = $1', [workspaceId]).then((rows) => rows[0]!.n);
  const timerKeys = (workspaceId: string) =>
    testDb.db.query<{ key: string }>('SELECT key FROM timers WHERE workspace_id = $1 ORDER BY key', [workspaceId]).then((rows) => rows.map((row) => row.key));

  it('deletes delivered events (and their deliveries) past KEFU_RETAIN_EVENTS_DAYS; keeps newer, pending and dead ones', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const workspaceId = newId();
    const bystander = newId();
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock, maxAttempts: 1 });
    dispatcher.subscribe({ name: 'probe.ok', types: ['probe.old', 'probe.recent', 'probe.pending'], handle: async () => undefined });
    dispatcher.subscribe({
      name: 'probe.broken',
      types: ['probe.dead'],
      async handle() {
        throw new Error('broken');
      },
    });
    const emit = (ws: string, type: string) => emitEvent(testDb.db, clock, { workspaceId: ws, type, aggregateType: 'probe', aggregateId: newId() });
    await emit(workspaceId, 'probe.old');
    await emit(workspaceId, 'probe.dead');
    await emit(bystander, 'probe.old');
    await dispatcher.drain();
    clock.advanceMinutes(20 * DAY_MINUTES);
    await emit(workspaceId, 'probe.recent');
    await dispatcher.drain();
    clock.advanceMinutes(11 * DAY_MINUTES);
    // Written but not delivered yet (no dispatcher ran): old or not, it stays.
    await testDb.db.query(
      `INSERT INTO outbox_events (workspace_id, type, aggregate_type, aggregate_id, payload, occurred_at, available_at)
       VALUES ($1, 'probe.pending', 'probe', 'p', '{}', $2, $3)`,
      [workspaceId, new Date('2025-01-01T00:00:00Z'), new Date('2099-01-01T00:00:00Z')],
    );
    expect(await deliveryCount(workspaceId)).toBe(3);

    const sweeper = new RetentionSweeper({ clock, rules: platformRetentionRules(testDb.db, config), listWorkspaceIds: async () => [workspaceId] });
    expect(await sweeper.drain()).toBe(1);
    // 31 days after the first delivery: the old one goes with its delivery row; the dead one waits for a retry.
    expect(await eventTypes(workspaceId)).toEqual(['probe.dead', 'probe.recent', 'probe.pending']);
    expect(await deliveryCount(workspaceId)).toBe(2);
    // Only the workspaces listed are touched.
    expect(await eventTypes(bystander)).toEqual(['probe.old']);

    clock.advanceMinutes(30 * DAY_MINUTES);
    expect(await sweeper.drain()).toBe(1);
    expect(await eventTypes(workspaceId)).toEqual(['probe.dead', 'probe.pending']);
  });

  it('deletes in batches of the given size, one batch per rule and workspace per sweep', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const workspaces = [newId(), newId()];
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock });
    for (const workspaceId of workspaces) for (let i = 0; i < 7; i++) await emitEvent(testDb.db, clock, { workspaceId, type: 'probe.batch', aggregateType: 'probe', aggregateId: String(i) });
    await dispatcher.drain();
    clock.advanceMinutes(31 * DAY_MINUTES);
    const sweeper = new RetentionSweeper({ clock, batchSize: 3, rules: platformRetentionRules(testDb.db, config), listWorkspaceIds: async () => workspaces });
    const sweeps: number[] = [];
    for (let count = await sweeper.sweep(); count > 0; count = await sweeper.sweep()) sweeps.push(count);
    expect(sweeps).toEqual([6, 6, 2]);
    for (const workspaceId of workspaces) expect(await eventTypes(workspaceId)).toEqual([]);
    // A direct call is bounded by its limit too.
    expect(await purgeDeliveredEvents(testDb.db, workspaces[0]!, clock.now(), 3)).toBe(0);
  });

  it('deletes fired timers past KEFU_RETAIN_TIMERS_DAYS; keeps pending, dead and recently fired ones; a purged key can be scheduled again', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const workspaceId = newId();
    const runner = new TimerRunner({ db: testDb.db, clock, maxAttempts: 1 });
    let fired = 0;
    runner.register('probe.ok', async () => void fired++);
    runner.register('probe.broken', async () => {
      throw new Error('broken');
    });
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'a:fired-long-ago', kind: 'probe.ok', dueAt: clock.now() });
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'b:dead', kind: 'probe.broken', dueAt: clock.now() });
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'c:pending', kind: 'probe.ok', dueAt: new Date('2027-01-01T00:00:00Z') });
    await runner.drain();
    clock.advanceMinutes(5 * DAY_MINUTES);
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'd:fired-lately', kind: 'probe.ok', dueAt: clock.now() });
    await runner.drain();
    clock.advanceMinutes(3 * DAY_MINUTES);

    const sweeper = new RetentionSweeper({ clock, rules: platformRetentionRules(testDb.db, config), listWorkspaceIds: async () => [workspaceId] });
    expect(await sweeper.drain()).toBe(1);
    expect(await timerKeys(workspaceId)).toEqual(['b:dead', 'c:pending', 'd:fired-lately']);

    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'a:fired-long-ago', kind: 'probe.ok', dueAt: clock.now() });
    await runner.drain();
    expect(fired).toBe(3);
    expect(await timerKeys(workspaceId)).toEqual(['a:fired-long-ago', 'b:dead', 'c:pending', 'd:fired-lately']);
  });
});
