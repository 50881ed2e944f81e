import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { ACTIVE_STATUSES, PRIORITIES, SLA_STATES, setSlaSummary, type TicketView } from './index.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;
let system: Actor;
let teams: { frontline: string; vip: string };

// 01:00 UTC is 09:00 in Shanghai: "today" there began at 16:00 UTC the day before.
const START = '2026-03-02T01:00:00Z';
const TODAY_STARTS = '2026-03-01T16:00:00.000Z';

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  system = { workspaceId: a.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
  const identity = t.kernel.services.identity;
  teams = {
    frontline: (await identity.createTeam(system, { name: 'Frontline', kind: 'team' })).id,
    vip: (await identity.createTeam(system, { name: 'VIP desk', kind: 'team' })).id,
  };
  const tickets = t.kernel.services.tickets;
  const agent = await a.addUser('agent');

  // Yesterday evening in Shanghai (23:00): two tickets, one solved then.
  t.clock.set('2026-03-01T15:00:00Z');
  await makeTicket(t, a.admin, { priority: 'P3', teamId: teams.frontline });
  const solvedYesterday = await makeTicket(t, a.admin, { priority: 'P2' });
  await tickets.updateTicket(a.admin.actor, solvedYesterday.id, { status: 'solved' });

  // This morning: a spread of priorities, teams, assignees and statuses.
  t.clock.set(START);
  const made: TicketView[] = [];
  for (const [index, priority] of (['P1', 'P2', 'P2', 'P3', 'P3', 'P3'] as const).entries()) {
    made.push(await makeTicket(t, a.admin, { priority, teamId: index % 3 === 0 ? teams.vip : index % 3 === 1 ? teams.frontline : undefined, assigneeId: index < 2 ? agent.id : undefined }));
  }
  await tickets.updateTicket(a.admin.actor, made[1]!.id, { status: 'pending' });
  await tickets.updateTicket(a.admin.actor, made[2]!.id, { status: 'on_hold' });
  await tickets.updateTicket(a.admin.actor, made[5]!.id, { status: 'solved' });
  await t.kernel.db.transaction(async (tx) => {
    await setSlaSummary(tx, a.id, made[0]!.id, { nextDueAt: new Date('2026-03-02T01:05:00Z'), state: 'breached' });
    await setSlaSummary(tx, a.id, made[3]!.id, { nextDueAt: new Date('2026-03-02T02:00:00Z'), state: 'warning' });
  });

  // Another workspace's tickets count for nobody here.
  const b = await t.createWorkspace();
  await makeTicket(t, b.admin, { priority: 'P1' });
});
afterAll(() => t.close());

/** The slow, obvious answer: every ticket read through the list API and counted here. */
async function countByHand(viewer: Actor) {
  const all: TicketView[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.kernel.services.tickets.listTickets(viewer, { view: 'all', limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const open = all.filter((ticket) => ACTIVE_STATUSES.includes(ticket.status));
  const tally = <K extends string>(keys: readonly K[], pick: (ticket: TicketView) => string) =>
    Object.fromEntries(keys.map((key) => [key, open.filter((ticket) => pick(ticket) === key).length]));
  const teamCounts = new Map<string | null, number>();
  for (const ticket of open) teamCounts.set(ticket.team?.id ?? null, (teamCounts.get(ticket.team?.id ?? null) ?? 0) + 1);
  const since = new Date(TODAY_STARTS);
  return {
    open: open.length,
    unassigned: open.filter((ticket) => !ticket.assignee).length,
    byStatus: tally(ACTIVE_STATUSES, (ticket) => ticket.status),
    byPriority: tally(PRIORITIES, (ticket) => ticket.priority),
    bySlaState: tally(SLA_STATES, (ticket) => ticket.slaState),
    byTeam: Object.fromEntries([...teamCounts].map(([id, count]) => [id ?? 'none', count])),
    created: all.filter((ticket) => ticket.createdAt >= since).length,
    solved: all.filter((ticket) => ticket.actualCompletionAt !== null && ticket.actualCompletionAt >= since).length,
  };
}

describe('GET /api/v1/tickets/counts', () => {
  it('counts open work by status, priority, SLA state and team, and today’s created and solved, as the list shows them', async () => {
    const supervisor = await a.addUser('supervisor');
    const response = await t.request(supervisor, 'GET', '/api/v1/tickets/counts');
    expect(response.statusCode).toBe(200);
    const counts = response.json();
    expect(counts).toEqual({
      open: 6,
      unassigned: 4,
      // Assigning a new ticket starts it: the first is open, the second open and then pending.
      byStatus: { new: 3, open: 1, pending: 1, on_hold: 1 },
      byPriority: { P1: 1, P2: 2, P3: 3 },
      bySlaState: { none: 4, active: 0, warning: 1, breached: 1, paused: 0, met: 0 },
      byTeam: [
        { team: { id: teams.frontline, name: 'Frontline' }, count: 3 },
        { team: { id: teams.vip, name: 'VIP desk' }, count: 2 },
        { team: null, count: 1 },
      ],
      today: { since: TODAY_STARTS, created: 6, solved: 1 },
      asOf: new Date(START).toISOString(),
    });
    const byHand = await countByHand(supervisor.actor);
    expect({
      open: counts.open,
      unassigned: counts.unassigned,
      byStatus: counts.byStatus,
      byPriority: counts.byPriority,
      bySlaState: counts.bySlaState,
      byTeam: Object.fromEntries((counts.byTeam as { team: { id: string } | null; count: number }[]).map((row) => [row.team?.id ?? 'none', row.count])),
      created: counts.today.created,
      solved: counts.today.solved,
    }).toEqual(byHand);
  });

  it('needs analytics.read, checked on the server', async () => {
    for (const role of ['agent', 'specialist'] as const) {
      const user = await a.addUser(role);
      const response = await t.request(user, 'GET', '/api/v1/tickets/counts');
      expect(response.statusCode, role).toBe(403);
      expect(response.json()).toMatchObject({ permission: 'analytics.read' });
    }
    expect((await t.request(await a.addUser('analyst'), 'GET', '/api/v1/tickets/counts')).statusCode).toBe(200);
    expect((await t.request(undefined, 'GET', '/api/v1/tickets/counts')).statusCode).toBe(401);
    // A token scoped without analytics.read is refused even though its creator may read analytics.
    const { token } = await t.kernel.services.identity.createApiToken(a.admin.actor, { name: 'reader', scopes: ['tickets.read'] });
    expect((await t.request(undefined, 'GET', '/api/v1/tickets/counts', undefined, { authorization: `Bearer ${token}` })).statusCode).toBe(403);
  });

  it('moves “today” with the workspace’s calendar day', async () => {
    t.clock.set('2026-03-02T16:30:00Z'); // 00:30 on 3 March in Shanghai
    try {
      const supervisor = await a.addUser('supervisor');
      const counts = (await t.request(supervisor, 'GET', '/api/v1/tickets/counts')).json();
      expect(counts.today).toEqual({ since: '2026-03-02T16:00:00.000Z', created: 0, solved: 0 });
      expect(counts.open).toBe(6);
    } finally {
      t.clock.set(START);
    }
  });
});
