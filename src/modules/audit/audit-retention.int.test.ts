import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';

const DAY_MINUTES = 24 * 60;

describe('retention of the audit log', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const actionsOf = async (context: TestContext, workspaceId: string) =>
    (await context.kernel.services.audit.list(context.kernel.db, { workspaceId, limit: 200 })).map((entry) => entry.action).reverse();

  it('keeps the audit log forever by default, while delivered events and fired timers expire', async () => {
    t = await createTestContext();
    expect(t.kernel.config.KEFU_RETAIN_AUDIT_DAYS).toBeUndefined();
    expect(t.kernel.retention.rules.map((rule) => rule.name)).toEqual(['delivered events', 'fired timers', 'orphan uploads']);
    const ws = await t.createWorkspace();
    await t.request(ws.admin, 'PATCH', '/api/v1/workspace', { name: 'Renamed' });
    await t.kernel.dispatcher.drain();
    const before = await actionsOf(t, ws.id);
    expect(before).toContain('workspace.updated');
    t.clock.advanceMinutes(3650 * DAY_MINUTES);
    await t.kernel.retention.drain();
    expect(await actionsOf(t, ws.id)).toEqual(before);
    const events = await t.kernel.db.query('SELECT 1 FROM outbox_events WHERE workspace_id = $1 AND dispatched_at IS NOT NULL', [ws.id]);
    expect(events).toEqual([]);
  });

  it('deletes audit rows older than KEFU_RETAIN_AUDIT_DAYS when it is set, and only those', async () => {
    t = await createTestContext({ env: { KEFU_RETAIN_AUDIT_DAYS: '90', KEFU_RETAIN_EVENTS_DAYS: '7' } });
    expect(t.kernel.retention.rules.map((rule) => [rule.name, rule.keepMs / 86_400_000])).toEqual([
      ['delivered events', 7],
      ['fired timers', 30],
      ['orphan uploads', 1],
      ['audit log', 90],
    ]);
    const ws = await t.createWorkspace();
    const old = await actionsOf(t, ws.id);
    expect(old.length).toBeGreaterThan(0);
    t.clock.advanceMinutes(60 * DAY_MINUTES);
    // A fresh session: the first one is long past its rotation.
    const admin = await ws.addUser('admin');
    await t.request(admin, 'PATCH', '/api/v1/workspace', { name: 'Renamed later' });
    const all = await actionsOf(t, ws.id);
    t.clock.advanceMinutes(31 * DAY_MINUTES);
    await t.kernel.retention.drain();
    // 91 days after the first rows, 31 days after the later ones.
    expect(await actionsOf(t, ws.id)).toEqual(all.slice(old.length));
    expect(await actionsOf(t, ws.id)).toContain('workspace.updated');
  });
});
