import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';

// Two Kefu nodes (child processes with their background workers) on one PostgreSQL database:
// 1,000 tickets' warnings and breaches fall due at the same moment; one node is SIGKILLed mid-sweep.
// Every sla.warning and sla.breached must still be written exactly once. PostgreSQL only: PGlite is
// one process by nature.

const TICKETS = 1000;
const onServer = loadConfig().DATABASE_URL !== undefined;
const CHILD = fileURLToPath(new URL('./testing/sla-worker.child.ts', import.meta.url));

let t: TestContext;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!onServer) return;
  // The tickets are created ten minutes in the past, so their timers are all due when the nodes start.
  t = await createTestContext({ start: new Date(Date.now() - 10 * 60_000).toISOString() });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await t?.close();
});

function startNode(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`node exited early (${code}): ${stderr}`)));
  });
}

async function countEvents(workspaceId: string): Promise<{ warnings: number; breaches: number }> {
  const rows = await t.kernel.db.query<{ type: string; n: number }>(
    `SELECT type, count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND type IN ('sla.warning', 'sla.breached') GROUP BY type`,
    [workspaceId],
  );
  const of = (type: string) => rows.find((row) => row.type === type)?.n ?? 0;
  return { warnings: of('sla.warning'), breaches: of('sla.breached') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!onServer)('two Kefu processes on one PostgreSQL server', () => {
  it('emits each warning and breach of 1,000 simultaneous due times exactly once, even when one process is killed mid-sweep', { timeout: 300_000 }, async () => {
    const url = t.testDb.url!;
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    await t.kernel.services.sla.createPolicy(ws.admin.actor, {
      name: 'Burst',
      position: 0,
      conditions: { channels: ['api'] },
      targets: [{ metric: 'first_response', minutes: 5, warn: { percentUsed: 80 } }],
    });

    // All tickets at the same instant: every warning is due at T+4 min, every breach at T+5 min.
    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, TICKETS - i) }, () =>
          t.kernel.services.tickets.createTicket(ws.admin.actor, { subject: `Outage ${newId().slice(0, 8)}`, channel: 'api', priority: 'P1', customer: { name: 'Load test' } }),
        ),
      );
      ids.push(...batch.map((ticket) => ticket.id));
    }
    await t.kernel.dispatcher.drain({ batchSize: 500 });
    const armed = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE workspace_id = $1 AND kind IN ('sla.warning', 'sla.breach') AND fired_at IS NULL`, [ws.id]);
    expect(armed[0]!.n).toBe(2 * TICKETS);

    const [a] = await Promise.all([startNode(url), startNode(url)]);
    // Kill the first node as soon as the sweep has visibly started: it has a claimed, uncommitted batch.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { warnings, breaches } = await countEvents(ws.id);
      if (warnings + breaches > 0) break;
      if (Date.now() > deadline) throw new Error('the nodes never started sweeping');
      await sleep(10);
    }
    a!.kill('SIGKILL');
    const progressAtKill = await countEvents(ws.id);
    expect(progressAtKill.warnings + progressAtKill.breaches).toBeLessThan(2 * TICKETS);

    for (;;) {
      const { warnings, breaches } = await countEvents(ws.id);
      if (warnings >= TICKETS && breaches >= TICKETS) break;
      if (Date.now() > deadline + 120_000) throw new Error(`sweep did not finish: ${warnings} warnings, ${breaches} breaches`);
      await sleep(100);
    }
    // Give any duplicate a chance to appear before counting.
    await sleep(1500);

    const perTicket = await t.kernel.db.query<{ aggregate_id: string; type: string; n: number }>(
      `SELECT aggregate_id, type, count(*)::int AS n FROM outbox_events
        WHERE workspace_id = $1 AND type IN ('sla.warning', 'sla.breached') GROUP BY aggregate_id, type`,
      [ws.id],
    );
    expect(perTicket.filter((row) => row.n !== 1)).toEqual([]);
    expect(perTicket.filter((row) => row.type === 'sla.warning').map((row) => row.aggregate_id).sort()).toEqual([...ids].sort());
    expect(perTicket.filter((row) => row.type === 'sla.breached').map((row) => row.aggregate_id).sort()).toEqual([...ids].sort());
    const targets = await t.kernel.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM ticket_sla_targets WHERE workspace_id = $1 GROUP BY status`,
      [ws.id],
    );
    expect(targets).toEqual([{ status: 'breached', n: TICKETS }]);
    const pending = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE workspace_id = $1 AND kind IN ('sla.warning', 'sla.breach') AND fired_at IS NULL`, [ws.id]);
    expect(pending[0]!.n).toBe(0);
  });
});
