import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { at, MIN, slaTestKit, START } from './testing/sla-test-kit.ts';

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  agent = await a.addUser('agent');
});
afterAll(() => t.close());

const { createTicket, sla, eventsOf, policyId } = slaTestKit(() => ({ t, a, agent }));

describe('the SLA clocks when policies, calendars and tickets change', () => {
  it('recomputes open tickets after an admin changes a policy', async () => {
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    const wsAgent = await ws.addUser('agent');
    t.clock.set(START);
    const ticket = await createTicket(wsAgent, { priority: 'P2' });
    t.clock.advanceMinutes(4);
    const p2 = await policyId('P2', ws);
    const patched = await t.request(ws.admin, 'PATCH', `/api/v1/sla-policies/${p2}`, { targets: [{ metric: 'first_response', minutes: 10 }, { metric: 'resolution', minutes: 60 }] });
    expect(patched.statusCode).toBe(200);
    await t.settle();
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
    const calendar = await t.request(ws.admin, 'POST', '/api/v1/business-calendars', {
      name: 'Office',
      timezone: 'Asia/Shanghai',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '18:00' }]])),
      extraWorkingDays: [{ date: '2026-03-08', name: '调休' }],
    });
    expect(calendar.statusCode).toBe(201);
    const created = await t.request(ws.admin, 'POST', '/api/v1/sla-policies', {
      name: 'Business hours',
      position: 0,
      conditions: { channels: ['web'] },
      calendarId: calendar.json().id,
      targets: [{ metric: 'first_response', minutes: 60, businessTime: true }, { metric: 'resolution', minutes: 9 * 60, businessTime: true }],
    });
    expect(created.statusCode).toBe(201);
    await t.settle();
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
    expect((await t.request(ws.admin, 'PUT', `/api/v1/teams/${team.id}/calendar`, { calendarId: calendar.json().id })).statusCode).toBe(200);
    await t.request(ws.admin, 'PATCH', `/api/v1/sla-policies/${created.json().id}`, { calendarId: null, conditions: { teamIds: [team.id] } });
    await t.settle();
    const teamTicket = await createTicket(wsAgent, { priority: 'P2', teamId: team.id });
    expect((await sla(teamTicket.id, wsAgent)).target('first_response')).toMatchObject({ dueAt: '2026-03-08T02:00:00.000Z' });
  });

  it('routes P1 straight to the technical lead (green channel) and prompts contact on an overdue P2', async () => {
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    const lead = await ws.addUser('specialist', { name: 'Tech lead' });
    const wsAgent = await ws.addUser('agent');
    const p1 = await policyId('P1', ws);
    const green = await t.request(ws.admin, 'PATCH', `/api/v1/sla-policies/${p1}`, {
      escalation: [{ trigger: 'applied', action: 'assign_to', userId: lead.id }, { trigger: 'breached', action: 'notify_supervisor' }],
    });
    expect(green.statusCode).toBe(200);
    t.clock.set(START);
    const urgent = await createTicket(wsAgent, { priority: 'P1' });
    const detail = (await t.request(ws.admin, 'GET', `/api/v1/tickets/${urgent.id}`)).json();
    expect(detail.assignee?.id ?? detail.assigneeId).toBe(lead.id);

    const normal = await createTicket(wsAgent, { priority: 'P2', assigneeId: wsAgent.id });
    t.clock.advanceMinutes(16);
    await t.settle();
    const tasks = await t.request(wsAgent, 'GET', '/api/v1/sla-tasks?mine=true&status=open');
    expect(tasks.statusCode).toBe(200);
    const items = tasks.json().items as { id: string; ticketId: string; kind: string; title: string; metric: string }[];
    expect(items).toEqual([expect.objectContaining({ ticketId: normal.id, kind: 'contact_customer', metric: 'first_response' })]);
    expect(items[0]!.title).toContain(normal.number);
    // The specialist does not see tasks about tickets of other departments, even without ?mine.
    const specialistTasks = (await t.request(lead, 'GET', '/api/v1/sla-tasks?status=open')).json().items as { ticketId: string }[];
    expect(specialistTasks.map((task) => task.ticketId)).not.toContain(normal.id);
    const other = await ws.addUser('agent');
    expect((await t.request(other, 'POST', `/api/v1/sla-tasks/${items[0]!.id}/complete`)).statusCode).toBe(403);
    const done = await t.request(wsAgent, 'POST', `/api/v1/sla-tasks/${items[0]!.id}/complete`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedBy: wsAgent.id });
    expect((await t.request(wsAgent, 'POST', `/api/v1/sla-tasks/${items[0]!.id}/complete`)).statusCode).toBe(409);
  });

  it('stops the clocks of a ticket merged into another', async () => {
    t.clock.set(START);
    const source = await createTicket(agent, { priority: 'P1' });
    const target = await createTicket(agent, { priority: 'P1' });
    const merged = await t.request(agent, 'POST', `/api/v1/tickets/${source.id}/merge`, { targetId: target.id });
    expect(merged.statusCode, merged.body).toBeLessThan(300);
    await t.settle();
    const view = await sla(source.id);
    expect(view.targets.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    expect(view.nextDueAt).toBeNull();
  });

  it('hides the SLA of a ticket from another workspace', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P1' });
    const other = await t.createWorkspace();
    expect((await t.request(other.admin, 'GET', `/api/v1/tickets/${ticket.id}/sla`)).statusCode).toBe(404);
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
