import { describe, expect, it } from 'vitest';
import type { Db } from './db.ts';
import { RealtimeHub, type RealtimeMessage } from './realtime.ts';

/** A Db whose NOTIFY channel the test drives by hand. */
function fakeDb() {
  let handler: ((payload: string) => void) | undefined;
  let listening = 0;
  const db = {
    async listen(_channel: string, onPayload: (payload: string) => void) {
      handler = onPayload;
      listening += 1;
      return async () => {
        handler = undefined;
      };
    },
  } as unknown as Db;
  return { db, notify: (payload: unknown) => handler?.(typeof payload === 'string' ? payload : JSON.stringify(payload)), listening: () => listening };
}

const announcement = (workspaceId: string, id: number) => ({ workspaceId, id, type: 'ticket.updated', aggregateType: 'ticket', aggregateId: `t-${id}` });

describe('RealtimeHub', () => {
  it('delivers an announcement to every client of its workspace, and only to them', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    const a1: RealtimeMessage[] = [];
    const a2: RealtimeMessage[] = [];
    const b: RealtimeMessage[] = [];
    hub.subscribe('ws-a', (m) => a1.push(m));
    hub.subscribe('ws-a', (m) => a2.push(m));
    hub.subscribe('ws-b', (m) => b.push(m));
    notify(announcement('ws-a', 1));
    expect(a1).toEqual([{ type: 'ticket.updated', aggregateType: 'ticket', aggregateId: 't-1', id: 1 }]);
    expect(a2).toHaveLength(1);
    expect(b).toEqual([]);
  });

  it('never forwards the workspace id or unknown fields', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    const got: object[] = [];
    hub.subscribe('ws-a', (m) => got.push(m));
    notify({ ...announcement('ws-a', 2), payload: { secret: 'x' } });
    expect(Object.keys(got[0]!).sort()).toEqual(['aggregateId', 'aggregateType', 'id', 'type']);
  });

  it('drops malformed payloads and survives a failing client', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    const got: RealtimeMessage[] = [];
    hub.subscribe('ws-a', () => {
      throw new Error('client gone');
    });
    hub.subscribe('ws-a', (m) => got.push(m));
    notify('not json');
    notify({ workspaceId: 'ws-a', id: 'nope' });
    notify(announcement('ws-a', 3));
    expect(got.map((m) => m.id)).toEqual([3]);
  });

  it('stops delivering after unsubscribe and counts clients', async () => {
    const { db, notify, listening } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    await hub.start();
    expect(listening()).toBe(1);
    const got: RealtimeMessage[] = [];
    const unsubscribe = hub.subscribe('ws-a', (m) => got.push(m));
    expect(hub.clientCount).toBe(1);
    unsubscribe();
    expect(hub.clientCount).toBe(0);
    notify(announcement('ws-a', 4));
    expect(got).toEqual([]);
    await hub.stop();
  });
});
