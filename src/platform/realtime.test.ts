import { describe, expect, it } from 'vitest';
import type { Db } from './db.ts';
import { RealtimeHub, type RealtimeClient, type RealtimeMessage } from './realtime.ts';

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

const client = <V = undefined>(send: (message: RealtimeMessage) => void, viewer?: V): RealtimeClient<V> => ({ viewer: viewer as V, send });

describe('RealtimeHub', () => {
  it('delivers an announcement to every client of its workspace, and only to them', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    const a1: RealtimeMessage[] = [];
    const a2: RealtimeMessage[] = [];
    const b: RealtimeMessage[] = [];
    hub.subscribe('ws-a', client((m) => a1.push(m)));
    hub.subscribe('ws-a', client((m) => a2.push(m)));
    hub.subscribe('ws-b', client((m) => b.push(m)));
    notify(announcement('ws-a', 1));
    await hub.idle();
    expect(a1).toEqual([{ type: 'ticket.updated', aggregateType: 'ticket', aggregateId: 't-1', id: 1 }]);
    expect(a2).toHaveLength(1);
    expect(b).toEqual([]);
  });

  it('never forwards the workspace id or unknown fields', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    const got: object[] = [];
    hub.subscribe('ws-a', client((m) => got.push(m)));
    notify({ ...announcement('ws-a', 2), payload: { secret: 'x' } });
    await hub.idle();
    expect(Object.keys(got[0]!).sort()).toEqual(['aggregateId', 'aggregateType', 'id', 'type']);
  });

  it('drops malformed payloads and survives a failing client', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    const got: RealtimeMessage[] = [];
    hub.subscribe(
      'ws-a',
      client(() => {
        throw new Error('client gone');
      }),
    );
    hub.subscribe('ws-a', client((m) => got.push(m)));
    notify('not json');
    notify({ workspaceId: 'ws-a', id: 'nope' });
    notify(announcement('ws-a', 3));
    await hub.idle();
    expect(got.map((m) => m.id)).toEqual([3]);
  });

  it('stops delivering after unsubscribe and counts clients', async () => {
    const { db, notify, listening } = fakeDb();
    const hub = new RealtimeHub({ db });
    await hub.start();
    await hub.start();
    expect(listening()).toBe(1);
    const got: RealtimeMessage[] = [];
    const unsubscribe = hub.subscribe('ws-a', client((m) => got.push(m)));
    expect(hub.clientCount).toBe(1);
    unsubscribe();
    expect(hub.clientCount).toBe(0);
    notify(announcement('ws-a', 4));
    await hub.idle();
    expect(got).toEqual([]);
    await hub.stop();
  });

  it('asks the gate once per batch and workspace, and delivers only what it allows, in order', async () => {
    const { db, notify } = fakeDb();
    const calls: { workspaceId: string; ids: number[]; viewers: string[] }[] = [];
    const hub = new RealtimeHub<string>({
      db,
      gate: async (workspaceId, messages, viewers) => {
        calls.push({ workspaceId, ids: messages.map((m) => m.id), viewers: [...viewers].sort() });
        // "even" sees even ids only; "all" sees everything.
        return (viewer, message) => viewer === 'all' || message.id % 2 === 0;
      },
    });
    await hub.start();
    const all: number[] = [];
    const even: number[] = [];
    hub.subscribe('ws-a', client((m) => all.push(m.id), 'all'));
    hub.subscribe('ws-a', client((m) => even.push(m.id), 'even'));
    for (let id = 1; id <= 6; id++) notify(announcement('ws-a', id));
    notify(announcement('ws-b', 7));
    await hub.idle();
    expect(calls).toEqual([{ workspaceId: 'ws-a', ids: [1, 2, 3, 4, 5, 6], viewers: ['all', 'even'] }]);
    expect(all).toEqual([1, 2, 3, 4, 5, 6]);
    expect(even).toEqual([2, 4, 6]);
  });

  it('tells its clients they lost events when the gate fails, and sends them nothing', async () => {
    const { db, notify } = fakeDb();
    const hub = new RealtimeHub<string>({
      db,
      gate: async () => {
        throw new Error('database down');
      },
    });
    await hub.start();
    const got: RealtimeMessage[] = [];
    let lost = 0;
    hub.subscribe('ws-a', { viewer: 'x', send: (m) => got.push(m), lost: () => (lost += 1) });
    notify(announcement('ws-a', 1));
    await hub.idle();
    expect(got).toEqual([]);
    expect(lost).toBe(1);
  });
});
