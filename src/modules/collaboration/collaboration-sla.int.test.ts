/** A sub-task's own SLA (department targets on the department's calendar, warning and breach once) and tenancy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

// 2026-03-02 is a Monday; 17:00 in Shanghai.
const START = '2026-03-02T09:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let technical: string;
let agent: TestUser;
let engineer: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  b = await t.createWorkspace();
  technical = (await t.kernel.services.identity.createTeam(systemActor(a.id), { name: 'Technical support', kind: 'department' })).id;
  agent = await a.addUser('agent');
  engineer = await a.addUser('specialist', { teamIds: [technical] });
  outsider = await b.addUser('admin');
  // Office hours Mon–Fri 09:00–18:00 for the department.
  const calendar = await t.request(a.admin, 'POST', '/api/v1/business-calendars', { name: 'Office', timezone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '18:00' }]])) });
  expect((await t.request(a.admin, 'PUT', `/api/v1/teams/${technical}/calendar`, { calendarId: calendar.json().id })).statusCode).toBe(200);
});
afterAll(() => t.close());

async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) {
    if ((await t.kernel.dispatcher.drain()) + (await t.kernel.timers.drain()) === 0) return;
  }
}

async function newSubtask(body: object = {}) {
  const ticket = (await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'App crashes on login', customer: { name: 'Li Lei' } })).json();
  const response = await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/subtasks`, { departmentId: technical, title: 'Reproduce the crash', assigneeId: engineer.id, ...body });
  expect(response.statusCode).toBe(201);
  return { ticket, subtask: response.json() };
}

describe("a department's target", () => {
  it('is counted in business hours on the department calendar, warns and breaches once each', async () => {
    t.clock.set(START);
    const put = await t.request(a.admin, 'PUT', `/api/v1/subtask-targets/${technical}`, { minutes: 240, warnPercent: 50 });
    expect(put.json()).toMatchObject({ minutes: 240, businessTime: true, warnPercent: 50 });
    expect((await t.request(engineer, 'PUT', `/api/v1/subtask-targets/${technical}`, { minutes: 60 })).statusCode).toBe(403);

    const { ticket, subtask } = await newSubtask();
    // 17:00 Monday + 4 business hours: 1 h on Monday, 3 h on Tuesday → Tuesday 12:00 (04:00Z); half of it at Tuesday 10:00.
    expect(subtask.dueAt).toBe('2026-03-03T04:00:00.000Z');
    expect(subtask.warnAt).toBe('2026-03-03T02:00:00.000Z');

    t.clock.set('2026-03-03T02:30:00Z');
    await settle();
    t.clock.set('2026-03-03T04:30:00Z');
    await settle();
    // Delivered again (another node, a retry): nothing new.
    await settle();
    const events = await t.kernel.db.query<{ type: string }>(`SELECT type FROM outbox_events WHERE workspace_id = $1 AND payload->>'subtaskId' = $2 AND type LIKE 'subtask.sla_%' ORDER BY id`, [a.id, subtask.id]);
    expect(events.map((e) => e.type)).toEqual(['subtask.sla_warning', 'subtask.sla_breached']);
    // A day later the sessions have expired: read through the services.
    const { collaboration, tickets } = t.kernel.services;
    expect((await collaboration.getSubtask(engineer.actor, subtask.id)).slaState).toBe('breached');
    const steps = (await tickets.listTimeline(agent.actor, ticket.id)).items.map((item) => item.kind);
    expect(steps).toEqual(expect.arrayContaining(['subtask.sla_warning', 'subtask.sla_breached']));
    const notices = await t.kernel.db.query<{ user_id: string; title_key: string }>(`SELECT user_id, title_key FROM notifications WHERE workspace_id = $1 AND source_key LIKE $2`, [a.id, `subtask:${subtask.id}:%`]);
    const byKey = (rows: { user_id: string; title_key: string }[]) => rows.map((row) => `${row.title_key} → ${row.user_id}`).sort();
    // The assignee hears of the warning and the breach; the agent who asked hears of the breach too.
    expect(byKey(notices)).toEqual(
      byKey([
        { user_id: engineer.id, title_key: 'collaboration.notice.assigned' },
        { user_id: engineer.id, title_key: 'collaboration.notice.warning' },
        { user_id: agent.id, title_key: 'collaboration.notice.breach' },
        { user_id: engineer.id, title_key: 'collaboration.notice.breach' },
      ]),
    );
  });

  it('stops its clock when the sub-task is done in time, and restarts it with a new due time', async () => {
    t.clock.set(START);
    const { subtask } = await newSubtask({ dueAt: '2026-03-02T10:00:00Z' });
    const moved = await t.request(agent, 'PATCH', `/api/v1/subtasks/${subtask.id}`, { dueAt: '2026-03-02T12:00:00Z' });
    expect(moved.json()).toMatchObject({ dueAt: '2026-03-02T12:00:00.000Z', warnAt: '2026-03-02T11:24:00.000Z' });
    t.clock.set('2026-03-02T10:30:00Z');
    await settle();
    await t.kernel.services.collaboration.completeSubtask(engineer.actor, subtask.id, { resolution: 'Fixed in 2.3.1' });
    t.clock.set('2026-03-02T13:00:00Z');
    await settle();
    const fired = await t.kernel.db.query(`SELECT 1 FROM outbox_events WHERE workspace_id = $1 AND payload->>'subtaskId' = $2 AND type LIKE 'subtask.sla_%'`, [a.id, subtask.id]);
    expect(fired).toHaveLength(0);
    expect((await t.kernel.services.collaboration.getSubtask(engineer.actor, subtask.id)).slaState).toBe('met');
    const pending = await t.kernel.db.query(`SELECT 1 FROM timers WHERE workspace_id = $1 AND key LIKE $2 AND fired_at IS NULL`, [a.id, `subtask:${subtask.id}:%`]);
    expect(pending).toHaveLength(0);
  });
});

describe('another workspace', () => {
  it('can neither read nor change a sub-task, nor hand its tickets on', async () => {
    t.clock.set(START);
    const { ticket, subtask } = await newSubtask({ dueAt: null });
    for (const [method, url, body] of [
      ['GET', `/api/v1/subtasks/${subtask.id}`, undefined],
      ['PATCH', `/api/v1/subtasks/${subtask.id}`, { title: 'Mine now' }],
      ['POST', `/api/v1/subtasks/${subtask.id}/complete`, { resolution: 'no' }],
      ['POST', `/api/v1/subtasks/${subtask.id}/cancel`, { reason: 'no' }],
      ['GET', `/api/v1/tickets/${ticket.id}/subtasks`, undefined],
      ['POST', `/api/v1/tickets/${ticket.id}/subtasks`, { departmentId: technical, title: 'Sneaky' }],
    ] as const) {
      expect({ method, url, status: (await t.request(outsider, method, url, body)).statusCode }).toEqual({ method, url, status: 404 });
    }
    expect((await t.request(outsider, 'GET', '/api/v1/subtasks?scope=all')).json().items).toEqual([]);
    expect((await t.request(outsider, 'PUT', `/api/v1/subtask-targets/${technical}`, { minutes: 10 })).statusCode).toBe(404);
    const unchanged = (await t.request(agent, 'GET', `/api/v1/subtasks/${subtask.id}`)).json();
    expect(unchanged).toMatchObject({ title: 'Reproduce the crash', status: 'open', version: subtask.version });
  });
});
