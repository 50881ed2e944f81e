import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../src/platform/db.ts';
import { createBenchDatabase } from './bench-database.ts';
import { createJsonClient } from './http-client.ts';
import { startKefu } from './kefu-process.ts';
import { sampleTicket } from './sample-text.ts';
import { fmt, runConcurrent, summarise } from './stats.ts';

const CLIENTS = 16;
const ADMIN = { email: 'admin@demo.kefu.local', password: 'kefu-demo-2026' };

export interface TicketBenchResult {
  database: string;
  created: number;
  createPerSecond: number;
  createP50: number;
  createP99: number;
  rawInsertPerSecond: number;
  ratio: number;
  /** A plain Node handler doing one INSERT per request, loaded by the same client. */
  referencePerSecond: number;
  referenceP99: number;
  listP95: number;
  searchP95: number;
  readyMs: number;
  rssIdleMb: number;
  rssLoadMb: number;
  /** Events still to deliver (SLA clocks, realtime) when the last create was answered, and how long they took. */
  backlogAfterCreate: number;
  backlogDrainMs: number;
}

async function rawInsertRate(db: Db, count: number): Promise<number> {
  await db.exec('CREATE TABLE IF NOT EXISTS bench_raw_insert (workspace_id uuid NOT NULL, id bigserial, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, id))');
  const workspaceId = '00000000-0000-4000-8000-000000000001';
  const result = await runConcurrent(count, CLIENTS, async (i) => {
    await db.query('INSERT INTO bench_raw_insert (workspace_id, payload) VALUES ($1, $2)', [workspaceId, `raw insert ${i}`]);
  });
  await db.exec('DROP TABLE bench_raw_insert');
  return result.latencies.length / result.seconds;
}

