/**
 * SLA engine benchmark: the cost of claiming and firing the breaches that are due must follow the number
 * due, not the number of open tickets. Two runs with the same 1,000 due targets, one among 1,000,000 open
 * tickets and one among 10,000 (quick: 20,000 vs 2,000), each fired through the real timer runner and
 * breach handler; plus business-time arithmetic throughput.
 */
import pg from 'pg';
import { ManualClock } from '../src/platform/clock.ts';
import { openDb, type Db } from '../src/platform/db.ts';
import { newId } from '../src/platform/ids.ts';
import { migrate } from '../src/platform/migrate.ts';
import { TimerRunner } from '../src/platform/timers.ts';
import { addBusinessMinutes, createSlaEngine, defaultOfficeCalendar, TIMER_KINDS, type BusinessCalendar } from '../src/modules/sla/index.ts';
import { fmt } from './stats.ts';

export interface SlaBenchResult {
  database: string;
  due: number;
  runs: { open: number; setupMs: number; fireMs: number; firedPerSecond: number }[];
  /** Fire time with the large open count divided by fire time with the small one (1 = independent of open count). */
  ratio: number;
  businessMinutesPerSecond: number;
}

const NOW = new Date('2026-03-02T02:00:00Z');
const DUE = 1000;

async function openBenchDatabase(serverUrl: string | undefined): Promise<{ db: Db; label: string; drop(): Promise<void> }> {
  if (!serverUrl) {
    const db = await openDb({});
    await migrate(db);
    return { db, label: 'PGlite (embedded)', drop: () => db.close() };
  }
  const name = `kefu_bench_sla_${Date.now().toString(36)}`;
  const url = new URL(serverUrl);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), poolSize: 4 });
  await migrate(db);
  return {
    db,
    label: 'PostgreSQL server',
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * `open` active first-response targets (each with its ticket row and its breach timer), the first `due` of
 * which are overdue now and the rest due tomorrow. One generate_series INSERT per table.
 */
async function seed(db: Db, workspaceId: string, open: number, due: number): Promise<void> {
  await db.exec('TRUNCATE timers, ticket_sla_targets, ticket_sla, outbox_events, outbox_deliveries');
  const past = new Date(NOW.getTime() - 1000);
  const future = new Date(NOW.getTime() + 86_400_000);
  const started = new Date(NOW.getTime() - 300_000);
  const ticket = `md5('bench-ticket-' || i)::uuid`;
  await db.query(
    `INSERT INTO ticket_sla (workspace_id, ticket_id, number, ticket_status, is_open, priority, ticket_created_at, config_epoch, updated_at)
     SELECT $1, ${ticket}, 'B' || i, 'open', true, 'P1', $2, 1, $2 FROM generate_series(1, $3::int) AS i`,
    [workspaceId, started, open],
  );
  await db.query(
    `INSERT INTO ticket_sla_targets (workspace_id, ticket_id, metric, cycle, status, target_ms, business_time, started_at, elapsed_ms,
                                     running_since, due_at, updated_at)
     SELECT $1, ${ticket}, 'first_response', 1, 'active', 300000, false, $2, 0, $2, CASE WHEN i <= $4 THEN $5::timestamptz ELSE $6::timestamptz END, $2
       FROM generate_series(1, $3::int) AS i`,
    [workspaceId, started, open, due, past, future],
  );
  await db.query(
    `INSERT INTO timers (workspace_id, key, kind, due_at, payload, created_at)
     SELECT $1, 'sla:' || ${ticket} || ':first_response:1:breach', $7,
            CASE WHEN i <= $4 THEN $5::timestamptz ELSE $6::timestamptz END,
            jsonb_build_object('ticketId', ${ticket}, 'metric', 'first_response', 'cycle', 1), $2
       FROM generate_series(1, $3::int) AS i`,
    [workspaceId, started, open, due, past, future, TIMER_KINDS.breach],
  );
  await db.exec('ANALYZE timers; ANALYZE ticket_sla; ANALYZE ticket_sla_targets');
}

async function fireAll(db: Db, runner: TimerRunner, workspaceId: string, due: number): Promise<number> {
  const started = performance.now();
  while ((await runner.fireDue({ batchSize: 200 })) > 0);
  const ms = performance.now() - started;
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND type = 'sla.breached'`, [workspaceId]);
  if (rows[0]?.n !== due) throw new Error(`expected ${due} breaches, got ${rows[0]?.n}`);
  return ms;
}

function measureBusinessMinutes(calls: number): number {
  const calendar: BusinessCalendar = {
    ...defaultOfficeCalendar('Asia/Shanghai'),
    holidays: ['2026-01-01', '2026-02-17', '2026-02-18', '2026-04-05', '2026-05-01', '2026-10-01', '2026-10-02'].map((date) => ({ date })),
    extraWorkingDays: [{ date: '2026-02-15' }, { date: '2026-09-27' }],
  };
  // A fixed pseudo-random sequence: starts over a year, budgets from a minute to a week of business time.
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const base = Date.UTC(2026, 0, 1);
  const inputs = Array.from({ length: calls }, () => ({ start: new Date(base + Math.floor(random() * 365 * 86_400_000)), minutes: 1 + Math.floor(random() * 2700) }));
  addBusinessMinutes(calendar, inputs[0]!.start, inputs[0]!.minutes);
  const started = performance.now();
  let checksum = 0;
  for (const { start, minutes } of inputs) checksum += addBusinessMinutes(calendar, start, minutes).getTime() % 7;
  const seconds = (performance.now() - started) / 1000;
  if (checksum < 0) throw new Error('unreachable');
  return calls / seconds;
}

export async function runSlaBench(options: { databaseUrl?: string; quick: boolean }): Promise<SlaBenchResult> {
  const [large, small] = options.quick ? [20_000, 2_000] : [1_000_000, 10_000];
  const { db, label, drop } = await openBenchDatabase(options.databaseUrl);
  try {
    const clock = new ManualClock(NOW);
    const workspaceId = newId();
    await db.query(`INSERT INTO workspaces (workspace_id, name, slug, created_at) VALUES ($1, 'SLA bench', $2, $3)`, [workspaceId, `sla-bench-${workspaceId.slice(0, 8)}`, NOW]);
    // The breach handler as the kernel registers it, without the tickets module (no ticket rows exist).
    const engine = createSlaEngine({ clock });
    const runner = new TimerRunner({ db, clock });
    runner.register(TIMER_KINDS.breach, engine.fireTargetTimer);
    runner.register(TIMER_KINDS.warning, engine.fireTargetTimer);

    await seed(db, workspaceId, 200, 100);
    await fireAll(db, runner, workspaceId, 100); // warm-up: code paths, plans, caches

    const runs: SlaBenchResult['runs'] = [];
    for (const open of [small, large]) {
      const setupStarted = performance.now();
      await seed(db, workspaceId, open, DUE);
      const setupMs = performance.now() - setupStarted;
      const fireMs = await fireAll(db, runner, workspaceId, DUE);
      runs.push({ open, setupMs, fireMs, firedPerSecond: DUE / (fireMs / 1000) });
    }
    const ratio = runs[1]!.fireMs / runs[0]!.fireMs;
    const businessMinutesPerSecond = measureBusinessMinutes(options.quick ? 20_000 : 200_000);
    const result: SlaBenchResult = { database: label, due: DUE, runs, ratio, businessMinutesPerSecond };
    printSlaBench(result);
    return result;
  } finally {
    await drop();
  }
}

export function printSlaBench(result: SlaBenchResult): void {
  console.log(`\n## SLA timers — ${result.database}`);
  console.log(`| open tickets | due now | claim + fire (ms) | breaches/s | setup (ms) |`);
  console.log(`|---:|---:|---:|---:|---:|`);
  for (const run of result.runs) {
    console.log(`| ${run.open.toLocaleString('en')} | ${result.due.toLocaleString('en')} | ${fmt(run.fireMs, 0)} | ${fmt(run.firedPerSecond, 0)} | ${fmt(run.setupMs, 0)} |`);
  }
  console.log(`ratio (${result.runs[1]!.open.toLocaleString('en')} open / ${result.runs[0]!.open.toLocaleString('en')} open): ${fmt(result.ratio, 2)}× (1.00 = independent of the open count)`);
  console.log(`addBusinessMinutes (office hours, holidays, Asia/Shanghai): ${fmt(result.businessMinutesPerSecond, 0)} calls/s`);
}
