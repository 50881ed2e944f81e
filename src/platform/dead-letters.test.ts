import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { ManualClock } from './clock.ts';
import { openDb } from './db.ts';
import { countDeadLetters, listDeadDeliveries, listDeadTimers, retryDeadDeliveries, retryDeadTimers } from './dead-letters.ts';
import { newId } from './ids.ts';
import { listMigrationFiles, migrate, MIGRATIONS_DIR } from './migrate.ts';
import { emitEvent, OutboxDispatcher } from './outbox.ts';
import { cancelTimersByKey, scheduleTimer, TimerRunner } from './timers.ts';

const MAX_ATTEMPTS = 4;
/** Past the longest back-off, so every call retries what failed. */
const PAST_BACKOFF_MINUTES = 11;

describe('dead letters', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const deliveriesOf = (workspaceId: string) =>
    testDb.db.query<{ event_id: number; subscriber: string; delivered: boolean; dead: boolean; attempts: number | null; last_error: string | null }>(
      `SELECT event_id, subscriber, delivered_at IS NOT NULL AS delivered, dead_at IS NOT NULL AS dead, attempts, last_error
         FROM outbox_deliveries WHERE workspace_id = $1 ORDER BY event_id, subscriber`,
      [workspaceId],
    );
  const eventsOf = (workspaceId: string) =>
    testDb.db.query<{ id: number; type: string; dispatched: boolean }>('SELECT id, type, dispatched_at IS NOT NULL AS dispatched FROM outbox_events WHERE workspace_id = $1 ORDER BY id', [workspaceId]);

  it('a subscriber that keeps failing ends dead after N attempts, stops being tried, and succeeds when retried once fixed', async () => {
    const clock = new ManualClock();
    const workspaceId = newId();
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock, maxAttempts: MAX_ATTEMPTS });
    let isBroken = true;
    const calls = { flaky: 0, steady: 0, later: 0 };
    dispatcher.subscribe({
      name: 'probe.flaky',
      types: ['probe.first'],
      async handle() {
        calls.flaky++;
        if (isBroken) throw new Error('mail server refused');
      },
    });
    dispatcher.subscribe({ name: 'probe.steady', types: ['probe.first'], handle: async () => void calls.steady++ });
    dispatcher.subscribe({ name: 'probe.later', types: ['probe.second'], handle: async () => void calls.later++ });
    await emitEvent(testDb.db, clock, { workspaceId, type: 'probe.first', aggregateType: 'probe', aggregateId: 'a' });
    clock.advanceMs(1);
    await emitEvent(testDb.db, clock, { workspaceId, type: 'probe.second', aggregateType: 'probe', aggregateId: 'a' });

    const attemptsOfFirst = async () => (await testDb.db.query<{ attempts: number }>('SELECT attempts FROM outbox_events WHERE workspace_id = $1 ORDER BY id LIMIT 1', [workspaceId]))[0]?.attempts;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await dispatcher.drain();
      expect(await attemptsOfFirst()).toBe(attempt);
      expect(await countDeadLetters(testDb.db, workspaceId)).toEqual({ deliveries: 0, timers: 0 });
      clock.advanceMinutes(PAST_BACKOFF_MINUTES);
    }
    await dispatcher.drain();
    expect({ steady: calls.steady, later: calls.later }).toEqual({ steady: 1, later: 1 });
    const callsWhenDead = calls.flaky;

    // Dead: kept with its last error, the event settled (its aggregate's next event went through), never claimed again.
    const [first, second] = await eventsOf(workspaceId);
    expect([first?.dispatched, second?.dispatched]).toEqual([true, true]);
    expect(await deliveriesOf(workspaceId)).toEqual([
      { event_id: first!.id, subscriber: 'probe.flaky', delivered: false, dead: true, attempts: MAX_ATTEMPTS, last_error: 'mail server refused' },
      { event_id: first!.id, subscriber: 'probe.steady', delivered: true, dead: false, attempts: null, last_error: null },
      { event_id: second!.id, subscriber: 'probe.later', delivered: true, dead: false, attempts: null, last_error: null },
    ]);
    clock.advanceMinutes(60);
    await dispatcher.drain();
    expect(calls.flaky).toBe(callsWhenDead);
    const dead = await listDeadDeliveries(testDb.db, workspaceId, { limit: 10 });
    expect(dead).toEqual([
      {
        eventId: first!.id,
        eventType: 'probe.first',
        aggregateType: 'probe',
        aggregateId: 'a',
        subscriber: 'probe.flaky',
        attempts: MAX_ATTEMPTS,
        lastError: 'mail server refused',
        occurredAt: expect.any(Date),
        deadAt: expect.any(Date),
      },
    ]);

    // Another workspace cannot retry it.
    expect(await retryDeadDeliveries(testDb.db, clock, newId(), { eventId: first!.id, subscriber: 'probe.flaky' })).toBe(0);

    isBroken = false;
    expect(await retryDeadDeliveries(testDb.db, clock, workspaceId, { eventId: first!.id, subscriber: 'probe.flaky' })).toBe(1);
    expect((await eventsOf(workspaceId))[0]?.dispatched).toBe(false);
    await dispatcher.drain();
    // Only the dead delivery ran again; the subscriber that had delivered it did not.
    expect(calls).toEqual({ flaky: callsWhenDead + 1, steady: 1, later: 1 });
    expect((await deliveriesOf(workspaceId)).map((row) => [row.subscriber, row.delivered, row.dead])).toEqual([
      ['probe.flaky', true, false],
      ['probe.steady', true, false],
      ['probe.later', true, false],
    ]);
    expect((await eventsOf(workspaceId)).map((row) => row.dispatched)).toEqual([true, true]);
    expect(await countDeadLetters(testDb.db, workspaceId)).toEqual({ deliveries: 0, timers: 0 });
  });

  it('a retried delivery that fails again gets N fresh attempts before it is dead again; retrying all requeues every one', async () => {
    const clock = new ManualClock();
    const workspaceId = newId();
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock, maxAttempts: 2 });
    dispatcher.subscribe({
      name: 'probe.always_fails',
      types: ['probe.doomed'],
      async handle() {
        throw new Error('still broken');
      },
    });
    for (const id of ['x', 'y']) await emitEvent(testDb.db, clock, { workspaceId, type: 'probe.doomed', aggregateType: 'probe', aggregateId: id });
    const runUntilSettled = async () => {
      for (let i = 0; i < 5; i++) {
        await dispatcher.drain();
        clock.advanceMinutes(PAST_BACKOFF_MINUTES);
      }
    };
    await runUntilSettled();
    expect((await countDeadLetters(testDb.db, workspaceId)).deliveries).toBe(2);
    expect(await retryDeadDeliveries(testDb.db, clock, workspaceId)).toBe(2);
    expect((await countDeadLetters(testDb.db, workspaceId)).deliveries).toBe(0);
    await dispatcher.drain();
    expect((await countDeadLetters(testDb.db, workspaceId)).deliveries).toBe(0);
    await runUntilSettled();
    expect((await listDeadDeliveries(testDb.db, workspaceId, { limit: 10 })).map((row) => row.attempts)).toEqual([2, 2]);
  });

  it('a timer that keeps failing ends dead, is not claimed again, and fires when retried once fixed', async () => {
    const clock = new ManualClock();
    const workspaceId = newId();
    const runner = new TimerRunner({ db: testDb.db, clock, maxAttempts: MAX_ATTEMPTS });
    let isBroken = true;
    let calls = 0;
    runner.register('probe.reminder', async () => {
      calls++;
      if (isBroken) throw new Error('reminder target gone');
    });
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'probe:reminder:1', kind: 'probe.reminder', dueAt: clock.now() });
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 3; attempt++) {
      await runner.drain();
      clock.advanceMinutes(PAST_BACKOFF_MINUTES);
    }
    expect(calls).toBe(MAX_ATTEMPTS);
    expect(await listDeadTimers(testDb.db, workspaceId, { limit: 10 })).toEqual([
      { key: 'probe:reminder:1', kind: 'probe.reminder', attempts: MAX_ATTEMPTS, lastError: 'reminder target gone', dueAt: expect.any(Date), deadAt: expect.any(Date) },
    ]);
    expect(await retryDeadTimers(testDb.db, clock, newId(), 'probe:reminder:1')).toBe(0);

    isBroken = false;
    expect(await retryDeadTimers(testDb.db, clock, workspaceId, 'probe:reminder:1')).toBe(1);
    await runner.drain();
    expect(calls).toBe(MAX_ATTEMPTS + 1);
    const [timer] = await testDb.db.query<{ fired: boolean; dead: boolean }>('SELECT fired_at IS NOT NULL AS fired, dead_at IS NOT NULL AS dead FROM timers WHERE workspace_id = $1', [workspaceId]);
    expect(timer).toEqual({ fired: true, dead: false });
  });

  it('rescheduling a dead timer re-arms it, and cancelling its key removes it', async () => {
    const clock = new ManualClock();
    const workspaceId = newId();
    const runner = new TimerRunner({ db: testDb.db, clock, maxAttempts: 1 });
    let calls = 0;
    runner.register('probe.once', async () => {
      calls++;
      throw new Error('no');
    });
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'probe:once', kind: 'probe.once', dueAt: clock.now() });
    await runner.drain();
    expect((await countDeadLetters(testDb.db, workspaceId)).timers).toBe(1);
    await scheduleTimer(testDb.db, clock, { workspaceId, key: 'probe:once', kind: 'probe.once', dueAt: clock.now() });
    expect((await countDeadLetters(testDb.db, workspaceId)).timers).toBe(0);
    await runner.drain();
    expect(calls).toBe(2);
    await cancelTimersByKey(testDb.db, workspaceId, ['probe:once']);
    expect(await testDb.db.query('SELECT key FROM timers WHERE workspace_id = $1', [workspaceId])).toEqual([]);
  });
});

