import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
});
afterAll(() => t.close());

/** Read from the table, not through the service: its cache would hide a change that should not have happened. */
async function storedWorkspace(workspaceId: string) {
  const rows = await t.kernel.db.query<{ name: string; timezone: string; ticket_prefix: string }>('SELECT name, timezone, ticket_prefix FROM workspaces WHERE workspace_id = $1', [workspaceId]);
  return rows[0]!;
}

async function workspaceAudit(workspaceId: string) {
  return t.kernel.db.query<{ action: string; details: { fields: string[] } }>(`SELECT action, details FROM audit_log WHERE workspace_id = $1 AND entity_type = 'workspace' ORDER BY id`, [workspaceId]);
}

describe('workspace settings', () => {
  it('changes the settings and records who changed which fields, readable in the audit log', async () => {
    const response = await t.request(a.admin, 'PATCH', '/api/v1/workspace', { name: 'Renamed desk', timezone: 'Europe/Berlin' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: a.id, name: 'Renamed desk', timezone: 'Europe/Berlin' });
    expect((await t.request(a.admin, 'GET', '/api/v1/workspace')).json()).toMatchObject({ name: 'Renamed desk', timezone: 'Europe/Berlin' });

    const log = (await t.request(a.admin, 'GET', '/api/v1/audit-log?entityType=workspace')).json().items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'workspace.updated', entityId: a.id, actorId: a.admin.id, details: { fields: ['name', 'timezone'] } });
    expect(await workspaceAudit(b.id)).toEqual([]);
  });

  it('refuses those without settings.manage and an unknown time zone, changing and recording nothing', async () => {
    const before = await storedWorkspace(a.id);
    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'PATCH', '/api/v1/workspace', { name: 'Agent was here' })).statusCode).toBe(403);
    const invalid = await t.request(a.admin, 'PATCH', '/api/v1/workspace', { name: 'Never', timezone: 'Mars/Olympus' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].field).toBe('timezone');
    expect(await storedWorkspace(a.id)).toEqual(before);
    expect(await workspaceAudit(a.id)).toHaveLength(1);
  });

  it('changes nothing when its audit record cannot be written: the change and its audit row commit together', async () => {
    const before = await storedWorkspace(a.id);
    // A real failure of the audit insert, on both databases: a constraint that refuses this action's rows.
    await t.kernel.db.exec(`ALTER TABLE audit_log ADD CONSTRAINT refuse_workspace_audit CHECK (action <> 'workspace.updated') NOT VALID`);
    try {
      const response = await t.request(a.admin, 'PATCH', '/api/v1/workspace', { name: 'Half done', ticketPrefix: 'HD' });
      expect(response.statusCode).toBe(500);
    } finally {
      await t.kernel.db.exec('ALTER TABLE audit_log DROP CONSTRAINT refuse_workspace_audit');
    }
    expect(await storedWorkspace(a.id)).toEqual(before);
    expect(await workspaceAudit(a.id)).toHaveLength(1);
    expect((await t.request(a.admin, 'GET', '/api/v1/workspace')).json().name).toBe(before.name);

    const retried = await t.request(a.admin, 'PATCH', '/api/v1/workspace', { name: 'Half done', ticketPrefix: 'HD' });
    expect(retried.statusCode).toBe(200);
    expect(await storedWorkspace(a.id)).toMatchObject({ name: 'Half done', ticket_prefix: 'HD' });
    expect(await workspaceAudit(a.id)).toHaveLength(2);
  });

  it('keeps the audit log to those who may read it and to their own workspace', async () => {
    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'GET', '/api/v1/audit-log')).statusCode).toBe(403);
    const supervisor = await b.addUser('supervisor');
    const items = (await t.request(supervisor, 'GET', '/api/v1/audit-log?entityType=workspace')).json().items;
    expect(items).toEqual([]);
  });
});
