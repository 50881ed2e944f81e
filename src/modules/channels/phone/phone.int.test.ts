import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../../testing/test-app.ts';
import { signatureHeader } from '../hook-signature.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;
let otherAgent: TestUser;

const call = (overrides: Record<string, unknown> = {}) => ({
  direction: 'inbound',
  caller: '139-1234-5678',
  callee: '400-800-1234',
  startedAt: '2026-05-05T02:10:00Z',
  endedAt: '2026-05-05T02:14:35Z',
  outcome: 'answered',
  recordingUrl: 'https://pbx.example.cn/recordings/abc.mp3',
  note: '客户询问退款进度',
  ...overrides,
});
const timelineOf = async (ticketId: string) => (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/timeline`)).json().items as { kind: string; content: string | null; details: Record<string, unknown>; operator: { id: string | null } }[];

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T03:00:00Z' });
  a = await t.createWorkspace({ locale: 'zh-CN' });
  b = await t.createWorkspace();
  agent = await a.addUser('agent');
  otherAgent = await b.addUser('agent');
});
afterAll(async () => {
  await t?.close();
});

describe('phone calls through the API', () => {
  let ticketId = '';

  it('opens a phone ticket for a new caller, found by phone, with the call on its timeline', async () => {
    const response = await t.request(agent, 'POST', '/api/v1/calls', call({ externalId: 'pbx-1', agentId: agent.id }));
    expect(response.statusCode, response.body).toBe(201);
    const { call: recorded } = response.json();
    expect(recorded).toMatchObject({ direction: 'inbound', durationSeconds: 275, outcome: 'answered', agentId: agent.id });
    ticketId = recorded.ticketId;
    const ticket = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(ticket).toMatchObject({ channel: 'phone', subject: '来自 139-1234-5678 的来电', assignee: { id: agent.id } });
    const customer = (await t.request(a.admin, 'GET', `/api/v1/customers/${ticket.customerId}`)).json();
    expect(customer.identities).toEqual([expect.objectContaining({ kind: 'phone', value: '+8613912345678' })]);
    const entry = (await timelineOf(ticketId)).find((step) => step.kind === 'phone.call')!;
    expect(entry).toMatchObject({ content: '客户询问退款进度', operator: { id: agent.id } });
    expect(entry.details).toMatchObject({ durationSeconds: 275, recordingUrl: 'https://pbx.example.cn/recordings/abc.mp3', direction: 'inbound', caller: '139-1234-5678' });
  });

  it('joins the caller’s open ticket on the next call, whatever way the number is written', async () => {
    const response = await t.request(agent, 'POST', '/api/v1/calls', call({ caller: '+86 139 1234 5678', startedAt: '2026-05-05T02:40:00Z', endedAt: null, outcome: 'missed', recordingUrl: null, note: null }));
    expect(response.json().call.ticketId).toBe(ticketId);
    const calls = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/calls`)).json().items;
    expect(calls.map((entry: { outcome: string }) => entry.outcome)).toEqual(['answered', 'missed']);
  });

  it('records a call once per external id', async () => {
    const again = await t.request(agent, 'POST', '/api/v1/calls', call({ externalId: 'pbx-1', agentId: agent.id }));
    expect(again.statusCode).toBe(200);
    expect(again.json().isDuplicate).toBe(true);
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/calls`)).json().items).toHaveLength(2);
  });

  it('records an outbound call on the callee’s ticket', async () => {
    const response = await t.request(agent, 'POST', '/api/v1/calls', call({ direction: 'outbound', caller: '400-800-1234', callee: '13912345678', note: '回访' }));
    expect(response.json().call.ticketId).toBe(ticketId);
  });

  it.each([
    ['an end before the start', { endedAt: '2026-05-05T02:00:00Z' }, 'endedAt'],
    ['a caller that is no number', { caller: 'anonymous' }, 'caller'],
    ['an agent of another workspace', { agentId: '00000000-0000-4000-8000-000000000000' }, 'agentId'],
    ['a recording that is no web address', { recordingUrl: 'ftp://pbx/x.mp3' }, 'recordingUrl'],
    ['an unknown outcome', { outcome: 'dropped' }, 'outcome'],
  ])('refuses %s with a 400 naming the field', async (_name, overrides, field) => {
    const before = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/calls`)).json().items.length;
    const response = await t.request(agent, 'POST', '/api/v1/calls', call({ ...overrides, agentId: (overrides as { agentId?: string }).agentId === undefined ? undefined : otherAgent.id }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((problem: { field: string }) => problem.field)).toContain(field);
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/calls`)).json().items).toHaveLength(before);
  });

  it('keeps another workspace’s ticket out of reach', async () => {
    expect((await t.request(otherAgent, 'GET', `/api/v1/tickets/${ticketId}/calls`)).statusCode).toBe(404);
    const response = await t.request(otherAgent, 'POST', '/api/v1/calls', call({ ticketId }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('ticketId');
  });
});

describe('the signed telephony webhook', () => {
  it('records a call posted by the telephony platform, and refuses an unsigned one', async () => {
    const connection = (await t.request(a.admin, 'POST', '/api/v1/hook-connections', { kind: 'phone', name: '云呼叫中心' })).json();
    expect(connection.inboundUrl).toBe(`/hooks/phone/${connection.id}`);
    const raw = JSON.stringify(call({ externalId: 'cloud-77', caller: '13800138000' }));
    const unsigned = await t.app.inject({ method: 'POST', url: connection.inboundUrl, headers: { 'content-type': 'application/json' }, payload: raw });
    expect(unsigned.statusCode).toBe(401);
    const signed = await t.app.inject({ method: 'POST', url: connection.inboundUrl, headers: { 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(connection.secret, t.clock.now(), raw) }, payload: raw });
    expect(signed.statusCode, signed.body).toBe(201);
    const replay = await t.app.inject({ method: 'POST', url: connection.inboundUrl, headers: { 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(connection.secret, t.clock.now(), raw) }, payload: raw });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ duplicate: true, ticketId: signed.json().ticketId });
    expect((await t.request(a.admin, 'GET', `/api/v1/hook-connections/${connection.id}`)).json().lastReceivedAt).not.toBeNull();
  });
});
