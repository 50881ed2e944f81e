import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import type { TicketView } from './tickets.context.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agent = await a.addUser('agent', { name: 'Bulk Agent' });
});
afterAll(() => t.close());

/** Tickets made through the service, a few at a time (creates of one workspace share a batch). */
async function makeTickets(user: TestUser, count: number, overrides: Parameters<typeof makeTicket>[2] = {}): Promise<TicketView[]> {
  const made: TicketView[] = [];
  for (let start = 0; start < count; start += 50) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(50, count - start) }, () => makeTicket(t, user, overrides)))));
  }
  return made;
}

/** Everything a bulk change could write for these tickets: rows, timeline, audit and outbox. */
async function footprint(workspaceId: string, ids: string[]) {
  const [tickets, timeline, audit, events] = await Promise.all([
    t.kernel.db.query(`SELECT id, status, assignee_id, team_id, tags, version, updated_at FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`, [workspaceId, ids]),
    t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_timeline WHERE workspace_id = $1 AND ticket_id = ANY($2::uuid[])`, [workspaceId, ids]),
    t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND entity_id = ANY($2::text[])`, [workspaceId, ids]),
    t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = ANY($2::text[])`, [workspaceId, ids]),
  ]);
  return { tickets, timeline: timeline[0]!.n, audit: audit[0]!.n, events: events[0]!.n };
}

const bulk = (user: TestUser, body: unknown) => t.request(user, 'POST', '/api/v1/tickets/bulk', body);

describe('bulk change of tickets', () => {
  it('assigns and tags 500 tickets in one request, each with its own timeline step, audit entry and events', async () => {
    const tickets = await makeTickets(a.admin, 500, { tags: ['old'] });
    const ids = tickets.map((ticket) => ticket.id);
    const before = await footprint(a.id, ids);

    const started = performance.now();
    const response = await bulk(a.admin, { tickets: tickets.map(({ id, version }) => ({ id, version })), change: { assigneeId: agent.id, addTags: ['bulk', 'vip'], removeTags: ['old'], nextStep: 'Call back' } });
    const elapsedMs = performance.now() - started;
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { items: TicketView[]; changed: number };
    expect(body.changed).toBe(500);
    expect(body.items.map((item) => item.id)).toEqual(ids);
    for (const item of body.items) {
      expect(item).toMatchObject({ status: 'open', assignee: { id: agent.id, name: 'Bulk Agent' }, tags: ['bulk', 'vip'], version: 2 });
    }
    console.info(`bulk change of 500 tickets answered in ${elapsedMs.toFixed(0)} ms (${t.kernel.db.kind})`);

    const after = await footprint(a.id, ids);
    expect(after.timeline - before.timeline).toBe(500);
    expect(after.audit - before.audit).toBe(500);
    // ticket.updated, ticket.status_changed (new → open) and ticket.assigned for each.
    expect(after.events - before.events).toBe(1500);

    const steps = await t.kernel.db.query<{ kind: string; stage: string; next_step: string; changes: Record<string, { from: unknown; to: unknown }> }>(
      `SELECT kind, stage, next_step, changes FROM ticket_timeline WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY id`,
      [a.id, ids[0]],
    );
    expect(steps.at(-1)).toEqual({
      kind: 'assigned',
      stage: 'assignment',
      next_step: 'Call back',
      changes: { assigneeId: { from: null, to: agent.id }, status: { from: 'new', to: 'open' }, tags: { from: ['old'], to: ['bulk', 'vip'] } },
    });
    const audit = await t.kernel.db.query<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE workspace_id = $1 AND entity_id = $2 AND action = 'ticket.updated'`, [a.id, ids[499]]);
    expect(audit[0]!.details).toMatchObject({ bulkSize: 500, version: 2, status: { from: 'new', to: 'open' } });
    const events = await t.kernel.db.query<{ type: string; payload: Record<string, unknown> }>(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY id`, [ids[250]]);
    expect(events.map((event) => event.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned']);
    expect(events[3]!.payload).toMatchObject({ ticketId: ids[250], from: null, to: agent.id, assigneeId: agent.id, status: 'open' });

    // The SLA engine hears them like single updates: the clocks still follow every ticket.
    await t.kernel.dispatcher.drain();
    const detail = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ids[0]}`)).json();
    expect(detail.extensions.sla).toBeDefined();
  }, 120_000);

  it('changes none of 500 tickets when one of them cannot take the change, and names it', async () => {
    const tickets = await makeTickets(a.admin, 499);
    const closed = await makeTicket(t, a.admin);
    await t.kernel.services.tickets.updateTicket(a.admin.actor, closed.id, { status: 'solved' });
    const closedNow = await t.kernel.services.tickets.updateTicket(a.admin.actor, closed.id, { status: 'closed' });
    const batch = [...tickets.slice(0, 250), closedNow, ...tickets.slice(250)];
    const ids = batch.map((ticket) => ticket.id);
    const before = await footprint(a.id, ids);

    const response = await bulk(a.admin, { tickets: batch.map(({ id, version }) => ({ id, version })), change: { assigneeId: agent.id, status: 'pending' } });
    expect(response.statusCode).toBe(409);
    const problem = response.json();
    expect(problem.code).toBe('invalid_state');
    expect(problem.detail).toBe('1 of the 500 tickets cannot take this change, so none was changed.');
    expect(problem.failures).toEqual([{ index: 250, id: closed.id, code: 'invalid_state', reason: 'tickets.closed_readonly' }]);
    expect(problem.errors).toEqual([{ field: 'tickets.250', code: 'tickets.closed_readonly', message: 'This ticket is closed and can no longer be changed.' }]);
    expect(await footprint(a.id, ids)).toEqual(before);
  }, 120_000);

  it('refuses a batch with a stale, an unknown, another workspace’s and a not-allowed ticket, naming each', async () => {
    const [fresh, stale, solved] = await makeTickets(a.admin, 3);
    await t.kernel.services.tickets.updateTicket(a.admin.actor, stale!.id, { subject: 'Changed meanwhile' });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, solved!.id, { status: 'solved' });
    const foreign = await makeTicket(t, b.admin);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const ids = [fresh!.id, stale!.id, solved!.id];
    const before = await footprint(a.id, ids);
    const beforeForeign = await footprint(b.id, [foreign.id]);

    const response = await bulk(a.admin, {
      tickets: [{ id: fresh!.id, version: 1 }, { id: stale!.id, version: 1 }, { id: foreign.id }, { id: unknown }, { id: solved!.id }],
      change: { status: 'pending' },
    });
    expect(response.statusCode).toBe(409);
    const problem = response.json();
    expect(problem.failures).toEqual([
      { index: 1, id: stale!.id, code: 'conflict', reason: 'tickets.bulk_stale', currentVersion: 2 },
      { index: 2, id: foreign.id, code: 'not_found', reason: 'tickets.not_found' },
      { index: 3, id: unknown, code: 'not_found', reason: 'tickets.not_found' },
      { index: 4, id: solved!.id, code: 'invalid_state', reason: 'tickets.invalid_transition' },
    ]);
    expect(problem.errors.map((error: { field: string }) => error.field)).toEqual(['tickets.1', 'tickets.2', 'tickets.3', 'tickets.4']);
    expect(problem.errors[3].message).toBe('A ticket cannot go from “Solved” to “Pending (waiting on customer)”.');
    expect(await footprint(a.id, ids)).toEqual(before);
    expect(await footprint(b.id, [foreign.id])).toEqual(beforeForeign);

    // Only stale tickets: a conflict, answered in the caller's language.
    const onlyStale = await t.request(a.admin, 'POST', '/api/v1/tickets/bulk', { tickets: [{ id: stale!.id, version: 1 }], change: { addTags: ['x'] } }, { 'accept-language': 'zh-CN' });
    expect(onlyStale.statusCode).toBe(409);
    expect(onlyStale.json()).toMatchObject({ code: 'conflict', detail: '1 个工单中有 1 个无法执行此操作，因此全部未修改。' });
  });

  it('counts only the tickets that changed, tags closed tickets, and keeps the tag limit', async () => {
    const [open, already, closed] = await makeTickets(a.admin, 3, { tags: ['keep'] });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, already!.id, { tags: ['keep', 'done'] });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, closed!.id, { status: 'solved' });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, closed!.id, { status: 'closed' });
    const response = await bulk(a.admin, { tickets: [{ id: open!.id }, { id: already!.id }, { id: closed!.id }], change: { addTags: ['done'] } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().changed).toBe(2);
    expect(response.json().items.map((item: TicketView) => [item.tags, item.version])).toEqual([
      [['keep', 'done'], 2],
      [['keep', 'done'], 2],
      [['keep', 'done'], 4],
    ]);

    const full = await makeTicket(t, a.admin, { tags: Array.from({ length: 20 }, (_, i) => `t${i}`) });
    const tooMany = await bulk(a.admin, { tickets: [{ id: open!.id }, { id: full.id }], change: { addTags: ['one-more'] } });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().failures).toEqual([{ index: 1, id: full.id, code: 'invalid_state', reason: 'tickets.too_many_tags' }]);
  });

  it('checks permissions, people and the request before touching any ticket', async () => {
    const [ticket] = await makeTickets(a.admin, 1);
    const analyst = await a.addUser('analyst');
    const specialist = await a.addUser('specialist');
    const before = await footprint(a.id, [ticket!.id]);
    expect((await bulk(analyst, { tickets: [{ id: ticket!.id }], change: { addTags: ['x'] } })).statusCode).toBe(403);
    expect((await bulk(specialist, { tickets: [{ id: ticket!.id }], change: { assigneeId: specialist.id } })).statusCode).toBe(403);
    const unknownAssignee = await bulk(a.admin, { tickets: [{ id: ticket!.id }], change: { assigneeId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownAssignee.statusCode).toBe(400);
    expect(unknownAssignee.json().errors[0].field).toBe('assigneeId');
    const empty = await bulk(a.admin, { tickets: [{ id: ticket!.id }], change: { nextStep: 'only a note' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ field: 'change', code: 'tickets.bulk_empty' });
    const duplicate = await bulk(a.admin, { tickets: [{ id: ticket!.id }, { id: ticket!.id }], change: { addTags: ['x'] } });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0]).toMatchObject({ field: 'tickets', code: 'tickets.bulk_duplicate' });
    const tooMany = await bulk(a.admin, { tickets: Array.from({ length: 501 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })), change: { addTags: ['x'] } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('tickets');
    expect(await footprint(a.id, [ticket!.id])).toEqual(before);
  });

  it('lets a specialist change its department’s tickets but reports another department’s as not found', async () => {
    const tech = await t.kernel.services.identity.createTeam(a.admin.actor, { name: 'Bulk tech', kind: 'department' });
    const finance = await t.kernel.services.identity.createTeam(a.admin.actor, { name: 'Bulk finance', kind: 'department' });
    const specialist = await a.addUser('specialist', { teamIds: [tech.id] });
    const mine = await makeTicket(t, a.admin, { departmentId: tech.id });
    const hidden = await makeTicket(t, a.admin, { departmentId: finance.id });
    const refused = await bulk(specialist, { tickets: [{ id: mine.id }, { id: hidden.id }], change: { status: 'on_hold' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().failures).toEqual([{ index: 1, id: hidden.id, code: 'not_found', reason: 'tickets.not_found' }]);
    const allowed = await bulk(specialist, { tickets: [{ id: mine.id }], change: { status: 'on_hold' } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().items[0].status).toBe('on_hold');
  });
});
