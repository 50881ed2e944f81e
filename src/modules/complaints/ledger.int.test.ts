/** The compensation ledger: its totals by period, cause and team add up to exactly its rows, and the CSV holds them all. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { COMPENSATION_TYPES, ROOT_CAUSES } from './complaint-flow.ts';
import { csvField, formatAmount } from './ledger.ts';

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-01-30T20:00:00Z' });
  a = await t.createWorkspace();
  agent = await a.addUser('agent');
  supervisor = await a.addUser('supervisor');
});
afterAll(() => t.close());

describe('the compensation ledger', () => {
  it('adds up its rows by month, cause, team and type, per currency', async () => {
    const { identity, tickets, complaints } = t.kernel.services;
    const teams = [(await identity.createTeam(systemActor(a.id), { name: '华东组', kind: 'team' })).id, (await identity.createTeam(systemActor(a.id), { name: 'North team', kind: 'team' })).id];
    const expected: { amount: number; currency: string }[] = [];
    // Across a month boundary in the workspace's time zone (Shanghai, +8): 2026-01-31 20:00 UTC is February there.
    for (let index = 0; index < 24; index++) {
      t.clock.set(new Date(Date.parse('2026-01-30T20:00:00Z') + index * 3 * 3_600_000));
      const ticket = await tickets.createTicket(agent.actor, { subject: `Order ${index}`, customer: { name: 'C', email: `c${index}@example.com` }, teamId: teams[index % 2] });
      const complaint = await complaints.createComplaint(agent.actor, { ticketId: ticket.id, severity: 'minor', rootCause: ROOT_CAUSES[index % 3]!, summary: 's', occurredAt: t.clock.now(), contact: 'x' });
      await complaints.confirmWithCustomer(agent.actor, complaint.id);
      await complaints.respond(agent.actor, complaint.id);
      const amount = 1000 + index * 1234;
      const currency = index % 5 === 0 ? 'USD' : 'CNY';
      const record = await complaints.propose(agent.actor, complaint.id, { type: COMPENSATION_TYPES[index % 4]!, amountMinor: amount, currency });
      if (record.status === 'pending_approval') await complaints.decide(supervisor.actor, record.id, { approve: true });
      // Every fourth stays unexecuted: not in the ledger.
      if (index % 4 === 3) continue;
      await complaints.markExecuted(agent.actor, record.id);
      expected.push({ amount, currency });
    }
    const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') };
    const rows: Awaited<ReturnType<typeof complaints.ledger>>['items'] = [];
    let cursor: string | undefined;
    do {
      const page = await complaints.ledger(supervisor.actor, { ...period, cursor, limit: 7 });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(rows).toHaveLength(expected.length);
    const sumOf = (items: readonly { amountMinor: number; currency: string }[], currency: string) => items.filter((item) => item.currency === currency).reduce((sum, item) => sum + item.amountMinor, 0);
    const expectedSum = (currency: string) => expected.filter((item) => item.currency === currency).reduce((sum, item) => sum + item.amount, 0);
    expect(sumOf(rows, 'CNY')).toBe(expectedSum('CNY'));
    expect(sumOf(rows, 'USD')).toBe(expectedSum('USD'));

    for (const groupBy of ['month', 'cause', 'team', 'type', 'day'] as const) {
      const totals = await complaints.ledgerTotals(supervisor.actor, { ...period, groupBy });
      for (const currency of ['CNY', 'USD']) {
        expect(sumOf(totals.totals, currency)).toBe(expectedSum(currency));
        expect(totals.totals.filter((total) => total.currency === currency).reduce((sum, total) => sum + total.count, 0)).toBe(expected.filter((item) => item.currency === currency).length);
        expect(totals.overall.find((total) => total.currency === currency)?.amountMinor).toBe(expectedSum(currency));
      }
      // Each group's total is the sum of its own rows.
      const keyOf = { month: null, day: null, type: (row: (typeof rows)[number]) => row.type, cause: (row: (typeof rows)[number]) => row.rootCause, team: (row: (typeof rows)[number]) => row.teamId }[groupBy];
      if (keyOf) {
        for (const total of totals.totals) {
          expect(total.amountMinor).toBe(sumOf(rows.filter((row) => keyOf(row) === total.key), total.currency));
        }
      }
    }
    const months = await complaints.ledgerTotals(supervisor.actor, { ...period, groupBy: 'month' });
    expect(new Set(months.totals.map((total) => total.key))).toEqual(new Set(['2026-01', '2026-02']));
    const byTeam = await complaints.ledgerTotals(supervisor.actor, { ...period, groupBy: 'team' });
    expect(byTeam.totals.map((total) => total.name)).toContain('华东组');

    // Back within the sessions' lifetime for the HTTP requests.
    t.clock.set('2026-01-30T21:00:00Z');
    const csv = (await t.request(supervisor, 'GET', '/api/v1/ledger/export.csv?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z'));
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(expected.length + 1);
    const csvSum = lines.slice(1).map((line) => line.split(',')).filter((cells) => cells[5] === 'CNY').reduce((sum, cells) => sum + Math.round(Number(cells[4]) * 100), 0);
    expect(csvSum).toBe(expectedSum('CNY'));
    // An agent does not see the money.
    expect((await t.request(agent, 'GET', '/api/v1/ledger/totals?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&groupBy=cause')).statusCode).toBe(403);
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [59900, '599.00'],
    [123456789, '1234567.89'],
  ])('formats %i minor units as %s', (minor, text) => {
    expect(formatAmount(minor)).toBe(text);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=SUM(A1)', "'=SUM(A1)"],
    [null, ''],
  ])('writes %s as the CSV field %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});
