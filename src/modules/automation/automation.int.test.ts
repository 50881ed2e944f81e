/** Rules end to end: built through the API, fired by events with their version on the timeline, guarded against loops. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;
let supervisor: TestUser;
let frontline: string;
let logistics: string;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  const { identity } = t.kernel.services;
  frontline = (await identity.createTeam(systemActor(a.id), { name: 'Frontline', kind: 'team' })).id;
  logistics = (await identity.createTeam(systemActor(a.id), { name: 'Logistics', kind: 'department' })).id;
  agent = await a.addUser('agent', { teamIds: [frontline] });
  supervisor = await a.addUser('supervisor', { teamIds: [frontline] });
});
afterAll(() => t.close());

async function settle(): Promise<void> {
  for (let round = 0; round < 30; round++) {
    if ((await t.kernel.dispatcher.drain()) + (await t.kernel.timers.drain()) === 0) return;
  }
}

async function newTicket(user: TestUser, body: Record<string, unknown> = {}) {
  const response = await t.request(user, 'POST', '/api/v1/tickets', { subject: 'Parcel lost 包裹丢失', description: 'Order 8812 never arrived.', customer: { name: '王芳', email: 'wang@example.com' }, ...body });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: string };
}

async function createRule(user: TestUser, body: Record<string, unknown>) {
  const response = await t.request(user, 'POST', '/api/v1/automation/rules', { isEnabled: true, conditions: { match: 'all', conditions: [] }, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

async function disableAll(user: TestUser) {
  for (const rule of (await t.request(user, 'GET', '/api/v1/automation/rules')).json().items) await t.request(user, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { isEnabled: false });
}

const timeline = async (user: TestUser, ticketId: string) =>
  (await t.request(user, 'GET', `/api/v1/tickets/${ticketId}/timeline?limit=200`)).json().items as { kind: string; details: Record<string, unknown>; content: string | null }[];

describe('rules', () => {
  it('refuses a bad rule field by field, in the user’s language, and stores nothing', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/automation/rules', {
      name: 'Bad',
      trigger: { kind: 'event', event: 'ticket.created' },
      conditions: { match: 'all', conditions: [] },
      actions: [{ type: 'assign_team', teamId: '00000000-0000-4000-8000-000000000000' }],
    }, { 'accept-language': 'zh-CN' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors ?? response.json().fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'actions[0].teamId', message: '请选择本工作区的一个团队。' })]));
    const unknownField = await t.request(a.admin, 'POST', '/api/v1/automation/rules', { name: 'Bad', trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [{ field: 'ticket.secret', op: 'is', value: 1 }] }, actions: [{ type: 'add_tags', tags: ['x'] }] });
    expect(unknownField.statusCode).toBe(400);
    expect(JSON.stringify(unknownField.json())).toContain('conditions.conditions[0].field');
    expect((await t.request(a.admin, 'GET', '/api/v1/automation/rules')).json().items).toEqual([]);
    // Agents do not manage rules.
    expect((await t.request(agent, 'GET', '/api/v1/automation/rules')).statusCode).toBe(403);
  });

  it('fires on its trigger, in order, with rule and version on the timeline; an edit is a new version; stop further rules', async () => {
    const first = await createRule(a.admin, {
      name: 'VIP complaints first',
      trigger: { kind: 'event', event: 'ticket.created' },
      conditions: { match: 'all', conditions: [{ field: 'ticket.type', op: 'is', value: 'complaint' }, { field: 'ticket.subject', op: 'contains', value: 'vip' }] },
      actions: [{ type: 'set_field', field: 'priority', value: 'P1' }, { type: 'add_tags', tags: ['vip'] }, { type: 'assign_team', teamId: frontline }, { type: 'add_note', body: 'Fast lane 绿色通道' }],
      stopFurther: true,
    });
    const second = await createRule(a.admin, { name: 'Tag every ticket', trigger: { kind: 'event', event: 'ticket.created' }, actions: [{ type: 'add_tags', tags: ['seen'] }] });

    const vip = await newTicket(agent, { subject: 'VIP parcel lost', type: 'complaint' });
    const plain = await newTicket(agent, { subject: 'Question', type: 'consultation' });
    await settle();
    const vipNow = (await t.request(agent, 'GET', `/api/v1/tickets/${vip.id}`)).json();
    expect(vipNow).toMatchObject({ priority: 'P1', tags: ['vip'], team: { id: frontline } });
    const fired = (await timeline(agent, vip.id)).filter((entry) => entry.kind === 'automation_fired');
    expect(fired).toHaveLength(1);
    expect(fired[0]!.details).toMatchObject({ ruleId: first.id, ruleName: 'VIP complaints first', ruleVersion: 1 });
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${vip.id}/messages`)).json().items.some((m: { kind: string; body: string }) => m.kind === 'note' && m.body === 'Fast lane 绿色通道')).toBe(true);
    // The second rule ran on the other ticket only: the first stopped the rules after it.
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${plain.id}`)).json().tags).toEqual(['seen']);

    const edited = await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${second.id}`, { actions: [{ type: 'add_tags', tags: ['seen', 'v2'] }] });
    expect(edited.json().version).toBe(2);
    const enabledOnly = await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${second.id}`, { isEnabled: true });
    expect(enabledOnly.json().version).toBe(2);
    const later = await newTicket(agent, { subject: 'Later', type: 'consultation' });
    await settle();
    const firings = (await t.request(a.admin, 'GET', `/api/v1/automation/firings?ticketId=${later.id}`)).json().items;
    expect(firings).toMatchObject([{ ruleId: second.id, ruleVersion: 2, depth: 0, trigger: 'ticket.created' }]);
    await disableAll(a.admin);
  });

  it('stops a self-retriggering rule at the firing budget and says so on the timeline', async () => {
    const rule = await createRule(a.admin, { name: 'Echo', trigger: { kind: 'event', event: 'message.added' }, actions: [{ type: 'add_note', body: 'echo' }] });
    const ticket = await newTicket(agent, { subject: 'Loop' });
    await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', body: 'start' });
    await settle();
    const entries = await timeline(agent, ticket.id);
    expect(entries.filter((entry) => entry.kind === 'automation_fired')).toHaveLength(10);
    const stops = entries.filter((entry) => entry.kind === 'automation_budget_exhausted');
    expect(stops).toHaveLength(1);
    expect(stops[0]!.details).toMatchObject({ ruleId: rule.id, budget: 10 });
    const firings = (await t.request(a.admin, 'GET', `/api/v1/automation/firings?ticketId=${ticket.id}`)).json().items as { depth: number; chainId: string }[];
    expect(new Set(firings.map((firing) => firing.chainId)).size).toBe(1);
    expect(firings.map((firing) => firing.depth).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // A new message from a person starts a new chain with a fresh budget.
    await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', body: 'again' });
    await settle();
    expect((await timeline(agent, ticket.id)).filter((entry) => entry.kind === 'automation_budget_exhausted')).toHaveLength(2);
    await disableAll(a.admin);
  });

  it('escalates to the team’s supervisors and creates a sub-task for a department', async () => {
    await createRule(a.admin, {
      name: 'Critical',
      trigger: { kind: 'event', event: 'ticket.created' },
      conditions: { match: 'any', conditions: [{ field: 'ticket.urgency', op: 'is', value: 'critical' }] },
      actions: [{ type: 'escalate_to_supervisor', reason: 'critical' }, { type: 'create_subtask', departmentId: logistics, title: 'Trace the parcel' }],
    });
    const ticket = await newTicket(agent, { urgency: 'critical', teamId: frontline });
    await settle();
    const notices = await t.kernel.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE workspace_id = $1 AND ticket_id = $2 AND kind = 'escalation'`, [a.id, ticket.id]);
    expect(notices.map((row) => row.user_id)).toEqual([supervisor.id]);
    const subtasks = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/subtasks`)).json().items;
    expect(subtasks).toMatchObject([{ title: 'Trace the parcel', department: { id: logistics }, origin: 'automation' }]);
    await disableAll(a.admin);
  });

  it('hears the CSAT score by event name, before the surveys module exists', async () => {
    await createRule(a.admin, { name: 'Low score', trigger: { kind: 'event', event: 'survey.csat_received' }, conditions: { match: 'all', conditions: [{ field: 'event.score', op: 'lt', value: 3 }] }, actions: [{ type: 'add_tags', tags: ['unhappy'] }] });
    const ticket = await newTicket(agent);
    await settle();
    const { emitEvent } = await import('../../platform/outbox.ts');
    await t.kernel.db.transaction((tx) => emitEvent(tx, t.clock, { workspaceId: a.id, type: 'survey.csat_received', aggregateType: 'ticket', aggregateId: ticket.id, payload: { ticketId: ticket.id, score: 1 } }));
    await settle();
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json().tags).toContain('unhappy');
    await disableAll(a.admin);
  });

  it('keeps each workspace’s rules, firings and dry runs to itself', async () => {
    const rule = await createRule(a.admin, { name: 'Mine', trigger: { kind: 'event', event: 'ticket.created' }, actions: [{ type: 'add_tags', tags: ['a-only'] }], isEnabled: false });
    expect((await t.request(b.admin, 'GET', `/api/v1/automation/rules/${rule.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { isEnabled: true })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'DELETE', `/api/v1/automation/rules/${rule.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'POST', '/api/v1/automation/dry-run', { ruleId: rule.id, from: '2026-02-01T00:00:00Z', to: '2026-03-03T00:00:00Z' })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'GET', `/api/v1/automation/firings?ruleId=${rule.id}`)).json().items).toEqual([]);
    expect((await t.request(b.admin, 'GET', '/api/v1/automation/rules')).json().items).toEqual([]);
    // A rule of B cannot name A's team.
    const crossTeam = await t.request(b.admin, 'POST', '/api/v1/automation/rules', { name: 'x', trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'assign_team', teamId: frontline }] });
    expect(crossTeam.statusCode).toBe(400);
    expect((await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}`)).json().isEnabled).toBe(false);
  });
});
