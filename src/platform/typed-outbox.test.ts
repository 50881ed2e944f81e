import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { systemClock } from './clock.ts';
import { newId } from './ids.ts';
import { OutboxDispatcher, typedOutbox, type EventOf } from './outbox.ts';

interface ProbePayloads {
  'probe.opened': { probeId: string; labels: string[] };
  'probe.closed': { probeId: string; reason: 'done' | 'gave_up' };
  'probe.ignored': { probeId: string };
}
const probes = typedOutbox<ProbePayloads>();

describe('typed outbox', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('delivers only the types a subscriber names, with the payloads as emitted, narrowed by type', async () => {
    const workspaceId = newId();
    await testDb.db.transaction(async (tx) => {
      await probes.emit(tx, systemClock, { workspaceId, type: 'probe.opened', aggregateType: 'probe', aggregateId: 'p', payload: { probeId: 'p', labels: ['一', 'two'] } });
      await probes.emit(tx, systemClock, { workspaceId, type: 'probe.ignored', aggregateType: 'probe', aggregateId: 'p', payload: { probeId: 'p' } });
      await probes.emit(tx, systemClock, { workspaceId, type: 'probe.closed', aggregateType: 'probe', aggregateId: 'p', payload: { probeId: 'p', reason: 'done' } });
    });
    const seen: string[] = [];
    const dispatcher = new OutboxDispatcher({ db: testDb.db, clock: systemClock });
    dispatcher.subscribe(
      probes.subscriber({
        name: 'probe.watcher',
        types: ['probe.opened', 'probe.closed'],
        async handle(event: EventOf<ProbePayloads, 'probe.opened' | 'probe.closed'>) {
          if (event.type === 'probe.opened') seen.push(`opened ${event.payload.labels.join('+')}`);
          else seen.push(`closed ${event.payload.reason}`);
        },
      }),
    );
    expect(await dispatcher.drain()).toBe(3);
    expect(seen).toEqual(['opened 一+two', 'closed done']);
  });

  it('refuses, at compile time, a type outside the map, a payload of another type and a type a subscriber did not name', () => {
    const check = (tx: Parameters<typeof probes.emit>[0]) => {
      // @ts-expect-error: not an event of the map
      void probes.emit(tx, systemClock, { workspaceId: 'w', type: 'probe.unknown', aggregateType: 'probe', aggregateId: 'p', payload: { probeId: 'p' } });
      // @ts-expect-error: probe.closed carries a reason
      void probes.emit(tx, systemClock, { workspaceId: 'w', type: 'probe.closed', aggregateType: 'probe', aggregateId: 'p', payload: { probeId: 'p' } });
      probes.subscriber({
        name: 'narrow',
        types: ['probe.closed'],
        async handle(event) {
          // @ts-expect-error: probe.closed has no labels
          void event.payload.labels;
          // @ts-expect-error: this subscriber takes probe.closed only
          if (event.type === 'probe.opened') return;
        },
      });
    };
    expect(typeof check).toBe('function');
  });
});
