/**
 * Routing: decisions per second and their p99 with 1,000 agents, 100 skills and 10,000 queued tickets — the pure
 * decision (strategy over all candidates) and the database path (lock the ticket and the team, read the members and
 * loads, take capacity with the conditional UPDATE, assign the ticket with its events and timeline). `--quick` uses a
 * tenth of the agents and tickets for the decision, and a small team and queue for the database path.
 */
import { createKernel } from '../src/kernel.ts';
import { systemActor } from '../src/platform/actor.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDb } from '../src/platform/db.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { chooseAgent, requiredSkills, type Candidate, type SkillRule, type Strategy } from '../src/modules/routing/index.ts';
import { createBenchDatabase } from './bench-database.ts';
import { fmt, summarise } from './stats.ts';

/** A fixed pseudo-random sequence, so every run measures the same teams and tickets. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const skillName = (index: number) => `skill-${String(index).padStart(3, '0')}`;

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function runPureDecisions(agents: number, skills: number, tickets: number): void {
  const random = seeded(7);
  const candidates: Candidate[] = Array.from({ length: agents }, (_, i) => ({
    userId: `agent-${String(i).padStart(5, '0')}`,
    load: Math.floor(random() * 10),
    capacity: 20,
    skills: new Map(Array.from({ length: 5 }, () => [skillName(Math.floor(random() * skills)), 1 + Math.floor(random() * 5)] as [string, number])),
  }));
  const rules: SkillRule[] = Array.from({ length: skills }, (_, i) => ({ field: 'tag', value: `topic-${i}`, skill: skillName(i), minLevel: 1 + (i % 3) }));
  const queue = Array.from({ length: tickets }, () => ({ type: 'question', channel: 'email', tags: [`topic-${Math.floor(random() * skills)}`] }));
  for (const strategy of ['round_robin', 'least_loaded', 'skills'] as Strategy[]) {
    const pool = candidates.map((c) => ({ ...c }));
    const byId = new Map(pool.map((c) => [c.userId, c]));
    let lastAssigned: string | null = null;
    let placed = 0;
    const latencies: number[] = [];
    const all = timed(() => {
      for (const ticket of queue) {
        const step = timed(() => chooseAgent(pool, { strategy, required: strategy === 'skills' ? requiredSkills(ticket, rules) : [], lastAssigned }));
        latencies.push(step.ms);
        if (!step.value) continue;
        byId.get(step.value.userId)!.load += 1;
        lastAssigned = step.value.userId;
        placed++;
      }
    });
    const s = summarise(latencies);
    console.log(`  pure ${strategy.padEnd(12)} ${fmt(tickets / (all.ms / 1000), 0)} decisions/s, p50 ${fmt(s.p50, 3)} ms, p99 ${fmt(s.p99, 3)} ms (${placed} of ${tickets} placed)`);
  }
}

async function runDatabasePath(options: { agents: number; skills: number; tickets: number; placements: number; databaseUrl?: string }): Promise<void> {
  const bench = options.databaseUrl ? await createBenchDatabase(options.databaseUrl, 'kefu_bench_routing') : undefined;
  const db = await openDb(bench ? { databaseUrl: bench.url, poolSize: 4 } : {});
  const config = loadConfig({ KEFU_SECRET: 'bench-secret-bench-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-bench-routing', ...(bench ? { DATABASE_URL: bench.url } : {}) });
  const kernel = await createKernel({ config, db, logger: silentLogger, runWorkers: false });
  try {
    const { workspaces, identity, tickets, routing } = kernel.services;
    const workspace = await workspaces.createWorkspace({ name: 'Routing bench', slug: `routing-bench-${Date.now().toString(36)}`, timezone: 'Asia/Shanghai', defaultLocale: 'en' });
    const system = systemActor(workspace.id);
    const team = (await identity.createTeam(system, { name: 'Bench team', kind: 'team' })).id;
    const random = seeded(11);
    const seedStart = Date.now();
    for (let i = 0; i < options.agents; i++) {
      const skills = new Map(Array.from({ length: 5 }, () => [skillName(Math.floor(random() * options.skills)), 1 + Math.floor(random() * 5)] as [string, number]));
      await identity.createUser(system, {
        email: `agent-${i}@routing.bench`,
        name: `Agent ${i}`,
        role: 'agent',
        teamIds: [team],
        maxLoad: 20,
        skills: [...skills].map(([skill, level]) => ({ skill, level })),
      });
    }
    // Everyone online at once (the bench measures placing, not the presence path).
    await db.query(`UPDATE users SET presence = 'online' WHERE workspace_id = $1 AND role = 'agent'`, [workspace.id]);
    const customer = { name: 'Bench customer', email: 'bench@routing.bench' };
    for (let i = 0; i < options.tickets; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, options.tickets - i) }, (_, j) =>
          tickets.createTicket(system, { subject: `Queued ${i + j}`, customer, teamId: team, priority: (['P1', 'P2', 'P3'] as const)[(i + j) % 3], tags: [`topic-${Math.floor(random() * options.skills)}`] }),
        ),
      );
    }
    const rules: SkillRule[] = Array.from({ length: options.skills }, (_, i) => ({ field: 'tag', value: `topic-${i}`, skill: skillName(i), minLevel: 1 + (i % 3) }));
    // Routing's queue as ticket events would have filled it (the bench leaves the event dispatcher off).
    await db.query(
      `INSERT INTO routing_tickets (workspace_id, ticket_id, number, subject, team_id, load_kind, tier, priority, ticket_type, channel, tags, created_at, queued_at)
       SELECT workspace_id, id, number, subject, team_id, 'ticket', CASE priority WHEN 'P1' THEN 0 WHEN 'P2' THEN 1 ELSE 2 END, priority, type, channel, tags, created_at, created_at
         FROM tickets WHERE workspace_id = $1`,
      [workspace.id],
    );
    await db.query(`INSERT INTO routing_teams (workspace_id, team_id, strategy, skill_rules, updated_at) VALUES ($1, $2, 'skills', $3::jsonb, now())`, [workspace.id, team, JSON.stringify(rules)]);
    console.log(`  seeded ${options.agents} agents and ${options.tickets} queued tickets in ${fmt((Date.now() - seedStart) / 1000, 1)} s`);

    const queue = (await routing.getQueue({ ...system, kind: 'system' }, team, { limit: options.placements })).tickets;
    const latencies: number[] = [];
    let placed = 0;
    const start = performance.now();
    for (const ticket of queue) {
      const t0 = performance.now();
      const assignee = await db.transaction((tx) => routing.assignByRouting(tx, { workspaceId: workspace.id, ticketId: ticket.ticketId }));
      latencies.push(performance.now() - t0);
      if (assignee) placed++;
    }
    const seconds = (performance.now() - start) / 1000;
    const s = summarise(latencies);
    console.log(
      `  database path (${bench ? 'PostgreSQL server' : 'PGlite'}, skills, one transaction per placement): ${fmt(queue.length / seconds, 0)} placements/s, p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms (${placed} of ${queue.length} placed)`,
    );
  } finally {
    await kernel.close();
    await bench?.drop();
  }
}

export async function runRoutingBench(options: { quick: boolean; serverUrl?: string }): Promise<void> {
  const agents = options.quick ? 100 : 1_000;
  const skills = options.quick ? 20 : 100;
  const tickets = options.quick ? 1_000 : 10_000;
  console.log(`\n## Routing (${agents} agents, ${skills} skills, ${tickets} queued tickets)`);
  runPureDecisions(agents, skills, tickets);
  // The database path seeds real tickets through the tickets service; the quick pass keeps it small to stay fast.
  const database = options.quick ? { agents: 20, skills, tickets: 60, placements: 20 } : { agents, skills, tickets, placements: 200 };
  await runDatabasePath(database);
  if (options.serverUrl && !options.quick) await runDatabasePath({ ...database, databaseUrl: options.serverUrl });
}
