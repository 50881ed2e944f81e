/**
 * The dry run shows exactly what the rule does: a draft run over last month's tickets of one workspace equals what the
 * live rule does to copies of those tickets created, at the same moments, in another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let original: TestWorkspace;
let copy: TestWorkspace;

const NOW = '2026-04-10T04:00:00Z';
const DAY = 86_400_000;

/** Last month's tickets: repeat customers of one type within a week, some urgent, some about refunds. */
const HISTORY = Array.from({ length: 24 }, (_, index) => ({
  at: new Date(Date.parse('2026-03-01T02:00:00Z') + index * 1.1 * DAY).toISOString(),
  subject: `${index % 3 === 0 ? 'Refund 退款' : 'Parcel 包裹'} #${index}`,
  type: index % 2 === 0 ? 'complaint' : 'consultation',
  urgency: index % 5 === 0 ? 'critical' : index % 4 === 0 ? 'urgent' : 'normal',
  customer: { name: `Customer ${index % 4}`, email: `customer${index % 4}@example.com` },
}));

const RULE = {
  trigger: { kind: 'event', event: 'ticket.created' },
  conditions: {
    match: 'any',
    conditions: [{ field: 'ticket.urgency', op: 'in', value: ['urgent', 'critical'] }, { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'refund' }, { field: 'ticket.type', op: 'is', value: 'complaint' }] }],
  },
  actions: [
    { type: 'set_field', field: 'priority', value: 'P1' },
    { type: 'add_tags', tags: ['auto', 'review'] },
    { type: 'link_earlier_ticket', withinDays: 7, sameType: true, note: '重复问题自动关联历史处理记录' },
    { type: 'add_note', body: 'Checked by the rule' },
  ],
};

async function settle(): Promise<void> {
  for (let round = 0; round < 30; round++) {
    if ((await t.kernel.dispatcher.drain()) + (await t.kernel.timers.drain()) === 0) return;
  }
}

beforeAll(async () => {
  t = await createTestContext({ start: HISTORY[0]!.at });
  original = await t.createWorkspace();
  copy = await t.createWorkspace();
});
afterAll(() => t.close());

type Effect = { kind: string; ticketId?: string; [key: string]: unknown };

describe('dry run', () => {
  it('equals what the rule does when applied to copies of the same tickets', async () => {
    const subjects = new Map<string, string>();
    for (const ticket of HISTORY) {
      t.clock.set(ticket.at);
      const created = await t.kernel.services.tickets.createTicket(original.admin.actor, { subject: ticket.subject, type: ticket.type, urgency: ticket.urgency as 'normal', customer: ticket.customer, description: 'd' });
      subjects.set(created.id, ticket.subject);
    }
    await settle();
    t.clock.set(NOW);
    // Sessions lapse over a month of clock: sign in again now.
    const admin = await original.addUser('admin');
    const copyAdmin = await copy.addUser('admin');

    const dry = await t.request(admin, 'POST', '/api/v1/automation/dry-run', { rule: RULE, from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(dry.statusCode, dry.body).toBe(200);
    const result = dry.json() as { scanned: number; matched: number; items: { ticketId: string; subject: string; effects: Effect[] }[] };
    expect(result.scanned).toBe(HISTORY.filter((ticket) => ticket.at < '2026-04-01').length);
    expect(result.matched).toBeGreaterThan(3);
    expect(result.items.some((item) => item.effects.some((effect) => effect.kind === 'link'))).toBe(true);
    expect(result.items.some((item) => !item.effects.some((effect) => effect.kind === 'link'))).toBe(true);
    // Nothing changed in the original workspace.
    const untouched = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND (priority = 'P1' OR 'auto' = ANY(tags))`, [original.id]);
    expect(untouched[0]!.n).toBe(0);
    expect((await t.kernel.db.query(`SELECT 1 FROM ticket_links WHERE workspace_id = $1`, [original.id])).length).toBe(0);
    expect((await t.kernel.db.query(`SELECT 1 FROM automation_firings WHERE workspace_id = $1`, [original.id])).length).toBe(0);

    // The same rule, live, in the other workspace; the same tickets created at the same moments.
    const rule = await t.request(copyAdmin, 'POST', '/api/v1/automation/rules', { name: 'Urgent or refund complaint', ...RULE, isEnabled: true });
    expect(rule.statusCode).toBe(201);
    const copySubjects = new Map<string, string>();
    const copyIds = new Map<string, string>();
    for (const ticket of HISTORY.filter((item) => item.at < '2026-04-01')) {
      t.clock.set(ticket.at);
      const created = await t.kernel.services.tickets.createTicket(copy.admin.actor, { subject: ticket.subject, type: ticket.type, urgency: ticket.urgency as 'normal', customer: ticket.customer, description: 'd' });
      copySubjects.set(created.id, ticket.subject);
      copyIds.set(ticket.subject, created.id);
      await settle();
    }
    t.clock.set(NOW);

    const firings = await t.kernel.db.query<{ ticket_id: string; effects: Effect[] }>(`SELECT ticket_id, effects FROM automation_firings WHERE workspace_id = $1`, [copy.id]);
    const bySubject = (effects: Effect[], names: Map<string, string>) => effects.map((effect) => (effect.kind === 'link' ? { ...effect, ticketId: names.get(effect.ticketId!), number: undefined } : effect));
    const live = Object.fromEntries(firings.map((firing) => [copySubjects.get(firing.ticket_id)!, bySubject(firing.effects, copySubjects)]));
    const predicted = Object.fromEntries(result.items.map((item) => [item.subject, bySubject(item.effects, subjects)]));
    expect(live).toEqual(predicted);

    // And the copies are now what the dry run said the originals would become.
    for (const item of result.items) {
      const update = item.effects.find((effect) => effect.kind === 'update') as { patch: Record<string, unknown> } | undefined;
      const after = (await t.request(copyAdmin, 'GET', `/api/v1/tickets/${copyIds.get(item.subject)}`)).json();
      const before = (await t.request(admin, 'GET', `/api/v1/tickets/${item.ticketId}`)).json();
      expect({ priority: after.priority, tags: after.tags }).toEqual({ priority: update?.patch.priority ?? before.priority, tags: update?.patch.tags ?? before.tags });
    }
   }, 240_000);

  it('refuses a period that ends before it starts or spans more than a quarter', async () => {
    const admin = await original.addUser('admin');
    const backwards = await t.request(admin, 'POST', '/api/v1/automation/dry-run', { rule: RULE, from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json())).toContain('"to"');
    const tooLong = await t.request(admin, 'POST', '/api/v1/automation/dry-run', { rule: RULE, from: '2025-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(tooLong.statusCode).toBe(400);
    const both = await t.request(admin, 'POST', '/api/v1/automation/dry-run', { rule: RULE, ruleId: '00000000-0000-4000-8000-000000000000', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(both.statusCode).toBe(400);
  });
});
