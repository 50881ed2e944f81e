import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFailingProbe, type DeadPair, makeDeadLetters, PROBE_ERROR, PROBE_EVENT, PROBE_SUBSCRIBER, PROBE_TIMER } from '../../testing/dead-letters.ts';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';

const API = '/api/v1/operations/dead-letters';

describe('operations: dead letters', () => {
  let t: TestContext;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await createTestContext();
    ws = await t.createWorkspace();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a failing subscriber ends dead after N tries, is listed, and succeeds once fixed and retried from the API', async () => {
    const probe = installFailingProbe(t.kernel);
    const [{ eventId, timerKey }] = (await makeDeadLetters(t.kernel, t.clock, ws.id)) as [DeadPair];
    const attempts = t.kernel.config.KEFU_MAX_DELIVERY_ATTEMPTS;
    expect(probe.delivered.size).toBe(0);

    const listed = await t.request(ws.admin, 'GET', API);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      deliveries: [
        {
          eventId,
          eventType: PROBE_EVENT,
          aggregateType: 'probe',
          aggregateId: expect.any(String),
          subscriber: PROBE_SUBSCRIBER,
          attempts,
          lastError: PROBE_ERROR,
          occurredAt: expect.any(String),
          deadAt: expect.any(String),
        },
      ],
      timers: [{ key: timerKey, kind: PROBE_TIMER, attempts, lastError: PROBE_ERROR, dueAt: expect.any(String), deadAt: expect.any(String) }],
      counts: { deliveries: 1, timers: 1 },
    });

    // Dead means no longer tried, however long one waits.
    t.clock.advanceMinutes(11);
    await t.kernel.dispatcher.drain();
    await t.kernel.timers.drain();
    expect((await t.request(ws.admin, 'GET', API)).json().counts).toEqual({ deliveries: 1, timers: 1 });

    probe.isBroken = false;
    const retried = await t.request(ws.admin, 'POST', `${API}/deliveries/retry`, { eventId, subscriber: PROBE_SUBSCRIBER });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual({ deliveries: 1, timers: 0 });
    const timerRetried = await t.request(ws.admin, 'POST', `${API}/timers/retry`, { key: timerKey });
    expect(timerRetried.json()).toEqual({ deliveries: 0, timers: 1 });
    await t.kernel.dispatcher.drain();
    await t.kernel.timers.drain();
    expect(probe.delivered.get(String(eventId))).toBe(1);
    expect(probe.delivered.get(timerKey)).toBe(1);
    expect((await t.request(ws.admin, 'GET', API)).json()).toEqual({ deliveries: [], timers: [], counts: { deliveries: 0, timers: 0 } });

    // Retrying again finds nothing dead: 404, in the caller's language.
    const again = await t.request(ws.admin, 'POST', `${API}/deliveries/retry`, { eventId, subscriber: PROBE_SUBSCRIBER }, { 'accept-language': 'zh-CN' });
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe('该投递不在死信中（可能已重试，或从未失败）。');

    const audit = (await t.request(ws.admin, 'GET', '/api/v1/audit-log?limit=10')).json().items as { action: string; entityId: string; actorId: string; details: object }[];
    expect(audit.filter((entry) => entry.action.startsWith('dead_letter.')).map(({ action, entityId, actorId, details }) => ({ action, entityId, actorId, details }))).toEqual([
      { action: 'dead_letter.timer_retried', entityId: timerKey, actorId: ws.admin.id, details: {} },
      { action: 'dead_letter.delivery_retried', entityId: String(eventId), actorId: ws.admin.id, details: { subscriber: PROBE_SUBSCRIBER } },
    ]);
  });

  it('retries every dead letter of the workspace at once, and only of that workspace', async () => {
    const probe = installFailingProbe(t.kernel);
    const other = await t.createWorkspace();
    const mine = await makeDeadLetters(t.kernel, t.clock, ws.id, 2);
    const [theirs] = (await makeDeadLetters(t.kernel, t.clock, other.id)) as [DeadPair];
    // The clock moved on past a session's rotation: sign in afresh.
    const admin = await ws.addUser('admin');
    const otherAdmin = await other.addUser('admin');

    // Nobody sees or retries another workspace's dead letters.
    const theirList = (await t.request(otherAdmin, 'GET', API)).json();
    expect(theirList.counts).toEqual({ deliveries: 1, timers: 1 });
    expect(theirList.deliveries.map((row: { eventId: number }) => row.eventId)).toEqual([theirs.eventId]);
    expect((await t.request(otherAdmin, 'POST', `${API}/deliveries/retry`, { eventId: mine[0]!.eventId, subscriber: PROBE_SUBSCRIBER })).statusCode).toBe(404);
    expect((await t.request(otherAdmin, 'POST', `${API}/timers/retry`, { key: mine[0]!.timerKey })).statusCode).toBe(404);

    probe.isBroken = false;
    const all = await t.request(admin, 'POST', `${API}/retry-all`);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ deliveries: 2, timers: 2 });
    await t.kernel.dispatcher.drain();
    await t.kernel.timers.drain();
    for (const { eventId, timerKey } of mine) expect([probe.delivered.get(String(eventId)), probe.delivered.get(timerKey)]).toEqual([1, 1]);
    expect(probe.delivered.has(String(theirs.eventId))).toBe(false);
    expect((await t.request(otherAdmin, 'GET', API)).json().counts).toEqual({ deliveries: 1, timers: 1 });
    // Nothing left: retrying all again is not an error.
    expect((await t.request(admin, 'POST', `${API}/retry-all`)).json()).toEqual({ deliveries: 0, timers: 0 });
  });

  it('is for administrators only (settings.manage), tokens included', async () => {
    const [{ eventId, timerKey }] = (await makeDeadLetters(t.kernel, t.clock, ws.id)) as [DeadPair];
    const admin = await ws.addUser('admin');
    for (const role of ['supervisor', 'agent', 'analyst'] as const) {
      const user = await ws.addUser(role);
      expect((await t.request(user, 'GET', API)).statusCode).toBe(403);
      expect((await t.request(user, 'POST', `${API}/deliveries/retry`, { eventId, subscriber: PROBE_SUBSCRIBER })).statusCode).toBe(403);
      expect((await t.request(user, 'POST', `${API}/timers/retry`, { key: timerKey })).statusCode).toBe(403);
      expect((await t.request(user, 'POST', `${API}/retry-all`)).statusCode).toBe(403);
    }
    const token = (await t.request(admin, 'POST', '/api/v1/api-tokens', { name: 'Reader', scopes: ['tickets.read'] })).json().token as string;
    const byToken = await t.app.inject({ method: 'POST', url: `${API}/retry-all`, headers: { authorization: `Bearer ${token}` } });
    expect(byToken.statusCode).toBe(403);
    expect((await t.request(undefined, 'GET', API)).statusCode).toBe(401);
    expect((await t.request(admin, 'GET', API)).json().counts).toEqual({ deliveries: 1, timers: 1 });
  });

  it('rejects malformed retries with the field that is wrong', async () => {
    const bad = await t.request((await ws.addUser('admin')), 'POST', `${API}/deliveries/retry`, { eventId: -1, subscriber: '' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().errors as { field: string }[]).map((error) => error.field).sort()).toEqual(['eventId', 'subscriber']);
  });
});
