/**
 * Many arrivals at once never push an agent past capacity. On a PostgreSQL server: two kernels (two nodes, each
 * with its own connection pool and several delivery loops) share one database while 500 tickets arrive through
 * both. On PGlite (one process by nature) one kernel takes a smaller burst through concurrent delivery loops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, type Kernel } from '../../kernel.ts';
import { systemActor } from '../../platform/actor.ts';
import { loadConfig } from '../../platform/config.ts';
import { openDb } from '../../platform/db.ts';
import { silentLogger } from '../../platform/logger.ts';
import { isServerDatabase } from '../../testing/test-db.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const onServer = isServerDatabase();
const ARRIVALS = onServer ? 500 : 120;
const CAPACITIES = [7, 13, 20, 31, 9];

let t: TestContext;
let second: Kernel | undefined;
let ws: TestWorkspace;
let team: string;
let agents: TestUser[];

beforeAll(async () => {
  t = await createTestContext({ start: new Date().toISOString() });
  if (onServer) {
    const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data', DATABASE_URL: t.testDb.url! });
    second = await createKernel({ config, clock: t.clock, logger: silentLogger, db: await openDb({ databaseUrl: t.testDb.url!, poolSize: 10 }), runWorkers: false });
  }
  ws = await t.createWorkspace();
  team = (await t.kernel.services.identity.createTeam(systemActor(ws.id), { name: 'Burst', kind: 'team' })).id;
  agents = [];
  for (const capacity of CAPACITIES) {
    const agent = await ws.addUser('agent', { teamIds: [team] });
    await t.kernel.services.routing.setAgentCapacity(ws.admin.actor, agent.id, { ticketCapacity: capacity });
    await t.kernel.services.identity.updateMe(agent.actor, { presence: 'online' });
    agents.push(agent);
  }
  await t.kernel.services.routing.setTeamRouting(ws.admin.actor, team, { strategy: 'least_loaded' });
  await t.settle();
}, 120_000);
afterAll(async () => {
  await second?.close();
  await t?.close();
});

/** Delivery loops racing each other until no event is left. */
async function deliverEverything(kernels: Kernel[], loopsPerKernel: number): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    const counts = await Promise.all(kernels.flatMap((kernel) => Array.from({ length: loopsPerKernel }, () => kernel.dispatcher.drain())));
    quiet = counts.every((count) => count === 0) ? quiet + 1 : 0;
  }
}

describe('concurrent arrivals', () => {
  it(`${ARRIVALS} tickets arriving at once on ${onServer ? 'two nodes' : 'one node'} fill every agent to capacity and never past it`, { timeout: 300_000 }, async () => {
    const kernels = second ? [t.kernel, second] : [t.kernel];
    const customer = { name: 'Burst customer', email: 'burst@example.com' };
    let created = 0;
    const arrive = async (kernel: Kernel, count: number) => {
      for (let i = 0; i < count; i += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, count - i) }, () => kernel.services.tickets.createTicket(ws.admin.actor, { subject: `Burst ${created++}`, customer, teamId: team })),
        );
      }
    };
    // Arrivals and deliveries overlap: each node takes in tickets while both nodes' loops place them.
    const share = Math.ceil(ARRIVALS / kernels.length);
    await Promise.all([...kernels.map((kernel, index) => arrive(kernel, Math.min(share, ARRIVALS - index * share))), deliverEverything(kernels, onServer ? 3 : 2)]);
    // A delivery that lost a lock race (a deadlock the server broke) is retried after its back-off.
    for (let round = 0; round < 8; round++) {
      await deliverEverything(kernels, onServer ? 3 : 2);
      t.clock.advanceMs(10 * 60_000);
    }

    const rows = await t.kernel.db.query<{ assignee_id: string | null; n: number }>(
      `SELECT assignee_id, count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND team_id = $2 GROUP BY assignee_id`,
      [ws.id, team],
    );
    const held = new Map(rows.map((row) => [row.assignee_id, row.n]));
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    expect(total).toBe(ARRIVALS);
    agents.forEach((agent, index) => {
      // Full, and not one past.
      expect(held.get(agent.id) ?? 0).toBe(CAPACITIES[index]);
    });
    const capacity = CAPACITIES.reduce((sum, c) => sum + c, 0);
    expect(held.get(null)).toBe(ARRIVALS - capacity);
    // The load counters agree with the tickets.
    const loads = await t.kernel.db.query<{ user_id: string; open_tickets: number }>(`SELECT user_id, open_tickets FROM routing_agents WHERE workspace_id = $1`, [ws.id]);
    for (const load of loads) expect(load.open_tickets).toBe(held.get(load.user_id) ?? 0);
    // Nothing failed for good along the way, and nothing is left to deliver.
    const dead = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_deliveries WHERE workspace_id = $1 AND delivered_at IS NULL`, [ws.id]);
    expect(dead[0]!.n).toBe(0);
    const pending = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND dispatched_at IS NULL`, [ws.id]);
    expect(pending[0]!.n).toBe(0);
  });
});
