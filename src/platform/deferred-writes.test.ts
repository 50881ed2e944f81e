import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { systemClock } from './clock.ts';
import { newId } from './ids.ts';
import { emitEvent, OutboxDispatcher } from './outbox.ts';
import { scheduleTimer, TimerRunner } from './timers.ts';

describe('deferred outbox rows', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const eventsOf = (workspaceId: string) =>
    testDb.db.query<{ type: string; aggregate_id: string; payload: Record<string, unknown> }>(
      'SELECT type, aggregate_id, payload FROM outbox_events WHERE workspace_id = $1 ORDER BY id',
      [workspaceId],
    );

  it('writes a transaction’s events at commit, in the order they were emitted, with their payloads intact', async () => {
    const workspaceId = newId();
    const tricky = { text: `'; DROP TABLE outbox_events; -- <b>退款</b> "quoted" \\ back`, nested: { list: [1, 'два', null] } };
    await testDb.db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await emitEvent(tx, systemClock, { workspaceId, type: `probe.${i}`, aggregateType: 'probe', aggregateId: String(i), payload: i === 2 ? tricky : {} });
      // Not yet written: nobody can see a half-done transaction's events, not even the transaction.
      const inside = await tx.query('SELECT 1 FROM outbox_events WHERE workspace_id = $1', [workspaceId]);
      expect(inside).toHaveLength(0);
    });
    const rows = await eventsOf(workspaceId);
    expect(rows.map((row) => row.type)).toEqual(['probe.0', 'probe.1', 'probe.2', 'probe.3', 'probe.4']);
    expect(rows[2]!.payload).toEqual(tricky);
  });

  it('keeps payloads that contain or end with the quoting tag of the commit script intact', async () => {
    const workspaceId = newId();
    const payloads = [{ text: '$kefu$; DROP TABLE outbox_events; --' }, { text: 'ends with $kefu' }, { text: 'ends with $' }, { text: "plain 'quoted' \\ text" }];
    await testDb.db.transaction(async (tx) => {
      for (const [i, payload] of payloads.entries()) await emitEvent(tx, systemClock, { workspaceId, type: 'probe.quote', aggregateType: 'probe', aggregateId: `${i}$kefu`, payload });
    });
    const rows = await eventsOf(workspaceId);
    expect(rows.map((row) => row.payload)).toEqual(payloads);
    expect(rows.map((row) => row.aggregate_id)).toEqual(['0$kefu', '1$kefu', '2$kefu', '3$kefu']);
  });

  it('drops the events of a transaction that rolls back', async () => {
    const workspaceId = newId();
    await expect(
      testDb.db.transaction(async (tx) => {
        await emitEvent(tx, systemClock, { workspaceId, type: 'probe.lost', aggregateType: 'probe', aggregateId: '1' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await eventsOf(workspaceId)).toEqual([]);
  });

  it('a failing subscriber’s events are undone with it, a succeeding one’s are kept', async () => {
    const workspaceId = newId();
    await emitEvent(testDb.db, systemClock, { workspaceId, type: 'probe.source', aggregateType: 'probe', aggregateId: 'source' });
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock: systemClock });
    dispatcher.subscribe({
      name: 'fails',
      types: ['probe.source'],
      async handle(event, tx) {
        await emitEvent(tx, systemClock, { workspaceId: event.workspaceId, type: 'probe.from_failed', aggregateType: 'probe', aggregateId: 'x' });
        throw new Error('subscriber broke');
      },
    });
    dispatcher.subscribe({
      name: 'works',
      types: ['probe.source'],
      async handle(event, tx) {
        await emitEvent(tx, systemClock, { workspaceId: event.workspaceId, type: 'probe.from_working', aggregateType: 'probe', aggregateId: 'y' });
      },
    });
    await emitEvent(testDb.db, systemClock, { workspaceId, type: 'probe.bystander', aggregateType: 'probe', aggregateId: 'other' });
    await dispatcher.dispatchBatch();
    expect((await eventsOf(workspaceId)).map((row) => row.type)).toEqual(['probe.source', 'probe.bystander', 'probe.from_working']);
    // The failed delivery is retried later; the one that worked, and the other event of the batch, are done.
    const state = await testDb.db.query<{ type: string; dispatched: boolean; attempts: number; subscribers: string[] }>(
      `SELECT e.type, e.dispatched_at IS NOT NULL AS dispatched, e.attempts,
              ARRAY(SELECT d.subscriber FROM outbox_deliveries d WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id ORDER BY 1) AS subscribers
         FROM outbox_events e WHERE e.workspace_id = $1 AND e.type IN ('probe.source', 'probe.bystander') ORDER BY e.id`,
      [workspaceId],
    );
    expect(state).toEqual([
      { type: 'probe.source', dispatched: false, attempts: 1, subscribers: ['works'] },
      { type: 'probe.bystander', dispatched: true, attempts: 0, subscribers: [] },
    ]);
  });

  it('a failing timer handler’s events are undone, the timer is retried later', async () => {
    const workspaceId = newId();
    await scheduleTimer(testDb.db, systemClock, { workspaceId, key: 'probe:deferred', kind: 'probe.deferred', dueAt: new Date(Date.now() - 1000) });
    const runner = new TimerRunner({ db: testDb.db, clock: systemClock });
    runner.register('probe.deferred', async (timer, tx) => {
      await emitEvent(tx, systemClock, { workspaceId: timer.workspaceId, type: 'probe.from_timer', aggregateType: 'probe', aggregateId: timer.key });
      throw new Error('timer broke');
    });
    await runner.fireDue();
    expect(await eventsOf(workspaceId)).toEqual([]);
    const [timer] = await testDb.db.query<{ attempts: number; fired_at: Date | null }>('SELECT attempts, fired_at FROM timers WHERE workspace_id = $1', [workspaceId]);
    expect(timer).toEqual({ attempts: 1, fired_at: null });
  });
});
