import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

// 2026-03-02 is a Monday; 01:00Z is 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z';
const MIN = 60_000;

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  agent = await a.addUser('agent');
});
afterAll(() => t.close());

interface TargetJson {
  metric: string;
  cycle: number;
  status: string;
  dueAt: string | null;
  remainingMs: number;
  elapsedMs: number;
  breachedAt: string | null;
  warnedAt: string | null;
  metAt: string | null;
}

/** t.request that keeps the user's session cookie current: the tests move the clock past token rotations. */
async function send(user: TestUser, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  const response = await t.request(user, method, url, body, headers);
  const rotated = response.cookies.find((c) => c.name === 'kefu_session');
  if (rotated?.value) user.cookie = `kefu_session=${rotated.value}`;
  return response;
}

/** Delivers events and fires due timers until both are quiet, as the background loops would. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const events = await t.kernel.dispatcher.drain();
    const timers = await t.kernel.timers.drain();
    if (events + timers === 0) return;
  }
}

const at = (offsetMinutes: number, from = START) => new Date(new Date(from).getTime() + offsetMinutes * MIN).toISOString();

async function createTicket(user: TestUser, body: Record<string, unknown> = {}) {
  const suffix = newId().slice(0, 8);
  const response = await send(user, 'POST', '/api/v1/tickets', {
    subject: `SLA ticket ${suffix}`,
    description: 'The service is down.',
    customer: { name: `Customer ${suffix}`, email: `c-${suffix}@example.com` },
    ...body,
  });
  expect(response.statusCode).toBe(201);
  await settle();
  return response.json() as { id: string; number: string; customerId: string };
}

async function sla(ticketId: string, user: TestUser = agent) {
  const response = await send(user, 'GET', `/api/v1/tickets/${ticketId}/sla`);
  expect(response.statusCode).toBe(200);
  const body = response.json() as { state: string; nextDueAt: string | null; policy: { name: string } | null; targets: TargetJson[]; history: TargetJson[] };
  const target = (metric: string) => body.targets.find((x) => x.metric === metric);
  return { ...body, target };
}

async function reply(ticketId: string, body: Record<string, unknown> = {}, user: TestUser = agent) {
  const response = await send(user, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', body: 'We are on it.', ...body });
  expect(response.statusCode).toBe(201);
  await settle();
}

async function customerWrites(ticketId: string) {
  await t.kernel.services.tickets.addMessage(systemActor(a.id), ticketId, { kind: 'reply', body: 'Any news?', authorType: 'customer' });
  await settle();
}

async function patchTicket(ticketId: string, body: Record<string, unknown>, user: TestUser = agent) {
  const current = await send(user, 'GET', `/api/v1/tickets/${ticketId}`);
  const response = await send(user, 'PATCH', `/api/v1/tickets/${ticketId}`, body, { 'if-match': String(current.headers.etag) });
  expect(response.statusCode, response.body).toBe(200);
  await settle();
}

async function eventsOf(ticketId: string, type: string) {
  return t.kernel.db.query<{ payload: Record<string, unknown> }>(
    `SELECT payload FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2 AND type = $3 ORDER BY id`,
    [a.id, ticketId, type],
  );
}

async function policyId(name: string, workspace: TestWorkspace = a): Promise<string> {
  const items = (await send(workspace.admin, 'GET', '/api/v1/sla-policies')).json().items as { id: string; name: string }[];
  return items.find((p) => p.name === name)!.id;
}

describe('the SLA clocks', () => {
  it('applies P1 at creation: due times, summary columns and the ticket detail block', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P1' });
    const view = await sla(ticket.id);
    expect(view.policy?.name).toBe('P1');
    expect(view.state).toBe('active');
    expect(view.target('first_response')).toMatchObject({ status: 'active', dueAt: at(5), remainingMs: 5 * MIN, cycle: 1 });
    expect(view.target('resolution')).toMatchObject({ status: 'active', dueAt: at(120) });
    expect(view.target('progress_update')).toBeUndefined();
    expect(view.nextDueAt).toBe(at(5));

    const detail = (await send(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(detail).toMatchObject({ slaState: 'active', slaNextDueAt: at(5) });
    expect(detail.extensions.sla.targets).toHaveLength(2);
    const timeline = (await send(agent, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items as { kind: string }[];
    expect(timeline.map((e) => e.kind)).toContain('sla.policy_applied');
  });

  it('starts the clocks once when a later event of a ticket is delivered before its ticket.created', async () => {
    t.clock.set(START);
    const response = await send(agent, 'POST', '/api/v1/tickets', { subject: 'Out of order', priority: 'P1', assigneeId: agent.id, customer: { name: 'Late Event', email: 'late.event@example.com' } });
    expect(response.statusCode).toBe(201);
    const ticketId = (response.json() as { id: string }).id;
    // ticket.assigned goes first (another node claimed ticket.created and was slow).
    await t.kernel.db.query(`UPDATE outbox_events SET available_at = $3 WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'ticket.created'`, [a.id, ticketId, at(60)]);
    await settle();
    expect((await sla(ticketId)).target('first_response')).toMatchObject({ status: 'active', dueAt: at(5) });
    await t.kernel.db.query(`UPDATE outbox_events SET available_at = $3 WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'ticket.created'`, [a.id, ticketId, START]);
    await settle();
    const view = await sla(ticketId);
    expect(view.policy?.name).toBe('P1');
    expect(view.targets.map((target) => [target.metric, target.cycle, target.dueAt])).toEqual(
      expect.arrayContaining([
        ['first_response', 1, at(5)],
        ['resolution', 1, at(120)],
      ]),
    );
    expect(view.targets).toHaveLength(2);
    expect(await eventsOf(ticketId, 'sla.policy_applied')).toHaveLength(1);
  });

  it('meets the first response with a public agent reply, not a note or an auto-reply, and starts progress updates', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P1' });
    t.clock.advanceMinutes(1);
    await reply(ticket.id, { kind: 'note', body: 'internal' });
    await reply(ticket.id, { body: 'Auto: we received your request', isAutoReply: true });
    expect((await sla(ticket.id)).target('first_response')?.status).toBe('active');
    t.clock.advanceMinutes(2);
    await reply(ticket.id);
    const view = await sla(ticket.id);
    expect(view.target('first_response')).toMatchObject({ status: 'met', metAt: at(3) });
    expect(view.target('progress_update')).toMatchObject({ status: 'active', cycle: 1, dueAt: at(33) });
    // Each further public reply meets the update and starts the next one.
    t.clock.advanceMinutes(20);
    await reply(ticket.id);
    const next = await sla(ticket.id);
    expect(next.target('progress_update')).toMatchObject({ cycle: 2, dueAt: at(53) });
    expect(next.history.find((h) => h.metric === 'progress_update')).toMatchObject({ cycle: 1, status: 'met' });
  });

  it('counts bot replies only when the policy says so', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P3' });
    await t.kernel.services.tickets.addMessage(systemActor(a.id), ticket.id, { kind: 'reply', body: 'Bot answer', authorType: 'bot' });
    await settle();
    expect((await sla(ticket.id)).target('first_response')?.status).toBe('active');

    await send(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P3')}`, { countBotReplies: true });
    await settle();
    const other = await createTicket(agent, { priority: 'P3' });
    await t.kernel.services.tickets.addMessage(systemActor(a.id), other.id, { kind: 'reply', body: 'Bot answer', authorType: 'bot' });
    await settle();
    expect((await sla(other.id)).target('first_response')?.status).toBe('met');
    await send(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P3')}`, { countBotReplies: false });
    await settle();
  });

  it('pauses while pending or on hold and resumes after, keeping the used time', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P2' });
    await patchTicket(ticket.id, { assigneeId: agent.id });
    t.clock.advanceMinutes(5);
    await patchTicket(ticket.id, { status: 'pending' });
    t.clock.advanceMinutes(60);
    await settle();
    let view = await sla(ticket.id);
    expect(view.state).toBe('paused');
    expect(view.target('first_response')).toMatchObject({ status: 'paused', dueAt: null, remainingMs: 10 * MIN });
    expect(view.target('resolution')).toMatchObject({ status: 'paused', remainingMs: 24 * 60 * MIN - 5 * MIN });
    expect(await eventsOf(ticket.id, 'sla.breached')).toHaveLength(0);

    // The customer writes back: pending → open, the clocks run again from now.
    await customerWrites(ticket.id);
    view = await sla(ticket.id);
    expect(view.target('first_response')).toMatchObject({ status: 'active', dueAt: at(75) });
    t.clock.advanceMinutes(3);
    await patchTicket(ticket.id, { status: 'on_hold' });
    t.clock.advanceMinutes(30);
    await patchTicket(ticket.id, { status: 'open' });
    expect((await sla(ticket.id)).target('first_response')).toMatchObject({ status: 'active', dueAt: at(75 + 30) });
  });

  it('fires a warning and a breach once each, on the outbox and the timeline, and escalates', async () => {
    t.clock.set(START);
    const supervisorTeam = await t.kernel.services.identity.createTeam(a.admin.actor, { name: `Frontline ${newId().slice(0, 6)}`, kind: 'team' });
    const lead = await a.addUser('supervisor', { teamIds: [supervisorTeam.id] });
    const ticket = await createTicket(agent, { priority: 'P1', teamId: supervisorTeam.id });
    t.clock.advanceMinutes(3);
    await settle();
    expect(await eventsOf(ticket.id, 'sla.warning')).toHaveLength(0);
    t.clock.set(at(4));
    await settle();
    const warnings = await eventsOf(ticket.id, 'sla.warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.payload).toMatchObject({ ticketId: ticket.id, number: ticket.number, metric: 'first_response', cycle: 1, dueAt: at(5) });
    expect((await sla(ticket.id)).state).toBe('warning');
    const list = (await send(agent, 'GET', '/api/v1/tickets?slaAtRisk=true')).json().items as { id: string }[];
    expect(list.map((x) => x.id)).toContain(ticket.id);

    t.clock.set(at(5));
    await settle();
    await settle();
    t.clock.advanceMinutes(30);
    await settle();
    expect(await eventsOf(ticket.id, 'sla.warning')).toHaveLength(1);
    const breaches = await eventsOf(ticket.id, 'sla.breached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.payload).toMatchObject({ metric: 'first_response', dueAt: at(5) });
    const view = await sla(ticket.id);
    expect(view.state).toBe('breached');
    expect(view.target('first_response')).toMatchObject({ status: 'breached', breachedAt: at(5), remainingMs: -30 * MIN });

    // P1's default steps notify the team's supervisors at the warning and at the breach.
    const escalations = await eventsOf(ticket.id, 'sla.escalated');
    expect(escalations.map((e) => [e.payload.trigger, e.payload.action, e.payload.metric])).toEqual([
      ['warning', 'notify_supervisor', 'first_response'],
      ['breached', 'notify_supervisor', 'first_response'],
    ]);
    // …resolved to their user ids.
    expect(escalations[0]!.payload.recipients).toEqual([{ userId: lead.id }]);
    const timeline = (await send(agent, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items as { kind: string }[];
    const kinds = timeline.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'sla.warning')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sla.breached')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sla.escalated')).toHaveLength(2);

    // Answering late: met, but the breach stays on record.
    await reply(ticket.id);
    expect((await sla(ticket.id)).target('first_response')).toMatchObject({ status: 'met', breachedAt: at(5) });
  });

  it('restarts the resolution target on reopen, or continues it when the policy says so', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P1' });
    await reply(ticket.id);
    t.clock.advanceMinutes(30);
    await patchTicket(ticket.id, { status: 'solved' });
    let view = await sla(ticket.id);
    expect(view.target('resolution')).toMatchObject({ status: 'met', metAt: at(30) });
    expect(view.target('progress_update')?.status).toBe('cancelled');
    expect(view.state).toBe('met');
    expect(view.nextDueAt).toBeNull();

    t.clock.advanceMinutes(60);
    await customerWrites(ticket.id);
    view = await sla(ticket.id);
    expect(view.target('resolution')).toMatchObject({ status: 'active', cycle: 2, dueAt: at(90 + 120) });
    expect(view.target('next_response')).toBeUndefined(); // P1 has no next-response target

    await send(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P1')}`, { reopenRestartsResolution: false });
    await settle();
    t.clock.set(START);
    const other = await createTicket(agent, { priority: 'P1' });
    t.clock.advanceMinutes(30);
    await patchTicket(other.id, { status: 'solved' });
    t.clock.advanceMinutes(60);
    await patchTicket(other.id, { status: 'open' });
    expect((await sla(other.id)).target('resolution')).toMatchObject({ status: 'active', cycle: 1, dueAt: at(90 + 90) });
    await send(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P1')}`, { reopenRestartsResolution: true });
    await settle();
  });

  it('recomputes on a priority change, keeping the elapsed time', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P3' });
    expect((await sla(ticket.id)).target('first_response')).toMatchObject({ dueAt: at(24 * 60) });
    t.clock.advanceMinutes(2);
    await patchTicket(ticket.id, { priority: 'P1' });
    const view = await sla(ticket.id);
    expect(view.policy?.name).toBe('P1');
    // Two of P1's five minutes are used; resolution counts from the ticket's creation.
    expect(view.target('first_response')).toMatchObject({ status: 'active', dueAt: at(5), cycle: 1 });
    expect(view.target('resolution')).toMatchObject({ status: 'active', dueAt: at(120), elapsedMs: 2 * MIN });
    t.clock.advanceMinutes(1);
    await patchTicket(ticket.id, { priority: 'P2' });
    expect((await sla(ticket.id)).target('first_response')).toMatchObject({ dueAt: at(15) });
  });

  it('recomputes open tickets after an admin changes a policy', async () => {
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    const wsAgent = await ws.addUser('agent');
    t.clock.set(START);
    const ticket = await createTicket(wsAgent, { priority: 'P2' });
    t.clock.advanceMinutes(4);
    const p2 = await policyId('P2', ws);
    const patched = await send(ws.admin, 'PATCH', `/api/v1/sla-policies/${p2}`, { targets: [{ metric: 'first_response', minutes: 10 }, { metric: 'resolution', minutes: 60 }] });
    expect(patched.statusCode).toBe(200);
    await settle();
    const view = await sla(ticket.id, wsAgent);
    expect(view.target('first_response')).toMatchObject({ dueAt: at(10) });
    expect(view.target('resolution')).toMatchObject({ dueAt: at(60) });
    expect(view.target('progress_update')).toBeUndefined();
  });

  it('counts business time on a calendar whose Sunday is a working day (调休)', async () => {
    // Saturday 2026-03-07 15:00 Shanghai: closed until Sunday 09:00 (调休).
    t.clock.set('2026-03-07T07:00:00Z');
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    const wsAgent = await ws.addUser('agent');
    const calendar = await send(ws.admin, 'POST', '/api/v1/business-calendars', {
      name: 'Office',
      timezone: 'Asia/Shanghai',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '18:00' }]])),
      extraWorkingDays: [{ date: '2026-03-08', name: '调休' }],
    });
    expect(calendar.statusCode).toBe(201);
    const created = await send(ws.admin, 'POST', '/api/v1/sla-policies', {
      name: 'Business hours',
      position: 0,
      conditions: { channels: ['web'] },
      calendarId: calendar.json().id,
      targets: [{ metric: 'first_response', minutes: 60, businessTime: true }, { metric: 'resolution', minutes: 9 * 60, businessTime: true }],
    });
    expect(created.statusCode).toBe(201);
    await settle();
    const ticket = await createTicket(wsAgent, { priority: 'P2', channel: 'web' });
    const view = await sla(ticket.id, wsAgent);
    expect(view.policy?.name).toBe('Business hours');
    expect(view.target('first_response')).toMatchObject({ dueAt: '2026-03-08T02:00:00.000Z' });
    expect(view.target('resolution')).toMatchObject({ dueAt: '2026-03-08T10:00:00.000Z' });
    // Sunday 12:00 local: 3 of 9 business hours used → 6 h left (read through the service: the session
    // cookies of this test would have expired by Sunday).
    t.clock.set('2026-03-08T04:00:00Z');
    const sunday = await t.kernel.services.sla.getTicketSla(wsAgent.actor, ticket.id);
    expect(sunday.targets.find((x) => x.metric === 'resolution')?.remainingMs).toBe(6 * 60 * MIN);

    // The same hours as the team's calendar: a policy without its own calendar uses the team's.
    t.clock.set('2026-03-07T07:00:00Z');
    const team = await t.kernel.services.identity.createTeam(ws.admin.actor, { name: 'Web team', kind: 'team' });
    expect((await send(ws.admin, 'PUT', `/api/v1/teams/${team.id}/calendar`, { calendarId: calendar.json().id })).statusCode).toBe(200);
    await send(ws.admin, 'PATCH', `/api/v1/sla-policies/${created.json().id}`, { calendarId: null, conditions: { teamIds: [team.id] } });
    await settle();
    const teamTicket = await createTicket(wsAgent, { priority: 'P2', teamId: team.id });
    expect((await sla(teamTicket.id, wsAgent)).target('first_response')).toMatchObject({ dueAt: '2026-03-08T02:00:00.000Z' });
  });

  it('routes P1 straight to the technical lead (green channel) and prompts contact on an overdue P2', async () => {
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    const lead = await ws.addUser('specialist', { name: 'Tech lead' });
    const wsAgent = await ws.addUser('agent');
    const p1 = await policyId('P1', ws);
    const green = await send(ws.admin, 'PATCH', `/api/v1/sla-policies/${p1}`, {
      escalation: [{ trigger: 'applied', action: 'assign_to', userId: lead.id }, { trigger: 'breached', action: 'notify_supervisor' }],
    });
    expect(green.statusCode).toBe(200);
    t.clock.set(START);
    const urgent = await createTicket(wsAgent, { priority: 'P1' });
    const detail = (await send(ws.admin, 'GET', `/api/v1/tickets/${urgent.id}`)).json();
    expect(detail.assignee?.id ?? detail.assigneeId).toBe(lead.id);

    const normal = await createTicket(wsAgent, { priority: 'P2', assigneeId: wsAgent.id });
    t.clock.advanceMinutes(16);
    await settle();
    const tasks = await send(wsAgent, 'GET', '/api/v1/sla-tasks?mine=true&status=open');
    expect(tasks.statusCode).toBe(200);
    const items = tasks.json().items as { id: string; ticketId: string; kind: string; title: string; metric: string }[];
    expect(items).toEqual([expect.objectContaining({ ticketId: normal.id, kind: 'contact_customer', metric: 'first_response' })]);
    expect(items[0]!.title).toContain(normal.number);
    // The specialist does not see tasks about tickets of other departments, even without ?mine.
    const specialistTasks = (await send(lead, 'GET', '/api/v1/sla-tasks?status=open')).json().items as { ticketId: string }[];
    expect(specialistTasks.map((task) => task.ticketId)).not.toContain(normal.id);
    const other = await ws.addUser('agent');
    expect((await send(other, 'POST', `/api/v1/sla-tasks/${items[0]!.id}/complete`)).statusCode).toBe(403);
    const done = await send(wsAgent, 'POST', `/api/v1/sla-tasks/${items[0]!.id}/complete`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedBy: wsAgent.id });
    expect((await send(wsAgent, 'POST', `/api/v1/sla-tasks/${items[0]!.id}/complete`)).statusCode).toBe(409);
  });

  it('stops the clocks of a ticket merged into another', async () => {
    t.clock.set(START);
    const source = await createTicket(agent, { priority: 'P1' });
    const target = await createTicket(agent, { priority: 'P1' });
    const merged = await send(agent, 'POST', `/api/v1/tickets/${source.id}/merge`, { targetId: target.id });
    expect(merged.statusCode, merged.body).toBeLessThan(300);
    await settle();
    const view = await sla(source.id);
    expect(view.targets.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    expect(view.nextDueAt).toBeNull();
  });

  it('hides the SLA of a ticket from another workspace', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P1' });
    const other = await t.createWorkspace();
    expect((await send(other.admin, 'GET', `/api/v1/tickets/${ticket.id}/sla`)).statusCode).toBe(404);
  });
});

describe('durable timers across a restart', () => {
  it('fires a timer set before a restart after it, on time', async () => {
    const { createKernel } = await import('../../kernel.ts');
    const { loadConfig } = await import('../../platform/config.ts');
    const { silentLogger } = await import('../../platform/logger.ts');
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P1' });
    // The first process goes away with the timers in the database.
    await t.kernel.close();
    const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data' });
    const next = await createKernel({ config, clock: t.clock, db: t.testDb.db, logger: silentLogger, runWorkers: false });
    try {
      t.clock.set(at(4) );
      t.clock.advanceMs(-1);
      expect(await next.timers.drain()).toBe(0);
      t.clock.set(at(4));
      expect(await next.timers.drain()).toBeGreaterThan(0);
      expect(await eventsOf(ticket.id, 'sla.warning')).toHaveLength(1);
      t.clock.set(at(5));
      await next.timers.drain();
      expect(await eventsOf(ticket.id, 'sla.breached')).toHaveLength(1);
    } finally {
      await next.close();
    }
  });
});
