import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { deferTimelineEntry } from './tickets.timeline.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;

const START = '2026-03-02T01:00:00Z';
const at = (minutes: number) => new Date(new Date(START).getTime() + minutes * 60_000);

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
});
afterAll(() => t.close());

interface Step {
  id: number;
  at: string;
  kind: string;
}

describe('the timeline', () => {
  it('lists steps in the order they happened, not the order they were written, across pages', async () => {
    t.clock.set(START);
    const ticket = await makeTicket(t, a.admin);
    const { tickets } = t.kernel.services;
    t.clock.set(at(10).toISOString());
    await tickets.updateTicket(a.admin.actor, ticket.id, { priority: 'P1' });
    // Recorded after the fact, as the SLA engine or a channel does: earlier times, later rows.
    await t.kernel.db.transaction((tx) => tickets.addTimelineEntry(tx, a.id, ticket.id, { kind: 'sla.warning', stage: 'intake', at: at(5), details: { metric: 'first_response' } }));
    await t.kernel.db.transaction((tx) => deferTimelineEntry(tx, a.id, ticket.id, { kind: 'sla.policy_applied', stage: 'intake', at: at(1) }));
    // Two steps at one instant keep the order they were written in.
    await t.kernel.db.transaction(async (tx) => {
      await tickets.addTimelineEntry(tx, a.id, ticket.id, { kind: 'tie.first', stage: 'intake', at: at(5) });
      await tickets.addTimelineEntry(tx, a.id, ticket.id, { kind: 'tie.second', stage: 'intake', at: at(5) });
    });

    const url = `/api/v1/tickets/${ticket.id}/timeline`;
    const all = (await t.request(a.admin, 'GET', url)).json().items as Step[];
    expect(all.map((step) => [step.kind, step.at])).toEqual([
      ['created', at(0).toISOString()],
      ['sla.policy_applied', at(1).toISOString()],
      ['sla.warning', at(5).toISOString()],
      ['tie.first', at(5).toISOString()],
      ['tie.second', at(5).toISOString()],
      ['updated', at(10).toISOString()],
    ]);
    // Written in another order: the ids say so.
    expect(all.map((step) => step.id)).not.toEqual([...all.map((step) => step.id)].sort((x, y) => x - y));

    // Pages of two follow the same order, each cursor continuing from its step's place in time.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await t.request(a.admin, 'GET', `${url}?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Step[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((step) => step.kind));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((step) => step.kind));
  });

  it('refuses a cursor that is not a step of this ticket', async () => {
    const one = await makeTicket(t, a.admin);
    const other = await makeTicket(t, a.admin);
    const foreignStep = ((await t.request(a.admin, 'GET', `/api/v1/tickets/${other.id}/timeline`)).json().items as Step[])[0]!.id;
    const response = await t.request(a.admin, 'GET', `/api/v1/tickets/${one.id}/timeline?cursor=${foreignStep}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'query.cursor', code: 'tickets.invalid_cursor' });
  });
});
