import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeSubscriber, createProbeTimerHandler, PROBE_EVENT, PROBE_TABLES, PROBE_TIMER } from '../../test/fixtures/crash-probes.ts';
import { spawnScript, type RunningChild } from '../../test/fixtures/spawn.ts';
import { createTestDb, isServerDatabase, type TestDb } from '../testing/test-db.ts';
import { ManualClock, systemClock } from './clock.ts';
import { openDb, type Db } from './db.ts';
import { newId } from './ids.ts';
import { listMigrationFiles, migrate } from './migrate.ts';
import { emitEvent, OutboxDispatcher } from './outbox.ts';
import { scheduleTimer, TimerRunner } from './timers.ts';

// Server-only tests need several connections and processes on one database; the embedded variants use
// a PGlite data directory and run in the default (no DATABASE_URL) run, where they add something.
const onServer = isServerDatabase();

const WORKER = 'test/fixtures/platform-worker.ts';

async function emitProbeEvents(db: Db, workspaceId: string, count: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) await emitEvent(tx, systemClock, { workspaceId, type: PROBE_EVENT, aggregateType: 'probe', aggregateId: String(i) });
  });
}

async function scheduleProbeTimers(db: Db, workspaceId: string, count: number, dueAt = new Date(Date.now() - 1000)): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) await scheduleTimer(tx, systemClock, { workspaceId, key: `probe:${i}`, kind: PROBE_TIMER, dueAt });
  });
}

/** Per event of the workspace: delivered or not, and how many times its effect was written. */
async function eventOutcome(db: Db, workspaceId: string) {
  return db.query<{ id: number; dispatched: boolean; effects: number; deliveries: number }>(
    `SELECT e.id, e.dispatched_at IS NOT NULL AS dispatched,
            (SELECT count(*) FROM crash_event_effects f WHERE f.workspace_id = e.workspace_id AND f.event_id = e.id)::int AS effects,
            (SELECT count(*) FROM outbox_deliveries d WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id)::int AS deliveries
       FROM outbox_events e WHERE e.workspace_id = $1 ORDER BY e.id`,
    [workspaceId],
  );
}

async function timerOutcome(db: Db, workspaceId: string) {
  return db.query<{ key: string; fired: boolean; effects: number }>(
    `SELECT t.key, t.fired_at IS NOT NULL AS fired,
            (SELECT count(*) FROM crash_timer_effects f WHERE f.workspace_id = t.workspace_id AND f.key = t.key)::int AS effects
       FROM timers t WHERE t.workspace_id = $1 ORDER BY t.key`,
    [workspaceId],
  );
}

const linesStarting = (child: RunningChild, prefix: string): number => child.lines.filter((line) => line.startsWith(prefix)).length;

/** Starts a worker, lets it work until `after` lines with the prefix, then kills it with SIGKILL. */
async function killMidway(database: string, mode: 'outbox' | 'timers', prefix: string, after: number, delayMs: number): Promise<number> {
  const child = spawnScript(WORKER, [mode, database, String(delayMs)]);
  await child.waitForLine(() => linesStarting(child, prefix) >= after);
  child.child.kill('SIGKILL');
  expect((await child.exited).signal).toBe('SIGKILL');
  expect(child.lines).not.toContain('done');
  return linesStarting(child, prefix);
}

