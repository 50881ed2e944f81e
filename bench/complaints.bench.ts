/**
 * Complaints and surveys benchmark (embedded database, and the PostgreSQL server when given): survey sends per second from one NPS campaign run over a
 * customer segment (100,000 customers; quick: 1,000), and ledger totals over 100,000 executed compensations
 * (quick: 10,000), checked against a plain sum of the rows. Customers and ledger rows are bulk-seeded with SQL: the
 * figures measure the campaign run and the totals, not the seeding.
 */
import { createKernel } from '../src/kernel.ts';
import { systemActor } from '../src/platform/actor.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDb } from '../src/platform/db.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { createBenchDatabase } from './bench-database.ts';
import { fmt } from './stats.ts';

export async function runComplaintsBench(options: { quick: boolean; serverUrl?: string }): Promise<void> {
  const customers = options.quick ? 1_000 : 100_000;
  const ledgerRows = options.quick ? 10_000 : 100_000;
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const bench = options.serverUrl ? await createBenchDatabase(options.serverUrl, 'kefu_bench_complaints') : undefined;
  const db = await openDb(bench ? { databaseUrl: bench.url, poolSize: 4 } : {});
  const config = loadConfig({ KEFU_SECRET: 'bench-secret-bench-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-bench-complaints', ...(bench ? { DATABASE_URL: bench.url } : {}) });
  const kernel = await createKernel({ config, clock, db, logger: silentLogger, runWorkers: false });
  try {
    const workspace = await kernel.services.workspaces.createWorkspace({ name: 'Bench', slug: `bench-${Date.now().toString(36)}`, timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' });
    const actor = systemActor(workspace.id);
    await db.query(
      `INSERT INTO customers (workspace_id, id, name, tags, created_at, updated_at)
       SELECT $1, gen_random_uuid(), '客户' || n, ARRAY['nps'], $2::timestamptz - n * interval '1 second', $2 FROM generate_series(1, $3) AS n`,
      [workspace.id, clock.now(), customers],
    );
    await db.query(`INSERT INTO customer_identities (workspace_id, kind, value, customer_id, created_at) SELECT workspace_id, 'email', 'c' || id || '@example.com', id, created_at FROM customers WHERE workspace_id = $1`, [workspace.id]);

    const campaign = await kernel.services.surveys.createCampaign(actor, { name: 'NPS', segmentTag: 'nps', samplePercent: 100, windowDays: 90 });
    let started = performance.now();
    const run = await kernel.services.surveys.runCampaign(actor, campaign.id);
    const runMs = performance.now() - started;
    const again = await kernel.services.surveys.runCampaign(actor, campaign.id);
    console.log(`\n## Complaints and surveys (${bench ? 'PostgreSQL server' : 'PGlite, embedded'})`);
    console.log(`  NPS campaign over ${fmt(customers, 0)} customers: ${fmt(run.sent, 0)} invitations queued in ${fmt(runMs, 0)} ms = ${fmt((run.sent / runMs) * 1000, 0)} sends/s (a second run within the window sent ${again.sent})`);

    // Ledger rows: one complaint per 10 compensations, causes, teams and currencies mixed, over a year.
    await db.query(
      `INSERT INTO complaints (workspace_id, id, ticket_id, ticket_number, status, severity, root_cause, summary, created_at, updated_at)
       SELECT $1, gen_random_uuid(), gen_random_uuid(), 'CS' || n, 'closed', 'minor', 'logistics', 'bench', $2, $2 FROM generate_series(1, $3) AS n`,
      [workspace.id, clock.now(), Math.ceil(ledgerRows / 10)],
    );
    await db.query(
      `INSERT INTO compensations (workspace_id, id, complaint_id, ticket_id, type, amount_minor, currency, status, root_cause, team_id, created_at, executed_at)
       SELECT $1, gen_random_uuid(), c.id, c.ticket_id, (ARRAY['refund','replacement','coupon','service_upgrade','apology'])[1 + n % 5], 100 + (n * 7919) % 100000,
              CASE WHEN n % 7 = 0 THEN 'USD' ELSE 'CNY' END, 'executed', (ARRAY['logistics','product_defect','service_quality','billing'])[1 + n % 4],
              (ARRAY['00000000-0000-4000-8000-000000000001','00000000-0000-4000-8000-000000000002']::uuid[])[1 + n % 2], $2, $2::timestamptz - (n % 365) * interval '1 day'
         FROM generate_series(1, $3) AS n JOIN LATERAL (SELECT id, ticket_id FROM complaints WHERE workspace_id = $1 OFFSET (n % $4) LIMIT 1) c ON true`,
      [workspace.id, clock.now(), ledgerRows, Math.ceil(ledgerRows / 10)],
    );
    const period = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
    const [truth] = await db.query<{ cny: number }>(`SELECT coalesce(sum(amount_minor) FILTER (WHERE currency = 'CNY'), 0)::bigint AS cny FROM compensations WHERE workspace_id = $1 AND executed_at IS NOT NULL`, [workspace.id]);
    for (const groupBy of ['month', 'cause', 'team'] as const) {
      started = performance.now();
      const totals = await kernel.services.complaints.ledgerTotals(actor, { ...period, groupBy });
      const ms = performance.now() - started;
      const cny = totals.totals.filter((total) => total.currency === 'CNY').reduce((sum, total) => sum + total.amountMinor, 0);
      console.log(`  ledger totals by ${groupBy} over ${fmt(ledgerRows, 0)} rows: ${fmt(ms)} ms, ${totals.totals.length} groups, CNY total ${cny === truth!.cny ? 'matches' : 'DIFFERS FROM'} the rows`);
      if (cny !== truth!.cny) process.exitCode = 1;
    }
  } finally {
    await kernel.close();
    await db.close();
    await bench?.drop();
  }
}
