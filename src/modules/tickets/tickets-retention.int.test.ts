import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { makeTicket } from './testing.ts';

describe('retention of orphan uploads', () => {
  let t: TestContext;
  let ws: TestWorkspace;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-retention-'));
    t = await createTestContext({ env: { DATA_DIR: dataDir } });
    ws = await t.createWorkspace();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fileOf = (id: string) => join(dataDir, 'attachments', ws.id, id);
  const rowExists = async (id: string) => (await t.kernel.db.query('SELECT 1 FROM ticket_attachments WHERE workspace_id = $1 AND id = $2', [ws.id, id])).length === 1;

  it('deletes uploads no message claimed after KEFU_ORPHAN_UPLOAD_HOURS, row and file; keeps claimed and younger ones', async () => {
    const { tickets } = t.kernel.services;
    const hours = t.kernel.config.KEFU_ORPHAN_UPLOAD_HOURS;
    expect(hours).toBe(24);
    const upload = (name: string) => tickets.uploadAttachment(ws.admin.actor, { filename: name, data: Buffer.from(`contents of ${name}`) });
    const orphan = await upload('abandoned.txt');
    const claimed = await upload('sent.txt');
    const ticket = await makeTicket(t, ws.admin);
    await tickets.addMessage(ws.admin.actor, ticket.id, { kind: 'reply', body: 'See the file.', attachmentIds: [claimed.id] });
    t.clock.advanceMinutes(hours * 60 - 30);
    const young = await upload('half-written.txt');
    for (const id of [orphan.id, claimed.id, young.id]) expect(existsSync(fileOf(id))).toBe(true);

    // Not yet a day old: nothing goes.
    expect(await t.kernel.retention.drain()).toBe(0);
    t.clock.advanceMinutes(31);
    expect(await t.kernel.retention.drain()).toBe(1);
    expect([await rowExists(orphan.id), existsSync(fileOf(orphan.id))]).toEqual([false, false]);
    expect([await rowExists(claimed.id), existsSync(fileOf(claimed.id))]).toEqual([true, true]);
    expect([await rowExists(young.id), existsSync(fileOf(young.id))]).toEqual([true, true]);
    const audit = await t.kernel.services.audit.list(t.kernel.db, { workspaceId: ws.id, entityType: 'attachment' });
    expect(audit[0]).toMatchObject({ action: 'attachment.purged', actorKind: 'system', details: { count: 1 } });

    // The claimed one stays however old it gets; the young one goes once it is old enough.
    t.clock.advanceMinutes(hours * 60);
    expect(await t.kernel.retention.drain()).toBe(1);
    expect([await rowExists(young.id), existsSync(fileOf(young.id))]).toEqual([false, false]);
    expect([await rowExists(claimed.id), existsSync(fileOf(claimed.id))]).toEqual([true, true]);
    // Two days on, through a fresh session.
    const download = await t.request(await ws.addUser('admin'), 'GET', `/api/v1/attachments/${claimed.id}`);
    expect(download.body).toBe('contents of sent.txt');
  });
});