describe('outbox: exactly-once effects through crashes', () => {
  let testDb: TestDb | undefined;
  beforeAll(async () => {
    if (!onServer) return;
    testDb = await createTestDb();
    await testDb.db.exec(PROBE_TABLES);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it.skipIf(!onServer)('server: a dispatcher killed mid-batch loses no event and applies none twice', async () => {
    const { db, url } = testDb!;
    const workspaceId = newId();
    await emitProbeEvents(db, workspaceId, 200);

    // Batches of 50, 20 ms per event: killed inside the second batch.
    const handled = await killMidway(url!, 'outbox', 'handled ', 70, 20);
    const afterCrash = await eventOutcome(db, workspaceId);
    const committed = afterCrash.filter((event) => event.dispatched).length;
    expect(committed).toBeGreaterThan(0);
    // Some handled events were in the killed batch: their effects were rolled back with it.
    expect(committed).toBeLessThan(handled);
    expect(afterCrash.filter((event) => !event.dispatched && event.effects > 0)).toEqual([]);

    const survivor = new OutboxDispatcher({ db, clock: systemClock });
    survivor.subscribe(createProbeSubscriber());
    await survivor.drain();
    const outcome = await eventOutcome(db, workspaceId);
    expect(outcome).toHaveLength(200);
    expect(outcome.filter((event) => !event.dispatched || event.effects !== 1 || event.deliveries !== 1)).toEqual([]);
  });

  it.skipIf(!onServer)('server: two dispatchers in parallel handle each event once', async () => {
    const workspaceId = newId();
    await emitProbeEvents(testDb!.db, workspaceId, 500);
    // Separate pools, as two nodes would have.
    const nodes = await Promise.all([openDb({ databaseUrl: testDb!.url, poolSize: 2 }), openDb({ databaseUrl: testDb!.url, poolSize: 2 })]);
    try {
      const counts = await Promise.all(
        nodes.map((db) => {
          const dispatcher = new OutboxDispatcher({ db, clock: systemClock });
          dispatcher.subscribe(createProbeSubscriber({ delayMs: 1 }));
          return dispatcher.drain({ batchSize: 20 });
        }),
      );
      expect(counts[0]! + counts[1]!).toBe(500);
      expect(Math.min(...counts)).toBeGreaterThan(0);
    } finally {
      await Promise.all(nodes.map((db) => db.close()));
    }
    const outcome = await eventOutcome(testDb!.db, workspaceId);
    expect(outcome.filter((event) => !event.dispatched || event.effects !== 1)).toEqual([]);
  });
  it.skipIf(!onServer)('server: batches running side by side never share an aggregate, so its events are handled one at a time, in order', async () => {
    const workspaceId = newId();
    const aggregates = ['ticket-a', 'ticket-b', 'ticket-c'];
    await testDb!.db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await emitEvent(tx, systemClock, { workspaceId, type: 'probe.ordered', aggregateType: 'ticket', aggregateId: aggregates[i % 3]! });
    });
    const running = new Set<string>();
    const overlaps: string[] = [];
    const handled = new Map<string, number[]>();
    const dispatcher = new OutboxDispatcher({ db: testDb!.db, clock: systemClock });
    dispatcher.subscribe({
      name: 'probe.ordered',
      types: ['probe.ordered'],
      async handle(event) {
        if (event.workspaceId !== workspaceId) return;
        if (running.has(event.aggregateId)) overlaps.push(event.aggregateId);
        running.add(event.aggregateId);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running.delete(event.aggregateId);
        handled.set(event.aggregateId, [...(handled.get(event.aggregateId) ?? []), event.id]);
      },
    });
    // Three loops, as one node runs them: interleaved events would otherwise put each ticket in every batch.
    let total = 0;
    for (;;) {
      const counts = await Promise.all([0, 1, 2].map(() => dispatcher.dispatchBatch({ batchSize: 5 })));
      total += counts.reduce((a, b) => a + b, 0);
      if (counts.every((count) => count === 0)) break;
    }
    expect(total).toBe(30);
    expect(overlaps).toEqual([]);
    for (const ids of handled.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect([...handled.values()].map((ids) => ids.length)).toEqual([10, 10, 10]);
  });
  it.skipIf(!onServer)('server: a batch missing an event of an aggregate still handles the events before it, and the rest after it', async () => {
    const workspaceId = newId();
    await testDb!.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await emitEvent(tx, systemClock, { workspaceId, type: 'probe.ordered', aggregateType: 'ticket', aggregateId: 'a' });
    });
    const [first, second, third] = (await testDb!.db.query<{ id: number }>('SELECT id FROM outbox_events WHERE workspace_id = $1 ORDER BY id', [workspaceId])).map((row) => row.id);
    const handled: number[] = [];
    const dispatcher = new OutboxDispatcher({ db: testDb!.db, clock: systemClock });
    dispatcher.subscribe({
      name: 'probe.ordered',
      types: ['probe.ordered'],
      async handle(event) {
        if (event.workspaceId === workspaceId) handled.push(event.id);
      },
    });
    // Another batch holds the middle event: this one claims the first and the third.
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const other = testDb!.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM outbox_events WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, second]);
      held();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    try {
      await dispatcher.dispatchBatch({ batchSize: 10 });
    } finally {
      // Released even when the batch fails, so the test database can be dropped.
      release();
      await other;
    }
    expect(handled).toEqual([first]);
    await dispatcher.drain({ batchSize: 10 });
    expect(handled).toEqual([first, second, third]);
  });
});

