import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnScript } from '../../test/fixtures/spawn.ts';
import { createKernel } from '../kernel.ts';
import type { Actor } from '../platform/actor.ts';
import { loadConfig } from '../platform/config.ts';
import { openDb } from '../platform/db.ts';
import { silentLogger } from '../platform/logger.ts';
import { emitEvent } from '../platform/outbox.ts';
import { createTestContext } from '../testing/test-app.ts';
import { createTestDb, isServerDatabase } from '../testing/test-db.ts';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('health, readiness and metrics', () => {
  it('answers /healthz, /readyz and /metrics, and turns unready when shutting down', async () => {
    const t = await createTestContext();
    try {
      const workspace = await t.createWorkspace();
      expect((await t.request(undefined, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
      const ready = await t.request(undefined, 'GET', '/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: t.kernel.db.kind });

      await t.kernel.dispatcher.drain();
      await t.kernel.db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await emitEvent(tx, t.clock, { workspaceId: workspace.id, type: 'probe.metrics', aggregateType: 'probe', aggregateId: String(i) });
      });
      const metrics = await t.request(undefined, 'GET', '/metrics');
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(metrics.body).toContain('# TYPE kefu_http_request_duration_seconds histogram');
      expect(metrics.body).toMatch(/kefu_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz",status="200"\} \d+/);
      expect(metrics.body).toContain('# TYPE kefu_outbox_pending_events gauge');
      expect(metrics.body).toMatch(/^kefu_outbox_pending_events 3$/m);
      await t.kernel.dispatcher.drain();
      expect((await t.request(undefined, 'GET', '/metrics')).body).toMatch(/^kefu_outbox_pending_events 0$/m);

      t.kernel.beginShutdown();
      const leaving = await t.request(undefined, 'GET', '/readyz');
      expect(leaving.statusCode).toBe(503);
      expect(leaving.json()).toEqual({ status: 'shutting_down' });
      // Liveness stays green: the process is healthy, only leaving.
      expect((await t.request(undefined, 'GET', '/healthz')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('shutdown', () => {
  it('close() lets the background loops finish their current batch: claimed events are committed, not abandoned', async () => {
    const testDb = await createTestDb();
    const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data' });
    const kernel = await createKernel({ config, db: testDb.db, logger: silentLogger, runWorkers: true });
    let handled = 0;
    let closedAfter = -1;
    kernel.dispatcher.subscribe({
      name: 'slow-probe',
      types: ['probe.slow'],
      async handle(_event, tx) {
        await tx.query('SELECT 1');
        handled++;
        await sleep(100);
      },
    });
    try {
      await testDb.db.transaction(async (tx) => {
        for (let i = 0; i < 5; i++) await emitEvent(tx, kernel.clock, { workspaceId: '00000000-0000-4000-8000-000000000001', type: 'probe.slow', aggregateType: 'probe', aggregateId: String(i) });
      });
      while (handled === 0) await sleep(10);
      await kernel.close().then(() => (closedAfter = handled));
      // The whole batch of five ran and committed before close() returned.
      expect(closedAfter).toBe(5);
      const pending = await testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'probe.slow' AND dispatched_at IS NULL`);
      expect(pending[0]!.n).toBe(0);
    } finally {
      await testDb.drop();
    }
  });

  it(`on SIGTERM, kefu serve refuses new connections, finishes the request in flight, flushes and exits 0 (${isServerDatabase() ? 'PostgreSQL server' : 'embedded PGlite'})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kefu-serve-'));
    temporary.push(dataDir);
    const testDb = isServerDatabase() ? await createTestDb() : undefined;
    const env: Record<string, string> = {
      PORT: '0',
      // No SMTP listener: the fixed default port may be taken on a shared machine, and mail has its own tests.
      SMTP_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      KEFU_SEED_DEMO: 'never',
      KEFU_LOG_LEVEL: 'info',
      KEFU_SECRET: 'test-secret-test-secret',
      // An empty PATH keeps serve from starting a web build (npx) should web/dist be missing: the API is under test.
      PATH: '',
      ...(testDb ? { DATABASE_URL: testDb.url! } : {}),
    };
    const email = 'admin@shutdown.test';
    const password = 'correct-horse-42';
    try {
      // A user to sign in with, written before the server starts.
      const setup = await createKernel({ config: loadConfig(env), logger: silentLogger, runWorkers: false });
      const workspace = await setup.services.workspaces.createWorkspace({ name: 'Shutdown', slug: 'shutdown' });
      const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
      await setup.services.identity.createUser(system, { email, name: 'Admin', role: 'admin', password });
      await setup.close();

      const server = spawnScript('bin/kefu.js', ['serve'], { env });
      const banner = await server.waitForLine((line) => line.includes('Kefu is running at '), 120_000);
      const url = new URL(/Kefu is running at (\S+)/.exec(banner)![1]!);
      expect((await fetch(new URL('/readyz', url))).status).toBe(200);

      // A login whose body is only half sent: the request is in flight when SIGTERM arrives.
      const body = JSON.stringify({ email, password });
      const inFlight = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      const response = new Promise<IncomingMessage>((resolve, reject) => {
        inFlight.on('response', resolve).on('error', reject);
      });
      inFlight.write(body.slice(0, 10));
      await sleep(300);
      server.child.kill('SIGTERM');
      await server.waitForLine((line) => line.includes('shutting down: finishing in-flight requests'));

      // New connections are refused from now on.
      let refused = false;
      for (let i = 0; i < 50 && !refused; i++) {
        refused = await fetch(new URL('/healthz', url)).then(
          () => false,
          () => true,
        );
        if (!refused) await sleep(100);
      }
      expect(refused).toBe(true);
      expect(server.child.exitCode).toBeNull();

      // The request in flight still completes normally.
      inFlight.end(body.slice(10));
      const answer = await response;
      const text = await new Promise<string>((resolve) => {
        let data = '';
        answer.setEncoding('utf8').on('data', (chunk: string) => (data += chunk)).on('end', () => resolve(data));
      });
      expect(answer.statusCode, text).toBe(200);
      expect(answer.headers['set-cookie']?.join(';')).toContain('kefu_session=');

      const exit = await server.exited;
      expect(exit, server.stderr()).toEqual({ code: 0, signal: null });

      // What the in-flight request wrote (its session) is in the database after the exit.
      const db = testDb?.db ?? (await openDb({ dataDir: join(dataDir, 'pglite') }));
      try {
        const sessions = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE workspace_id = $1 AND revoked_at IS NULL`, [workspace.id]);
        expect(sessions[0]!.n).toBe(1);
      } finally {
        if (!testDb) await db.close();
      }
    } finally {
      await testDb?.drop();
    }
  });
});
