import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../../src/platform/outbox.ts';
import { scheduleTimer } from '../../src/platform/timers.ts';
import { installFailingProbe, PROBE_ERROR, PROBE_EVENT, PROBE_SUBSCRIBER, PROBE_TIMER, type FailingProbe } from '../../src/testing/dead-letters.ts';
import { launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let probe: FailingProbe;
let eventId: number;
const timerKey = 'probe:reminder:browser';

/** Dead letters of the workspace, as the database has them. */
async function deadCount(): Promise<{ deliveries: number; timers: number }> {
  const [row] = await server.kernel.db.query<{ deliveries: number; timers: number }>(
    `SELECT (SELECT count(*) FROM outbox_deliveries WHERE workspace_id = $1 AND dead_at IS NOT NULL)::int AS deliveries,
            (SELECT count(*) FROM timers WHERE workspace_id = $1 AND dead_at IS NOT NULL)::int AS timers`,
    [workspace.id],
  );
  return row!;
}

beforeAll(async () => {
  // The server's own loops deliver and fire; its manual clock skips the back-offs.
  server = await startKefu({ now: new Date().toISOString() });
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'en' });
  probe = installFailingProbe(server.kernel);
  await emitEvent(server.kernel.db, server.clock, { workspaceId: workspace.id, type: PROBE_EVENT, aggregateType: 'probe', aggregateId: 'browser' });
  await scheduleTimer(server.kernel.db, server.clock, { workspaceId: workspace.id, key: timerKey, kind: PROBE_TIMER, dueAt: server.clock.now() });
  [{ id: eventId }] = (await server.kernel.db.query<{ id: number }>('SELECT id FROM outbox_events WHERE workspace_id = $1 AND type = $2', [workspace.id, PROBE_EVENT])) as [{ id: number }];
  for (let step = 0; step < 200; step++) {
    const dead = await deadCount();
    if (dead.deliveries === 1 && dead.timers === 1) return;
    server.advanceMinutes(11);
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
  throw new Error(`the probe did not end dead: ${JSON.stringify(await deadCount())}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('failed deliveries screen', () => {
  it('shows a dead delivery and a dead timer with their last error, and retries them once the cause is fixed', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'operations');
    const problems = watchForErrors(page);
    await signIn(page, workspace.admin.email, workspace.admin.password);
    await page.getByRole('link', { name: 'Failed deliveries' }).click();
    await page.getByRole('heading', { name: 'Failed deliveries', exact: true }).waitFor();

    const deliveryRow = page.getByRole('row').filter({ hasText: PROBE_SUBSCRIBER });
    const timerRow = page.getByRole('row').filter({ hasText: timerKey });
    await deliveryRow.waitFor();
    await expect.poll(() => deliveryRow.innerText()).toContain(PROBE_EVENT);
    expect(await deliveryRow.innerText()).toContain(PROBE_ERROR);
    expect(await deliveryRow.getByRole('cell', { name: String(server.kernel.config.KEFU_MAX_DELIVERY_ATTEMPTS), exact: true }).count()).toBe(1);
    expect(await timerRow.innerText()).toContain(PROBE_TIMER);
    await screenshot(page, 'admin-operations-dead-letters');

    probe.isBroken = false;
    await deliveryRow.getByRole('button', { name: `Retry the delivery of ${PROBE_EVENT} to ${PROBE_SUBSCRIBER}` }).click();
    await page.getByText('Queued again: it runs within a second.').first().waitFor();
    await deliveryRow.waitFor({ state: 'detached' });
    await expect.poll(() => probe.delivered.get(String(eventId)) ?? 0, { timeout: 10_000 }).toBe(1);
    await page.getByText('No failed deliveries. Every event reached its subscribers.').waitFor();

    await timerRow.getByRole('button', { name: `Retry the timer ${timerKey}` }).click();
    await timerRow.waitFor({ state: 'detached' });
    await expect.poll(() => probe.delivered.get(timerKey) ?? 0, { timeout: 10_000 }).toBe(1);
    await page.getByText('No failed timers.').waitFor();
    expect(await deadCount()).toEqual({ deliveries: 0, timers: 0 });
    await screenshot(page, 'admin-operations-retried');

    // The retries are in the audit log, by the admin.
    await page.goto('/admin/audit');
    await page.getByText('Retried a failed delivery').waitFor();
    await page.getByText('Retried a failed timer').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
