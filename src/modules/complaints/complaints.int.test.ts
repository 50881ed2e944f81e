/** The complaint loop end to end through the API: approval, execution by a department, follow-up, second complaints, isolation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let finance: string;
let agent: TestUser;
let supervisor: TestUser;
let accountant: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  finance = (await t.kernel.services.identity.createTeam(systemActor(a.id), { name: 'Finance', kind: 'department' })).id;
  agent = await a.addUser('agent');
  supervisor = await a.addUser('supervisor');
  accountant = await a.addUser('specialist', { teamIds: [finance] });
  outsider = await b.addUser('supervisor');
});
afterAll(() => t.close());

async function newTicket(user: TestUser = agent, subject = 'Damaged blender 搅拌机损坏') {
  const response = await t.request(user, 'POST', '/api/v1/tickets', { subject, description: 'It arrived broken.', customer: { name: '李娜', email: `li-${Math.random().toString(36).slice(2, 8)}@example.com` } });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: string };
}

async function post(user: TestUser, url: string, body: unknown = {}) {
  return t.request(user, 'POST', url, body);
}

async function newComplaint(user: TestUser, extra: Record<string, unknown> = {}) {
  const ticket = await newTicket(user);
  const response = await post(user, '/api/v1/complaints', { ticketId: ticket.id, severity: 'major', rootCause: 'product_defect', summary: 'Blender arrived broken', ...extra });
  expect(response.statusCode).toBe(201);
  return { ticket, complaint: response.json() as { id: string; status: string; isRepeat: boolean } };
}

describe('the complaint loop', () => {
  it('runs from receipt to closure with a compensation a supervisor approves and finance carries out', async () => {
    t.clock.set(START);
    const { ticket, complaint } = await newComplaint(agent);
    expect(complaint.status).toBe('received');
    // The ticket is now a complaint with the priority of its severity, so the complaint SLA policies match it.
    const retyped = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(retyped).toMatchObject({ type: 'complaint', priority: 'P2' });

    expect((await post(agent, `/api/v1/complaints/${complaint.id}/confirm`)).statusCode).toBe(409);
    const recorded = await post(agent, `/api/v1/complaints/${complaint.id}/record`, { occurredAt: '2026-03-01T08:00:00Z', orderNo: 'SO-1001', contact: '138 0013 8000', amountInvolvedMinor: 59900, currency: 'CNY' });
    expect(recorded.json()).toMatchObject({ status: 'recorded', orderNo: 'SO-1001', amountInvolvedMinor: 59900, isRepeat: false });
    expect((await post(agent, `/api/v1/complaints/${complaint.id}/confirm`)).json().status).toBe('confirmed');
    expect((await post(agent, `/api/v1/complaints/${complaint.id}/respond`)).json().status).toBe('responded');

    const proposed = await post(agent, `/api/v1/complaints/${complaint.id}/compensations`, { type: 'refund', amountMinor: 59900, description: 'Full refund', executorDepartmentId: finance });
    expect(proposed.statusCode).toBe(201);
    const refund = proposed.json() as { id: string; status: string };
    expect(refund.status).toBe('pending_approval');
    expect((await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json().status).toBe('proposed');

    // The supervisor hears of it and finds it in the queue; an agent may not decide.
    await t.settle();
    const notices = (await t.request(supervisor, 'GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(notices.some((notice) => notice.title.includes('599.00 CNY'))).toBe(true);
    const queue = (await t.request(supervisor, 'GET', '/api/v1/compensations/pending')).json().items as { id: string }[];
    expect(queue.map((item) => item.id)).toContain(refund.id);
    expect((await post(agent, `/api/v1/compensations/${refund.id}/approve`)).statusCode).toBe(403);
    const approved = await post(supervisor, `/api/v1/compensations/${refund.id}/approve`);
    expect(approved.json()).toMatchObject({ status: 'approved', approverId: supervisor.id });
    const subtaskId = approved.json().subtaskId as string;
    expect(subtaskId).toBeTruthy();
    expect((await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json().status).toBe('executing');

    // Finance carries it out as a sub-task; its completion executes the compensation and opens the follow-up visit.
    t.clock.set('2026-03-02T02:00:00Z');
    expect((await post(accountant, `/api/v1/subtasks/${subtaskId}/complete`, { resolution: 'Refunded to the original card' })).statusCode).toBe(200);
    await t.settle();
    const detail = (await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json();
    expect(detail.status).toBe('follow_up');
    expect(detail.compensations[0]).toMatchObject({ status: 'executed', executedAt: '2026-03-02T02:00:00.000Z' });
    expect(detail.followUps).toHaveLength(1);
    expect(detail.followUps[0]).toMatchObject({ reason: 'complaint', status: 'open' });

    const visit = await post(agent, `/api/v1/follow-ups/${detail.followUps[0].id}/complete`, { satisfied: true, outcome: '客户确认已收到退款，表示满意' });
    expect(visit.json().status).toBe('done');
    const closed = (await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json();
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();

    const ledger = (await t.request(supervisor, 'GET', '/api/v1/ledger?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z')).json().items as { id: string; approverName: string }[];
    expect(ledger.find((row) => row.id === refund.id)?.approverName).toBe(`supervisor ${a.admin.email.split('@')[1]!.replace('.test', '')}`);
  });

  it('counts a second complaint on the same order, and a reopened complaint, in the second-complaint rate', async () => {
    t.clock.set('2026-03-02T03:00:00Z');
    const first = await newComplaint(agent, { orderNo: 'SO-2002', occurredAt: '2026-03-01T10:00:00Z', contact: 'li@example.com' });
    expect(first.complaint).toMatchObject({ status: 'recorded', isRepeat: false });
    const second = await newComplaint(agent, { orderNo: 'SO-2002' });
    expect(second.complaint.isRepeat).toBe(true);
    // An order number given later, when recording, counts as well.
    const third = await newComplaint(agent);
    const recorded = await post(agent, `/api/v1/complaints/${third.complaint.id}/record`, { occurredAt: '2026-03-01T10:00:00Z', contact: 'x', orderNo: 'SO-2002' });
    expect(recorded.json().isRepeat).toBe(true);
    const other = await newComplaint(agent, { orderNo: 'SO-2003' });
    expect(other.complaint.isRepeat).toBe(false);

    // Reopening needs a closed complaint; reopened, it is a new, repeat complaint.
    expect((await post(agent, `/api/v1/complaints/${other.complaint.id}/reopen`, { summary: 'Again' })).statusCode).toBe(409);
    const metrics = (await t.request(supervisor, 'GET', '/api/v1/complaints/metrics?from=2026-03-02T03:00:00Z&to=2026-03-02T04:00:00Z')).json();
    expect(metrics).toMatchObject({ total: 4, repeats: 2, secondComplaintRate: 50, targetPercent: 5 });
    expect(metrics.byRootCause).toEqual([{ rootCause: 'product_defect', total: 4, repeats: 2 }]);
  });

  it('reopens a closed complaint as a second complaint', async () => {
    t.clock.set('2026-03-02T04:00:00Z');
    const { complaint } = await newComplaint(agent, { occurredAt: '2026-03-01T10:00:00Z', contact: 'x' });
    await post(agent, `/api/v1/complaints/${complaint.id}/confirm`);
    await post(agent, `/api/v1/complaints/${complaint.id}/respond`);
    // An apology needs no approval: it goes straight to execution, carried out by hand.
    const apology = (await post(agent, `/api/v1/complaints/${complaint.id}/compensations`, { type: 'apology', amountMinor: 0 })).json();
    expect(apology.status).toBe('approved');
    await post(agent, `/api/v1/compensations/${apology.id}/execute`);
    const detail = (await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json();
    await post(agent, `/api/v1/follow-ups/${detail.followUps[0].id}/complete`, { satisfied: true, outcome: 'ok' });
    const reopened = await post(agent, `/api/v1/complaints/${complaint.id}/reopen`, { summary: '问题再次出现' });
    expect(reopened.statusCode).toBe(201);
    expect(reopened.json()).toMatchObject({ isRepeat: true, previousId: complaint.id, status: 'recorded' });
    const metrics = (await t.request(supervisor, 'GET', '/api/v1/complaints/metrics?from=2026-03-02T04:00:00Z&to=2026-03-02T05:00:00Z')).json();
    expect(metrics).toMatchObject({ total: 2, repeats: 1, secondComplaintRate: 50 });
  });

  it('sends a follow-up visit to the supervisors after the customer is unreachable N times', async () => {
    t.clock.set('2026-03-02T05:00:00Z');
    expect((await t.request(a.admin, 'PUT', '/api/v1/complaint-settings', { approvalThresholdMinor: 20000, currency: 'CNY', followUpMaxAttempts: 2, complaintTeamId: null })).statusCode).toBe(200);
    const { complaint } = await newComplaint(agent, { occurredAt: '2026-03-01T10:00:00Z', contact: 'x' });
    await post(agent, `/api/v1/complaints/${complaint.id}/confirm`);
    await post(agent, `/api/v1/complaints/${complaint.id}/respond`);
    const coupon = (await post(agent, `/api/v1/complaints/${complaint.id}/compensations`, { type: 'coupon', amountMinor: 2000 })).json();
    await post(agent, `/api/v1/compensations/${coupon.id}/execute`);
    const visit = (await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json().followUps[0];
    expect((await post(agent, `/api/v1/follow-ups/${visit.id}/attempts`, { note: '无人接听' })).json()).toMatchObject({ attempts: 1, status: 'open' });
    expect((await post(agent, `/api/v1/follow-ups/${visit.id}/attempts`, { note: '关机' })).json()).toMatchObject({ attempts: 2, status: 'escalated' });
    await t.settle();
    const notices = (await t.request(supervisor, 'GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(notices.some((notice) => notice.title.includes('unreachable'))).toBe(true);
    // Unsatisfied, the complaint goes back for a new solution.
    await post(agent, `/api/v1/follow-ups/${visit.id}/complete`, { satisfied: false, outcome: 'Wants a refund instead' });
    expect((await t.request(agent, 'GET', `/api/v1/complaints/${complaint.id}`)).json().status).toBe('responded');
  });

  it('keeps one workspace out of another’s complaints, compensations, follow-ups and ledger', async () => {
    t.clock.set('2026-03-02T06:00:00Z');
    const { complaint } = await newComplaint(agent);
    const paths = [`/api/v1/complaints/${complaint.id}`];
    for (const path of paths) expect((await t.request(outsider, 'GET', path)).statusCode).toBe(404);
    for (const step of ['confirm', 'respond']) expect((await post(outsider, `/api/v1/complaints/${complaint.id}/${step}`)).statusCode).toBe(404);
    expect((await post(outsider, `/api/v1/complaints/${complaint.id}/compensations`, { type: 'coupon', amountMinor: 100 })).statusCode).toBe(404);
    expect((await post(outsider, `/api/v1/complaints/${complaint.id}/record`, { occurredAt: '2026-03-01T00:00:00Z', contact: 'x' })).statusCode).toBe(404);
    const pending = (await t.request(supervisor, 'GET', '/api/v1/compensations/pending')).json().items as { id: string }[];
    for (const item of pending) {
      expect((await post(outsider, `/api/v1/compensations/${item.id}/approve`)).statusCode).toBe(404);
    }
    const visits = (await t.request(agent, 'GET', '/api/v1/follow-ups')).json().items as { id: string }[];
    expect(visits.length).toBeGreaterThan(0);
    for (const visit of visits.slice(0, 3)) expect((await post(outsider, `/api/v1/follow-ups/${visit.id}/complete`, { satisfied: true, outcome: 'x' })).statusCode).toBe(404);
    expect((await t.request(outsider, 'GET', '/api/v1/complaints')).json().items).toEqual([]);
    expect((await t.request(outsider, 'GET', '/api/v1/follow-ups')).json().items).toEqual([]);
    expect((await t.request(outsider, 'GET', '/api/v1/compensations/pending')).json().items).toEqual([]);
    expect((await t.request(outsider, 'GET', '/api/v1/ledger?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z')).json().items).toEqual([]);
    // A ticket of another workspace cannot become a complaint there.
    const ticket = await newTicket(agent);
    expect((await post(outsider, '/api/v1/complaints', { ticketId: ticket.id, severity: 'minor', rootCause: 'other', summary: 'x' })).statusCode).toBe(404);
  });
  it('has a supervisor follow up a complaint about slow response within 24 hours, escalating when overdue', async () => {
    t.clock.set('2026-03-02T07:00:00Z');
    const { ticket } = await newComplaint(agent, { rootCause: 'slow_response', severity: 'critical' });
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json().priority).toBe('P1');
    const tasks = (await t.request(supervisor, 'GET', `/api/v1/follow-ups?ticketId=${ticket.id}`)).json().items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ reason: 'slow_response', assigneeId: supervisor.id, dueAt: '2026-03-03T07:00:00.000Z', status: 'open' });
    // A day later (past the sessions' lifetime: read through the service).
    t.clock.set('2026-03-03T08:00:00Z');
    await t.settle();
    const [escalated] = await t.kernel.services.complaints.listFollowUps(supervisor.actor, { ticketId: ticket.id });
    expect(escalated).toMatchObject({ status: 'escalated' });
  });
});