describe('outbox: delivery order per aggregate', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('delivers every event when later events of an aggregate fall due before earlier ones', async () => {
    // The demo seeder writes a ticket's history at past instants after the engine has emitted events of that
    // ticket at the present one: claim order (due time, then id) then differs from id order.
    const workspaceId = newId();
    const present = new ManualClock('2026-03-01T10:00:00Z');
    const past = new ManualClock('2026-01-10T10:00:00Z');
    await testDb.db.transaction(async (tx) => {
      await emitEvent(tx, present, { workspaceId, type: 'probe.ordered', aggregateType: 'ticket', aggregateId: 'a' });
      for (let i = 0; i < 4; i++) await emitEvent(tx, past, { workspaceId, type: 'probe.ordered', aggregateType: 'ticket', aggregateId: 'a' });
    });
    const handled: number[] = [];
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock: new ManualClock('2026-03-02T00:00:00Z') });
    dispatcher.subscribe({
      name: 'probe.ordered',
      types: ['probe.ordered'],
      async handle(event) {
        if (event.workspaceId === workspaceId) handled.push(event.id);
      },
    });
    expect(await dispatcher.drain({ batchSize: 2 })).toBe(5);
    const ids = (await testDb.db.query<{ id: number }>('SELECT id FROM outbox_events WHERE workspace_id = $1 ORDER BY id', [workspaceId])).map((row) => row.id);
    // Claim order: the four past events, then the present one.
    expect(handled).toEqual([...ids.slice(1), ids[0]]);
  });
});

