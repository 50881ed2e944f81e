/**
 * Time-based rules fire once across nodes, webhooks leave signed from a retried job, macros are previewed and applied
 * by agents, and a provisioned workspace starts with the default rules.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { TimerRunner } from '../../platform/timers.ts';
import { verifySignature } from '../channels/index.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const START = '2026-03-02T01:00:00Z';
const HOUR = 3_600_000;

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;
let otherAgent: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agent = await a.addUser('agent');
  otherAgent = await a.addUser('agent');
});
afterAll(() => t.close());

async function settle(): Promise<void> {
  for (let round = 0; round < 30; round++) {
    if ((await t.kernel.dispatcher.drain()) + (await t.kernel.timers.drain()) === 0) return;
  }
}

async function newTicket(user: TestUser, body: Record<string, unknown> = {}) {
  const response = await t.request(user, 'POST', '/api/v1/tickets', { subject: 'Where is my parcel', description: 'Order 8812.', customer: { name: '王芳', email: 'wang@example.com' }, ...body });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: string; version: number };
}

async function createRule(user: TestUser, body: Record<string, unknown>) {
  const response = await t.request(user, 'POST', '/api/v1/automation/rules', { isEnabled: true, conditions: { match: 'all', conditions: [] }, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** A PATCH with the version the agent just read, as the ticket page sends it. */
async function patchTicket(user: TestUser, ticketId: string, body: Record<string, unknown>) {
  const current = await t.request(user, 'GET', `/api/v1/tickets/${ticketId}`);
  return t.request(user, 'PATCH', `/api/v1/tickets/${ticketId}`, body, { 'if-match': `"${current.json().version}"` });
}

const firingsOf = async (ticketId: string) => t.kernel.db.query<{ rule_id: string }>(`SELECT rule_id FROM automation_firings WHERE workspace_id = $1 AND ticket_id = $2`, [a.id, ticketId]);

describe('webhooks', () => {
  let server: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let failNext = 1;
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.statusCode = failNext-- > 0 ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts a signed webhook after commit and retries it until it is taken', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kefu`;
    const rule = await createRule(a.admin, { name: 'Tell the ERP', trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'ERP' }] }, actions: [{ type: 'webhook', url, secret: 'erp-shared-secret' }] });
    const ticket = await newTicket(agent, { subject: 'ERP order stuck' });
    await settle();
    expect(received).toHaveLength(1);
    t.clock.advanceMs(5_000);
    await settle();
    expect(received).toHaveLength(2);
    const delivery = received[1]!;
    expect(delivery.headers['x-kefu-delivery']).toBe(received[0]!.headers['x-kefu-delivery']);
    expect(verifySignature({ header: delivery.headers['x-kefu-signature'] as string, body: delivery.body, secrets: ['erp-shared-secret'], now: t.clock.now() })).toEqual({ ok: true });
    expect(JSON.parse(delivery.body)).toMatchObject({ rule: { id: rule.id, version: 1 }, ticket: { id: ticket.id, number: ticket.number } });
    // The secret is never shown back with the firing.
    expect(JSON.stringify((await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json())).not.toContain('erp-shared-secret');
    t.clock.advanceMs(60_000);
    await settle();
    expect(received).toHaveLength(2);
    await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { isEnabled: false });
  });
});

