import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { systemActor } from '../../platform/actor.ts';
import { newId } from '../../platform/ids.ts';
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

const { createTicket, sla, reply, customerWrites, patchTicket, eventsOf, policyId } = slaTestKit(() => ({ t, a, agent }));

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

    const detail = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(detail).toMatchObject({ slaState: 'active', slaNextDueAt: at(5) });
    expect(detail.extensions.sla.targets).toHaveLength(2);
    const timeline = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items as { kind: string }[];
    expect(timeline.map((e) => e.kind)).toContain('sla.policy_applied');
  });

  it('starts the clocks once when a later event of a ticket is delivered before its ticket.created', async () => {
    t.clock.set(START);
    const response = await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'Out of order', priority: 'P1', assigneeId: agent.id, customer: { name: 'Late Event', email: 'late.event@example.com' } });
    expect(response.statusCode).toBe(201);
    const ticketId = (response.json() as { id: string }).id;
    // ticket.assigned goes first (another node claimed ticket.created and was slow).
    await t.kernel.db.query(`UPDATE outbox_events SET available_at = $3 WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'ticket.created'`, [a.id, ticketId, at(60)]);
    await t.settle();
    expect((await sla(ticketId)).target('first_response')).toMatchObject({ status: 'active', dueAt: at(5) });
    await t.kernel.db.query(`UPDATE outbox_events SET available_at = $3 WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'ticket.created'`, [a.id, ticketId, START]);
    await t.settle();
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
    await t.settle();
    expect((await sla(ticket.id)).target('first_response')?.status).toBe('active');

    await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P3')}`, { countBotReplies: true });
    await t.settle();
    const other = await createTicket(agent, { priority: 'P3' });
    await t.kernel.services.tickets.addMessage(systemActor(a.id), other.id, { kind: 'reply', body: 'Bot answer', authorType: 'bot' });
    await t.settle();
    expect((await sla(other.id)).target('first_response')?.status).toBe('met');
    await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P3')}`, { countBotReplies: false });
    await t.settle();
  });

  it('pauses while pending or on hold and resumes after, keeping the used time', async () => {
    t.clock.set(START);
    const ticket = await createTicket(agent, { priority: 'P2' });
    await patchTicket(ticket.id, { assigneeId: agent.id });
    t.clock.advanceMinutes(5);
    await patchTicket(ticket.id, { status: 'pending' });
    t.clock.advanceMinutes(60);
    await t.settle();
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
    await t.settle();
    expect(await eventsOf(ticket.id, 'sla.warning')).toHaveLength(0);
    t.clock.set(at(4));
    await t.settle();
    const warnings = await eventsOf(ticket.id, 'sla.warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.payload).toMatchObject({ ticketId: ticket.id, number: ticket.number, metric: 'first_response', cycle: 1, dueAt: at(5) });
    expect((await sla(ticket.id)).state).toBe('warning');
    const list = (await t.request(agent, 'GET', '/api/v1/tickets?slaAtRisk=true')).json().items as { id: string }[];
    expect(list.map((x) => x.id)).toContain(ticket.id);

    t.clock.set(at(5));
    await t.settle();
    await t.settle();
    t.clock.advanceMinutes(30);
    await t.settle();
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
    const timeline = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items as { kind: string }[];
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

    await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P1')}`, { reopenRestartsResolution: false });
    await t.settle();
    t.clock.set(START);
    const other = await createTicket(agent, { priority: 'P1' });
    t.clock.advanceMinutes(30);
    await patchTicket(other.id, { status: 'solved' });
    t.clock.advanceMinutes(60);
    await patchTicket(other.id, { status: 'open' });
    expect((await sla(other.id)).target('resolution')).toMatchObject({ status: 'active', cycle: 1, dueAt: at(90 + 90) });
    await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${await policyId('P1')}`, { reopenRestartsResolution: true });
    await t.settle();
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
});