describe('timers: fire once, survive crashes and restarts', () => {
  let testDb: TestDb | undefined;
  beforeAll(async () => {
    if (!onServer) return;
    testDb = await createTestDb();
    await testDb.db.exec(PROBE_TABLES);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it.skipIf(!onServer)('server: two runners in parallel fire each of 1,000 due timers exactly once', async () => {
    const workspaceId = newId();
    await scheduleProbeTimers(testDb!.db, workspaceId, 1000);
    const nodes = await Promise.all([openDb({ databaseUrl: testDb!.url, poolSize: 2 }), openDb({ databaseUrl: testDb!.url, poolSize: 2 })]);
    try {
      const counts = await Promise.all(
        nodes.map((db) => {
          const runner = new TimerRunner({ db, clock: systemClock });
          runner.register(PROBE_TIMER, createProbeTimerHandler());
          return runner.drain();
        }),
      );
      expect(counts[0]! + counts[1]!).toBe(1000);
    } finally {
      await Promise.all(nodes.map((db) => db.close()));
    }
    const outcome = await timerOutcome(testDb!.db, workspaceId);
    expect(outcome).toHaveLength(1000);
    expect(outcome.filter((timer) => !timer.fired || timer.effects !== 1)).toEqual([]);
  });

  it.skipIf(!onServer)('server: a runner killed mid-sweep loses no timer; the survivor fires the rest once', async () => {
    const { db, url } = testDb!;
    const workspaceId = newId();
    await scheduleProbeTimers(db, workspaceId, 300);
    // Batches of 200, 5 ms per timer: killed inside the second batch.
    const fired = await killMidway(url!, 'timers', 'fired ', 250, 5);
    const afterCrash = await timerOutcome(db, workspaceId);
    expect(afterCrash.filter((timer) => timer.fired).length).toBeLessThan(fired);
    expect(afterCrash.filter((timer) => !timer.fired && timer.effects > 0)).toEqual([]);

    const survivor = new TimerRunner({ db, clock: systemClock });
    survivor.register(PROBE_TIMER, createProbeTimerHandler());
    await survivor.drain();
    const outcome = await timerOutcome(db, workspaceId);
    expect(outcome).toHaveLength(300);
    expect(outcome.filter((timer) => !timer.fired || timer.effects !== 1)).toEqual([]);
  });

  it.skipIf(!onServer)('server: timers scheduled before a restart fire after it', async () => {
    const workspaceId = newId();
    const before = await openDb({ databaseUrl: testDb!.url, poolSize: 1 });
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    await before.transaction((tx) => scheduleTimer(tx, clock, { workspaceId, key: 'probe:tomorrow', kind: PROBE_TIMER, dueAt: new Date('2026-03-03T01:00:00Z') }));
    await before.close();

    const after = await openDb({ databaseUrl: testDb!.url, poolSize: 1 });
    try {
      const runner = new TimerRunner({ db: after, clock });
      runner.register(PROBE_TIMER, createProbeTimerHandler());
      expect(await runner.drain()).toBe(0);
      clock.set('2026-03-03T01:00:00Z');
      expect(await runner.drain()).toBe(1);
      expect(await timerOutcome(after, workspaceId)).toEqual([{ key: 'probe:tomorrow', fired: true, effects: 1 }]);
    } finally {
      await after.close();
    }
  });
});

describe('embedded PGlite data directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'kefu-crash-'));
  const dataDir = join(root, 'pglite');
  beforeAll(async () => {
    if (onServer) return;
    const db = await openDb({ dataDir });
    await migrate(db);
    await db.exec(PROBE_TABLES);
    await db.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.skipIf(onServer)('a dispatcher killed mid-batch, then restarted: every event once; timers survive the restart', async () => {
    const workspaceId = newId();
    let db = await openDb({ dataDir });
    await emitProbeEvents(db, workspaceId, 120);
    await scheduleProbeTimers(db, workspaceId, 3, new Date(Date.now() + 60_000));
    await db.close();

    const handled = await killMidway(dataDir, 'outbox', 'handled ', 70, 20);

    db = await openDb({ dataDir });
    try {
      const afterCrash = await eventOutcome(db, workspaceId);
      expect(afterCrash.filter((event) => event.dispatched).length).toBeLessThan(handled);
      expect(afterCrash.filter((event) => !event.dispatched && event.effects > 0)).toEqual([]);

      const survivor = new OutboxDispatcher({ db, clock: systemClock });
      survivor.subscribe(createProbeSubscriber());
      await survivor.drain();
      expect((await eventOutcome(db, workspaceId)).filter((event) => !event.dispatched || event.effects !== 1 || event.deliveries !== 1)).toEqual([]);

      // The timers scheduled before the crash are still there, and fire when due.
      const clock = new ManualClock(new Date(Date.now() + 120_000));
      const runner = new TimerRunner({ db, clock });
      runner.register(PROBE_TIMER, createProbeTimerHandler());
      expect(await runner.drain()).toBe(3);
      expect((await timerOutcome(db, workspaceId)).filter((timer) => !timer.fired || timer.effects !== 1)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('migrations', () => {
  it.skipIf(!onServer)('server: two processes migrating one fresh database at once both succeed, each migration applied once', async () => {
    const testDb = await createTestDb();
    try {
      // The test database is a migrated clone: empty it to get a fresh one.
      await testDb.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      // Both start loading now and begin migrating at the same instant, a few seconds from now.
      const startAt = String(Date.now() + 8000);
      const children = [spawnScript(WORKER, ['migrate', testDb.url!, startAt]), spawnScript(WORKER, ['migrate', testDb.url!, startAt])];
      const results = await Promise.all(children.map((child) => child.exited));
      for (const [i, result] of results.entries()) expect(result.code, children[i]!.stderr()).toBe(0);
      const field = (child: RunningChild, prefix: string, index: number): number => Number(child.lines.find((line) => line.startsWith(prefix))?.split(' ')[index]);
      const applied = children.map((child) => field(child, 'applied ', 1));
      // The two really ran at the same time: each started before the other finished.
      const [a, b] = children.map((child) => ({ start: field(child, 'migrating ', 1), end: field(child, 'applied ', 2) }));
      expect(a!.start < b!.end && b!.start < a!.end, JSON.stringify({ a, b })).toBe(true);
      const files = listMigrationFiles();
      // One applied everything while holding the lock; the other found nothing left to do.
      expect(applied.sort((a, b) => a - b)).toEqual([0, files.length]);
      const rows = await testDb.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((row) => row.name)).toEqual(files);
    } finally {
      await testDb.drop();
    }
  });
});
