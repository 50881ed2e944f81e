import { describe, expect, it } from 'vitest';
import type { Db } from './db.ts';
import { RealtimeHub, RECIPIENT_AGGREGATE, type RealtimeMessage } from './realtime.ts';

function hubWithChannel() {
  let handler: ((payload: string) => void) | undefined;
  const db = {
    async listen(_channel: string, onPayload: (payload: string) => void) {
      handler = onPayload;
      return async () => undefined;
    },
  } as unknown as Db;
  return { hub: new RealtimeHub({ db }), notify: (payload: object) => handler?.(JSON.stringify(payload)) };
}

describe('RealtimeHub: events addressed to one user', () => {
  it('reaches only the sockets of that user, while the workspace events still reach everyone', async () => {
    const { hub, notify } = hubWithChannel();
    await hub.start();
    const ana: RealtimeMessage[] = [];
    const anaOtherTab: RealtimeMessage[] = [];
    const ben: RealtimeMessage[] = [];
    const token: RealtimeMessage[] = [];
    hub.subscribe('ws-a', (m) => ana.push(m), 'user-ana');
    hub.subscribe('ws-a', (m) => anaOtherTab.push(m), 'user-ana');
    hub.subscribe('ws-a', (m) => ben.push(m), 'user-ben');
    hub.subscribe('ws-a', (m) => token.push(m));
    notify({ workspaceId: 'ws-a', id: 1, type: 'notification.created', aggregateType: RECIPIENT_AGGREGATE, aggregateId: 'user-ana' });
    notify({ workspaceId: 'ws-a', id: 2, type: 'ticket.updated', aggregateType: 'ticket', aggregateId: 't-1' });
    expect(ana.map((m) => m.id)).toEqual([1, 2]);
    expect(anaOtherTab.map((m) => m.id)).toEqual([1, 2]);
    expect(ben.map((m) => m.id)).toEqual([2]);
    expect(token.map((m) => m.id)).toEqual([2]);
  });

  it('stops after unsubscribe', async () => {
    const { hub, notify } = hubWithChannel();
    await hub.start();
    const got: RealtimeMessage[] = [];
    const unsubscribe = hub.subscribe('ws-a', (m) => got.push(m), 'user-ana');
    expect(hub.clientCount).toBe(1);
    unsubscribe();
    expect(hub.clientCount).toBe(0);
    notify({ workspaceId: 'ws-a', id: 3, type: 'notification.created', aggregateType: RECIPIENT_AGGREGATE, aggregateId: 'user-ana' });
    expect(got).toEqual([]);
  });
});