describe('timers that gave up before dead letters existed', () => {
  it('become dead timers when the backfill migration runs', async () => {
    const earlier = mkdtempSync(join(tmpdir(), 'kefu-migrations-'));
    for (const name of listMigrationFiles().filter((file) => file < '0017')) cpSync(join(MIGRATIONS_DIR, name), join(earlier, name));
    const db = await openDb({});
    try {
      await migrate(db, earlier);
      const workspaceId = newId();
      const at = new Date('2026-01-01T00:00:00Z');
      await db.query(
        `INSERT INTO timers (workspace_id, key, kind, due_at, created_at, fired_at, attempts, last_error) VALUES
           ($1, 'gave-up', 'probe', $2, $2, $2, 10, 'boom'), ($1, 'fired-after-failures', 'probe', $2, $2, $2, 3, 'boom'), ($1, 'fired', 'probe', $2, $2, $2, 0, NULL)`,
        [workspaceId, at],
      );
      // Up to the backfill only: the migrations after it have nothing to say about timers (and take long on PGlite).
      cpSync(join(MIGRATIONS_DIR, '0017_dead_timers_backfill.sql'), join(earlier, '0017_dead_timers_backfill.sql'));
      await migrate(db, earlier);
      expect(await listDeadTimers(db, workspaceId, { limit: 10 })).toEqual([{ key: 'gave-up', kind: 'probe', attempts: 10, lastError: 'boom', dueAt: at, deadAt: at }]);
      const fired = await db.query<{ key: string }>('SELECT key FROM timers WHERE workspace_id = $1 AND fired_at IS NOT NULL ORDER BY key', [workspaceId]);
      expect(fired.map((row) => row.key)).toEqual(['fired', 'fired-after-failures']);
    } finally {
      await db.close();
      rmSync(earlier, { recursive: true, force: true });
    }
  });
});
