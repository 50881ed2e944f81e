/**
 * The next-response target end to end: it starts when the customer writes after the first response, an agent's
 * public reply stops it, and it warns and breaches when nobody answers in time, cycle after cycle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const START = '2026-03-02T01:00:00Z';
const MIN = 60_000;
const at = (minutes: number) => new Date(new Date(START).getTime() + minutes * MIN).toISOString();

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;

interface TargetJson {
  metric: string;
  cycle: number;
  status: string;
  startedAt: string;
  dueAt: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
}

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  agent = await a.addUser('agent');
  const policy = await t.request(a.admin, 'POST', '/api/v1/sla-policies', {
    name: 'Keep the conversation going',
    position: 0,
    targets: [
      { metric: 'first_response', minutes: 15 },
      { metric: 'next_response', minutes: 30, warn: { percentUsed: 80 } },
    ],
  });
  expect(policy.statusCode, policy.body).toBe(201);
});
afterAll(() => t.close());

async function minute(n: number): Promise<void> {
  t.clock.set(at(n));
  await t.settle();
}

async function agentWrites(ticketId: string, kind: 'reply' | 'note' = 'reply') {
  expect((await t.request(agent, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind, body: kind === 'reply' ? 'We are looking into it.' : 'internal' })).statusCode).toBe(201);
  await t.settle();
}

async function customerWrites(ticketId: string) {
  await t.kernel.services.tickets.addMessage(systemActor(a.id), ticketId, { kind: 'reply', body: 'Any news?', authorType: 'customer' });
  await t.settle();
}

async function nextResponses(ticketId: string): Promise<TargetJson[]> {
  const body = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/sla`)).json() as { targets: TargetJson[]; history: TargetJson[] };
  return [...body.targets, ...body.history].filter((target) => target.metric === 'next_response').sort((x, y) => x.cycle - y.cycle);
}

describe('the next-response target', () => {
  it('starts when the customer writes after the first response, stops at the agent’s reply and breaches when late', async () => {
    t.clock.set(START);
    const created = await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'Order stuck', description: 'My order has not shipped.', customer: { name: 'Next Response' } });
    expect(created.statusCode).toBe(201);
    const ticketId = created.json().id as string;
    await t.settle();
    // The customer's first words are the first response's business, not the next response's.
    expect(await nextResponses(ticketId)).toEqual([]);

    await minute(5);
    await agentWrites(ticketId);
    expect(await nextResponses(ticketId)).toEqual([]);

    // The customer writes back: the clock starts at that message.
    await minute(20);
    await customerWrites(ticketId);
    expect(await nextResponses(ticketId)).toEqual([expect.objectContaining({ cycle: 1, status: 'active', startedAt: at(20), dueAt: at(50) })]);

    // An internal note is no answer; a second customer message does not restart the clock.
    await minute(25);
    await agentWrites(ticketId, 'note');
    await customerWrites(ticketId);
    expect(await nextResponses(ticketId)).toEqual([expect.objectContaining({ cycle: 1, status: 'active', dueAt: at(50) })]);

    // The agent answers in time: met, nothing warned or breached.
    await minute(35);
    await agentWrites(ticketId);
    expect(await nextResponses(ticketId)).toEqual([expect.objectContaining({ cycle: 1, status: 'met', metAt: at(35), warnedAt: null, breachedAt: null })]);

    // A new question: a second cycle, which nobody answers in time.
    await minute(60);
    await customerWrites(ticketId);
    expect((await nextResponses(ticketId))[1]).toMatchObject({ cycle: 2, status: 'active', startedAt: at(60), dueAt: at(90) });
    await minute(84);
    expect((await nextResponses(ticketId))[1]).toMatchObject({ cycle: 2, status: 'active', warnedAt: at(84), breachedAt: null });
    await minute(91);
    expect((await nextResponses(ticketId))[1]).toMatchObject({ cycle: 2, status: 'breached', breachedAt: at(90) });
    const detail = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(detail.slaState).toBe('breached');
    const breaches = await t.kernel.db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'sla.breached'`, [a.id, ticketId]);
    expect(breaches.map((event) => [event.payload.metric, event.payload.cycle, event.payload.dueAt])).toEqual([['next_response', 2, at(90)]]);
    const timeline = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/timeline`)).json().items as { kind: string; at: string; details: Record<string, unknown> }[];
    expect(timeline.filter((step) => step.kind === 'sla.breached')).toEqual([expect.objectContaining({ at: at(90), details: expect.objectContaining({ metric: 'next_response', cycle: 2 }) })]);

    // The late answer still stops the clock; the breach stays on record.
    await minute(95);
    await agentWrites(ticketId);
    expect((await nextResponses(ticketId))[1]).toMatchObject({ cycle: 2, status: 'met', metAt: at(95), breachedAt: at(90) });
  });

  it('stands still while the ticket is on hold', async () => {
    t.clock.set(at(200));
    const created = await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'Waiting case', description: 'Help', customer: { name: 'Waiting Customer' } });
    const ticketId = created.json().id as string;
    await t.settle();
    await agentWrites(ticketId);
    await minute(210);
    await customerWrites(ticketId);
    // On hold from minute 220 to 250: the clock stands still, so it is due 30 minutes later than it would be.
    await minute(220);
    const current = await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}`);
    expect((await t.request(agent, 'PATCH', `/api/v1/tickets/${ticketId}`, { status: 'on_hold' }, { 'if-match': current.headers.etag as string })).statusCode).toBe(200);
    await t.settle();
    expect((await nextResponses(ticketId))[0]).toMatchObject({ cycle: 1, status: 'paused' });
    await minute(250);
    const held = await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}`);
    expect((await t.request(agent, 'PATCH', `/api/v1/tickets/${ticketId}`, { status: 'open' }, { 'if-match': held.headers.etag as string })).statusCode).toBe(200);
    await t.settle();
    expect((await nextResponses(ticketId))[0]).toMatchObject({ cycle: 1, status: 'active', dueAt: at(270) });
  });
});