/** Loads bench/reference-handler.ts (HTTP + one INSERT) on the given database the way Kefu is loaded. */
async function referenceHandlerRate(database: { databaseUrl?: string; dataDir?: string }, count: number): Promise<{ perSecond: number; p99: number }> {
  const env = { ...process.env, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATABASE_URL: '', DATA_DIR: database.dataDir! }) };
  const child = fork(new URL('./reference-handler.ts', import.meta.url), { env, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve(Number(message)));
      child.once('exit', (code) => reject(new Error(`reference handler exited with ${code}`)));
    });
    const client = createJsonClient(`http://127.0.0.1:${port}`, CLIENTS);
    const result = await runConcurrent(count, CLIENTS, async (i) => {
      const response = await client.call('POST', '/', { subject: `reference ${i}` });
      if (response.status !== 201) throw new Error(`reference insert failed: ${response.status} ${response.body.slice(0, 200)}`);
    });
    client.close();
    return { perSecond: result.latencies.length / result.seconds, p99: summarise(result.latencies).p99 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Ticket creation through HTTP (16 keep-alive clients), list/search latency over the created tickets,
 * the raw one-row INSERT rate of the same database as the ceiling, and the server's footprint.
 */
export async function runTicketBench(options: { serverUrl?: string; tickets: number; queries: number }): Promise<TicketBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-bench-'));
  const serverDb = options.serverUrl ? await createBenchDatabase(options.serverUrl) : undefined;
  const env: Record<string, string> = { DATA_DIR: dataDir, KEFU_SEED_DEMO: 'auto', ...(serverDb ? { DATABASE_URL: serverDb.url, DATABASE_POOL_SIZE: '32' } : {}) };
  const database = serverDb ? 'PostgreSQL server' : 'PGlite (embedded)';
  let running: Awaited<ReturnType<typeof startKefu>> | undefined;
  try {
    // First start creates the demo workspace and its tickets; the footprint is measured on the second, ordinary start.
    const first = await startKefu(env);
    running = first;
    await first.settled();
    await first.stop();
    const kefu = await startKefu(env);
    running = kefu;
    await kefu.settled();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssIdleMb = kefu.rssMb();
    const client = createJsonClient(kefu.url, CLIENTS);
    await client.login(ADMIN.email, ADMIN.password);

    let rssLoadMb = rssIdleMb;
    const sampler = setInterval(() => (rssLoadMb = Math.max(rssLoadMb, kefu.rssMb())), 250);
    const create = await runConcurrent(options.tickets, CLIENTS, async (i) => {
      const sample = sampleTicket(i);
      const response = await client.call('POST', '/api/v1/tickets', {
        subject: sample.subject,
        description: sample.description,
        customer: { name: sample.name, email: sample.email },
        priority: (['P1', 'P2', 'P3'] as const)[i % 3],
        channel: (['email', 'web', 'chat', 'phone'] as const)[i % 4],
      });
      if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.body.slice(0, 200)}`);
    });
    clearInterval(sampler);
    if (create.errors > 0) console.log(`  (${create.errors} create requests failed)`);
    const createStats = summarise(create.latencies);
    const backlogAfterCreate = await kefu.pendingEvents();
    const backlogDrainMs = await kefu.settled();
    // Reads are measured in steady state: after one pass of table upkeep (autovacuum, or Kefu's own
    // every minute where there is none) has seen the finished writes.
    await new Promise((resolve) => setTimeout(resolve, options.tickets >= 10_000 ? 65_000 : 0));

    const listPaths = ['/api/v1/tickets?status=new&priority=P1&limit=25', '/api/v1/tickets?view=unassigned&limit=25', '/api/v1/tickets?channel=email&sort=created_at&order=desc&limit=25'];
    const searchPaths = ['物流', '退款', 'refund', 'order', '发票 异常'].map((q) => `/api/v1/tickets?q=${encodeURIComponent(q)}&limit=25`);
    const measure = async (paths: string[]) => {
      const latencies: number[] = [];
      for (let i = 0; i < options.queries; i++) {
        const t0 = performance.now();
        const response = await client.call('GET', paths[i % paths.length]!);
        if (response.status !== 200) throw new Error(`query failed: ${response.status} ${response.body.slice(0, 200)}`);
        latencies.push(performance.now() - t0);
      }
      return summarise(latencies);
    };
    const list = await measure(listPaths);
    const search = await measure(searchPaths);
    client.close();
    await kefu.stop();

    const referenceCount = Math.max(2000, Math.min(options.tickets, 20_000));
    const reference = await referenceHandlerRate(serverDb ? { databaseUrl: serverDb.url } : { dataDir: join(dataDir, 'pglite') }, referenceCount);
    const rawDb = serverDb ? await openDb({ databaseUrl: serverDb.url, poolSize: CLIENTS }) : await openDb({ dataDir: join(dataDir, 'pglite') });
    const rawInsertPerSecond = await rawInsertRate(rawDb, referenceCount);
    await rawDb.close();

    const createPerSecond = create.latencies.length / create.seconds;
    return {
      database,
      created: create.latencies.length,
      createPerSecond,
      createP50: createStats.p50,
      createP99: createStats.p99,
      rawInsertPerSecond,
      ratio: createPerSecond / rawInsertPerSecond,
      referencePerSecond: reference.perSecond,
      referenceP99: reference.p99,
      listP95: list.p95,
      searchP95: search.p95,
      readyMs: kefu.readyMs,
      rssIdleMb,
      rssLoadMb,
      backlogAfterCreate,
      backlogDrainMs,
    };
  } finally {
    // A failed measurement must not leave a server running.
    await running?.stop();
    await serverDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printTicketBench(result: TicketBenchResult): void {
  console.log(`\n## Tickets — ${result.database}`);
  console.log(`  create via HTTP, ${CLIENTS} clients: ${fmt(result.createPerSecond, 0)} tickets/s  p50 ${fmt(result.createP50)} ms  p99 ${fmt(result.createP99)} ms  (${result.created} tickets)`);
  console.log(`  events left to deliver when the last create was answered: ${result.backlogAfterCreate}, delivered within ${fmt(result.backlogDrainMs / 1000)} s`);
  console.log(`  raw one-row INSERT, ${CLIENTS} connections: ${fmt(result.rawInsertPerSecond, 0)} rows/s  → creation at ${fmt(result.ratio * 100)}% of the ceiling`);
  console.log(
    `  reference: plain Node handler, one INSERT per request, same client: ${fmt(result.referencePerSecond, 0)} req/s  p99 ${fmt(result.referenceP99)} ms  (${fmt((result.referencePerSecond / result.rawInsertPerSecond) * 100)}% of the ceiling; creation at ${fmt((result.createPerSecond / result.referencePerSecond) * 100)}% of it)`,
  );
  console.log(`  over ${result.created} tickets: filtered first page p95 ${fmt(result.listP95)} ms, search p95 ${fmt(result.searchP95)} ms`);
  console.log(`  footprint: start→ready ${fmt(result.readyMs, 0)} ms, RSS idle ${fmt(result.rssIdleMb, 0)} MB, under load ${fmt(result.rssLoadMb, 0)} MB`);
}