describe('macros', () => {
  it('an agent previews and applies their macro; others see only shared ones; agents do not share', async () => {
    const created = await t.request(agent, 'POST', '/api/v1/automation/macros', {
      name: 'Waiting for photos',
      actions: [{ type: 'set_field', field: 'status', value: 'pending' }, { type: 'add_tags', tags: ['photos'] }, { type: 'add_reply', body: '请上传破损照片。Please send photos of the damage.' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const macro = created.json();
    expect(macro).toMatchObject({ isShared: false, isMine: true });
    expect((await t.request(agent, 'POST', '/api/v1/automation/macros', { name: 'Shared', isShared: true, actions: [{ type: 'add_tags', tags: ['x'] }] })).statusCode).toBe(403);
    const refused = await t.request(agent, 'POST', '/api/v1/automation/macros', { name: 'Sneaky', actions: [{ type: 'webhook', url: 'https://example.com', secret: '12345678' }] });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json())).toContain('actions[0].type');
    const shared = await t.request(a.admin, 'POST', '/api/v1/automation/macros', { name: 'Escalate politely', isShared: true, actions: [{ type: 'set_field', field: 'priority', value: 'P1' }] });
    expect(shared.statusCode).toBe(201);

    expect((await t.request(otherAgent, 'GET', '/api/v1/automation/macros')).json().items.map((item: { name: string }) => item.name)).toEqual(['Escalate politely']);
    expect((await t.request(agent, 'GET', '/api/v1/automation/macros')).json().items.map((item: { name: string }) => item.name)).toEqual(['Escalate politely', 'Waiting for photos']);

    const ticket = await newTicket(agent);
    const preview = await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/macros/${macro.id}/preview`);
    expect(preview.json().effects).toEqual([{ kind: 'update', patch: { status: 'pending', tags: ['photos'] } }, { kind: 'reply', body: '请上传破损照片。Please send photos of the damage.' }]);
    // The preview changed nothing.
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json()).toMatchObject({ status: 'new', tags: [] });
    expect((await t.request(otherAgent, 'POST', `/api/v1/tickets/${ticket.id}/macros/${macro.id}/apply`)).statusCode).toBe(404);

    const applied = await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/macros/${macro.id}/apply`);
    expect(applied.json().effects).toEqual(preview.json().effects);
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json()).toMatchObject({ status: 'pending', tags: ['photos'] });
    const messages = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/messages`)).json().items;
    expect(messages.some((m: { kind: string; body: string; author: { id: string } | null }) => m.kind === 'reply' && m.body.startsWith('请上传'))).toBe(true);
    const entries = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items;
    expect(entries.find((entry: { kind: string }) => entry.kind === 'macro_applied')).toMatchObject({ operator: { type: 'user', id: agent.id }, details: { macroId: macro.id, macroName: 'Waiting for photos' } });

    // Across workspaces: B sees none of A's macros, and cannot apply them or its own to A's tickets.
    expect((await t.request(b.admin, 'GET', '/api/v1/automation/macros')).json().items).toEqual([]);
    expect((await t.request(b.admin, 'POST', `/api/v1/tickets/${ticket.id}/macros/${shared.json().id}/apply`)).statusCode).toBe(404);
    const own = (await t.request(b.admin, 'POST', '/api/v1/automation/macros', { name: 'B', isShared: true, actions: [{ type: 'add_tags', tags: ['b'] }] })).json();
    expect((await t.request(b.admin, 'POST', `/api/v1/tickets/${ticket.id}/macros/${own.id}/apply`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', `/api/v1/automation/macros/${macro.id}`, { name: 'mine now' })).statusCode).toBe(404);
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json().tags).toEqual(['photos']);
  });
});

describe('default rules', () => {
  it('a provisioned workspace escalates urgent complaints and links a repeat issue with a note', async () => {
    const { identity, tickets } = t.kernel.services;
    const provisioned = await identity.provisionWorkspace({ name: '演示', slug: `seeded-${Date.now()}`, defaultLocale: 'zh-CN', admin: { email: 'boss@seeded.test', name: 'Boss', password: 'a-long-enough-password-1' } });
    const workspaceId = provisioned.workspace.id;
    const system = systemActor(workspaceId);
    const rules = await t.kernel.services.automation.listRules(system);
    expect(rules.map((rule) => ({ name: rule.name, isEnabled: rule.isEnabled, isDefault: rule.isDefault }))).toEqual([
      { name: '紧急投诉自动升级至主管', isEnabled: true, isDefault: true },
      { name: '同一客户 7 天内同类问题 → 关联历史工单', isEnabled: true, isDefault: true },
    ]);
    expect(await t.kernel.services.automation.seedDefaultRules(workspaceId)).toBe(0);
    const boss = await identity.createUser(system, { email: 'sup@seeded.test', name: 'Sup', role: 'supervisor', password: 'a-long-enough-password-1' });

    const customer = { name: '李雷', email: 'lilei@example.com' };
    const first = await tickets.createTicket(system, { subject: '商品破损', type: 'complaint', urgency: 'critical', customer });
    await settle();
    const escalations = await t.kernel.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE workspace_id = $1 AND ticket_id = $2`, [workspaceId, first.id]);
    expect(escalations.map((row) => row.user_id)).toEqual([boss.id]);

    t.clock.advanceMs(3 * 24 * HOUR);
    const repeat = await tickets.createTicket(system, { subject: '又破损了', type: 'complaint', customer });
    const otherType = await tickets.createTicket(system, { subject: '咨询', type: 'consultation', customer });
    await settle();
    expect((await tickets.listLinks(system, repeat.id)).map((link) => link.id)).toEqual([first.id]);
    expect(await tickets.listLinks(system, otherType.id)).toEqual([]);
    const notes = (await tickets.listMessages(system, repeat.id)).items.filter((message) => message.kind === 'note');
    expect(notes.map((note) => note.body)).toEqual(['重复问题自动关联历史处理记录']);
  });
});

describe('time-based rules', () => {
  it('closes a ticket solved 7 days ago exactly once with two nodes racing, and not one reopened before', async () => {
    // A week of clock outlasts sessions: the steps after the first go through the services as these people.
    const admin = await a.addUser('admin');
    const worker = await a.addUser('agent');
    const { tickets } = t.kernel.services;
    const rule = await createRule(admin, { name: 'Solved 7 days → close', trigger: { kind: 'time', status: 'solved', hours: 168 }, actions: [{ type: 'set_field', field: 'status', value: 'closed' }] });
    const solved = await newTicket(worker);
    const reopened = await newTicket(worker);
    for (const ticket of [solved, reopened]) expect((await patchTicket(worker, ticket.id, { status: 'solved' })).statusCode).toBe(200);
    await settle();
    t.clock.advanceMs(24 * HOUR);
    await tickets.updateTicket(worker.actor, reopened.id, { status: 'open' });
    await settle();

    t.clock.advanceMs(150 * HOUR);
    // A second node: its own timer runner over the same database and the same handlers.
    const secondNode = new TimerRunner({ db: t.kernel.db, clock: t.clock });
    for (const module of Object.values(t.kernel.modules as unknown as Record<string, { timers: readonly { kind: string; handle: Parameters<TimerRunner['register']>[1] }[] }>)) {
      for (const timer of module.timers) secondNode.register(timer.kind, timer.handle);
    }
    await Promise.all([t.kernel.timers.fireDue(), secondNode.fireDue(), t.kernel.timers.fireDue(), secondNode.fireDue()]);
    await settle();

    expect((await tickets.getTicket(worker.actor, solved.id)).status).toBe('closed');
    expect(await firingsOf(solved.id)).toEqual([{ rule_id: rule.id }]);
    expect((await tickets.getTicket(worker.actor, reopened.id)).status).toBe('open');
    expect(await firingsOf(reopened.id)).toEqual([]);
  });
});
