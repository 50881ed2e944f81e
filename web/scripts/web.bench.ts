/**
 * The web app's figures for `npm run bench`: the bundle report, and the time from pressing "Sign in" to an
 * interactive inbox, in Chromium, on a workspace with 100,000 tickets (2,000 with --quick).
 * Standalone: npx tsx web/scripts/web.bench.ts [--quick] [--tickets=N] [--database=postgres://…/db]
 * (a PostgreSQL server: a scratch database is created and dropped there; embedded PGlite otherwise).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from '../../bench/bench-database.ts';
import { chromium } from 'playwright-core';
import { sampleTicket } from '../../bench/sample-text.ts';
import { fmt, runConcurrent, summarise } from '../../bench/stats.ts';
import { buildApp } from '../../src/http/app.ts';
import { createKernel } from '../../src/kernel.ts';
import type { Actor } from '../../src/platform/actor.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { formatBundleReport, measureBundle } from './bundle-report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'web/dist/');
const PASSWORD = 'bench-password-2026';
const RUNS = 5;

function ensureBuild(): void {
  if (existsSync(join(DIST, '.vite/manifest.json'))) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('web build failed');
}

export interface LoginToInboxResult {
  database: string;
  tickets: number;
  seedSeconds: number;
  loginToInboxMs: number[];
  allViewMs: number[];
}

export async function measureLoginToInbox(options: { tickets: number; serverUrl?: string }): Promise<LoginToInboxResult> {
  ensureBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-web-bench-'));
  const serverDb = options.serverUrl ? await createBenchDatabase(options.serverUrl, 'kefu_bench_web') : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, KEFU_LOG_LEVEL: 'silent', KEFU_SECRET: 'web-bench-secret-0123456789', KEFU_FSYNC_INTERVAL_MS: '0', ...(serverDb ? { DATABASE_URL: serverDb.url, DATABASE_POOL_SIZE: '16' } : {}) });
  // Background loops stay off while seeding: the inbox is measured, not the SLA engine's catch-up.
  const kernel = await createKernel({ config, logger: silentLogger, runWorkers: false });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const { workspaces, identity, tickets } = kernel.services;
    const workspace = await workspaces.createWorkspace({ name: 'Bench', slug: `bench-${Date.now().toString(36)}`, defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai' });
    const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'zh-CN' };
    const team = await identity.createTeam(system, { name: '一线客服', kind: 'team' });
    const agent = await identity.createUser(system, { email: `agent@${workspace.slug}.bench`, name: '李娜', role: 'agent', password: PASSWORD, teamIds: [team.id] });
    const others = await Promise.all(
      [1, 2, 3, 4].map((n) => identity.createUser(system, { email: `agent${n}@${workspace.slug}.bench`, name: `Agent ${n}`, role: 'agent', password: PASSWORD, teamIds: [team.id] })),
    );
    const assignees = [agent.id, ...others.map((u) => u.id), null];
    const seed = await runConcurrent(options.tickets, 8, async (i) => {
      const sample = sampleTicket(i);
      await tickets.createTicket(system, {
        subject: sample.subject,
        description: sample.description,
        customer: { name: sample.name, email: sample.email },
        priority: (['P1', 'P2', 'P3'] as const)[i % 3],
        channel: (['email', 'web', 'chat', 'phone'] as const)[i % 4],
        teamId: team.id,
        assigneeId: assignees[i % assignees.length],
      });
    });
    if (seed.errors > 0) console.log(`  (${seed.errors} tickets could not be created)`);

    const app = await buildApp(kernel);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const loginToInboxMs: number[] = [];
    const allViewMs: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        // A fresh profile each time: nothing cached but what the sign-in page itself loaded.
        const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
        const page = await context.newPage();
        await page.goto('/login');
        await page.locator('input[name="email"]').fill(agent.email);
        await page.locator('input[name="password"]').fill(PASSWORD);
        const started = performance.now();
        await page.locator('form button[type="submit"]').click();
        // Interactive: the first row is on screen, the list is not loading, and the main thread is free.
        await page.locator('[role="list"] [role="listitem"]').first().waitFor();
        await page.locator('[role="list"][aria-busy="false"]').waitFor();
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
        loginToInboxMs.push(performance.now() - started);

        const switched = performance.now();
        await page.getByRole('radio', { name: '全部' }).locator('..').click();
        await page.waitForURL(/view=all/);
        await page.locator('[role="list"][aria-busy="false"]').waitFor();
        allViewMs.push(performance.now() - switched);
        await context.close();
      }
    } finally {
      await app.close();
    }
    return { database: serverDb ? 'PostgreSQL server' : 'PGlite (embedded)', tickets: seed.latencies.length, seedSeconds: seed.seconds, loginToInboxMs, allViewMs };
  } finally {
    await browser.close();
    await kernel.close();
    await serverDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printLoginToInbox(result: LoginToInboxResult): void {
  const login = summarise(result.loginToInboxMs);
  const all = summarise(result.allViewMs);
  console.log(`\n## Web app — ${result.database}, ${result.tickets} tickets (seeded in ${fmt(result.seedSeconds, 0)} s)`);
  console.log(`  sign in → interactive inbox ("mine"), fresh browser profile: median ${fmt(login.p50, 0)} ms, worst ${fmt(login.max, 0)} ms (${RUNS} runs)`);
  console.log(`  switch to the "all" view: median ${fmt(all.p50, 0)} ms, worst ${fmt(all.max, 0)} ms`);
}

export const webBench = {
  name: 'web',
  async run(options: { quick: boolean; serverUrl?: string }): Promise<void> {
    ensureBuild();
    const report = measureBundle(DIST);
    console.log(`\n${formatBundleReport(report)}`);
    if (!report.withinBudget) process.exitCode = 1;
    printLoginToInbox(await measureLoginToInbox({ tickets: options.quick ? 2000 : 100_000, serverUrl: options.serverUrl }));
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const tickets = Number(process.argv.find((arg) => arg.startsWith('--tickets='))?.slice('--tickets='.length) ?? (quick ? 2000 : 100_000));
  const serverUrl = process.argv.find((arg) => arg.startsWith('--database='))?.slice('--database='.length);
  ensureBuild();
  console.log(formatBundleReport(measureBundle(DIST)));
  measureLoginToInbox({ tickets, serverUrl })
    .then(printLoginToInbox)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
