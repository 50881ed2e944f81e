/** SLA escalation reaches people: breaches and warnings become notifications for the team's supervisors and the assignee. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

// 2026-03-02 is a Monday; P1's default policy runs 24×7: first response in 5 minutes, warned at 80% (4 minutes).
const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let frontline: string;
let billing: string;
let leadOne: TestUser;
let leadTwo: TestUser;
let billingLead: TestUser;
let agent: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  const { identity } = t.kernel.services;
  frontline = (await identity.createTeam(systemActor(a.id), { name: 'Frontline', kind: 'team' })).id;
  billing = (await identity.createTeam(systemActor(a.id), { name: 'Billing', kind: 'team' })).id;
  leadOne = await a.addUser('supervisor', { teamIds: [frontline] });
  leadTwo = await a.addUser('supervisor', { teamIds: [frontline, billing] });
  billingLead = await a.addUser('supervisor', { teamIds: [billing] });
  agent = await a.addUser('agent', { teamIds: [frontline] });
});
afterAll(() => t.close());

async function createP1(teamId: string | null, assigneeId: string | null = null) {
  const ticket = await t.kernel.services.tickets.createTicket(systemActor(a.id), { subject: `Payments down ${newId().slice(0, 6)}`, customer: { name: 'Zhao' }, priority: 'P1', teamId, assigneeId });
  await t.settle();
  return ticket;
}

/** Moves the clock past the first-response warning (4 min) and breach (5 min) and lets the engine and subscribers run. */
async function letItBreach(): Promise<void> {
  t.clock.advanceMinutes(4);
  await t.settle();
  t.clock.advanceMinutes(2);
  await t.settle();
}

interface NotificationJson {
  kind: string;
  title: string;
  ticketId: string | null;
  ticketNumber: string | null;
}

async function notificationsOf(user: TestUser, ticketId: string, locale = 'en'): Promise<NotificationJson[]> {
  const response = await t.request(user, 'GET', '/api/v1/notifications?limit=100', undefined, { 'accept-language': locale });
  expect(response.statusCode).toBe(200);
  return (response.json().items as NotificationJson[]).filter((item) => item.ticketId === ticketId);
}

describe('SLA escalation notifications', () => {
  it('a P1 breach notifies each supervisor of the ticket’s team once, and its assignee', async () => {
    t.clock.set(START);
    const ticket = await createP1(frontline, agent.id);
    await letItBreach();

    for (const lead of [leadOne, leadTwo]) {
      const titles = (await notificationsOf(lead, ticket.id)).map((item) => item.title).reverse();
      expect(titles).toEqual([`Escalation: First response due soon on ticket ${ticket.number}`, `Escalation: First response overdue on ticket ${ticket.number}`]);
    }
    // Each reads it in their own language.
    expect((await notificationsOf(leadOne, ticket.id, 'zh-CN'))[0]!.title).toBe(`升级：工单 ${ticket.number} 的首次响应已超时`);
    // A supervisor of another team hears nothing of it.
    expect(await notificationsOf(billingLead, ticket.id)).toEqual([]);
    const assigned = await notificationsOf(agent, ticket.id);
    expect(assigned.map((item) => [item.kind, item.title])).toEqual([
      ['sla_breached', `First response overdue on ticket ${ticket.number}`],
      ['sla_warning', `First response due soon on ticket ${ticket.number}`],
    ]);
    expect(assigned[0]).toMatchObject({ ticketId: ticket.id, ticketNumber: ticket.number });

    // The escalation records who it reached, and each notification left its event for a delivery channel.
    const escalated = await t.kernel.db.query<{ payload: { trigger: string; recipients: unknown[] } }>(
      `SELECT payload FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'sla.escalated' ORDER BY id`,
      [a.id, ticket.id],
    );
    expect(escalated.map((e) => e.payload.trigger)).toEqual(['warning', 'breached']);
    expect(new Set(escalated[1]!.payload.recipients.map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify({ userId: leadOne.id }), JSON.stringify({ userId: leadTwo.id })]));
    const created = await t.kernel.db.query<{ aggregate_id: string; payload: { ticketId: string; titleKey: string } }>(
      `SELECT aggregate_id, payload FROM outbox_events WHERE workspace_id = $1 AND type = 'notification.created' AND aggregate_type = 'recipient' AND payload->>'ticketId' = $2`,
      [a.id, ticket.id],
    );
    expect(created).toHaveLength(6);
    expect(created.filter((e) => e.payload.titleKey === 'notifications.sla.escalated_breached').map((e) => e.aggregate_id).sort()).toEqual([leadOne.id, leadTwo.id].sort());
  });

  it('notifies nobody twice when the escalation event is delivered again', async () => {
    t.clock.set(START);
    const ticket = await createP1(frontline);
    await letItBreach();
    const before = (await notificationsOf(leadOne, ticket.id)).length;
    // A redelivery (a node died after the subscriber ran but before the mark): the event is due again.
    await t.kernel.db.query(`DELETE FROM outbox_deliveries WHERE workspace_id = $1 AND subscriber = 'notifications.sla'`, [a.id]);
    await t.kernel.db.query(`UPDATE outbox_events SET dispatched_at = NULL WHERE workspace_id = $1 AND type = 'sla.escalated' AND aggregate_id = $2`, [a.id, ticket.id]);
    await t.settle();
    const redelivered = await t.kernel.db.query(
      `SELECT 1 FROM outbox_deliveries d JOIN outbox_events e ON e.workspace_id = d.workspace_id AND e.id = d.event_id
        WHERE d.workspace_id = $1 AND d.subscriber = 'notifications.sla' AND e.type = 'sla.escalated' AND e.aggregate_id = $2`,
      [a.id, ticket.id],
    );
    expect(redelivered).toHaveLength(2);
    expect(await notificationsOf(leadOne, ticket.id)).toHaveLength(before);
  });

  it('without a team, or with a team that has no supervisor, escalates to every supervisor of the workspace', async () => {
    const quiet = (await t.kernel.services.identity.createTeam(systemActor(a.id), { name: 'Night shift', kind: 'team' })).id;
    for (const teamId of [null, quiet]) {
      t.clock.set(START);
      const ticket = await createP1(teamId);
      await letItBreach();
      for (const lead of [leadOne, leadTwo, billingLead]) {
        expect((await notificationsOf(lead, ticket.id)).map((item) => item.kind)).toEqual(['sla_escalated', 'sla_escalated']);
      }
      // Nobody is assigned: no assignee notice.
      expect(await notificationsOf(agent, ticket.id)).toEqual([]);
    }
  });

  it('leaves out deactivated supervisors', async () => {
    const gone = await a.addUser('supervisor', { teamIds: [billing] });
    await t.kernel.services.identity.updateUser(a.admin.actor, gone.id, { isActive: false });
    t.clock.set(START);
    const ticket = await createP1(billing);
    await letItBreach();
    expect((await notificationsOf(billingLead, ticket.id)).length).toBe(2);
    const rows = await t.kernel.db.query(`SELECT 1 FROM notifications WHERE workspace_id = $1 AND user_id = $2`, [a.id, gone.id]);
    expect(rows).toHaveLength(0);
  });
});
