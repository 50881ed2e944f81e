import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, type Kernel } from '../kernel.ts';
import type { Actor } from '../platform/actor.ts';
import { ManualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import type { Db, Sql } from '../platform/db.ts';
import { newId } from '../platform/ids.ts';
import { silentLogger } from '../platform/logger.ts';
import { emitEvent } from '../platform/outbox.ts';
import { scheduleTimer } from '../platform/timers.ts';
import { exportWorkspace, importWorkspace, orderTables, TransferError } from '../platform/transfer/index.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { runTransfer } from './transfer.ts';

// Not a migration: a table only these tests create, on both sides, to carry every awkward type and a
// self-reference that points forward (row 1 → row 2), through the same generic code as real tables.
const PROBE_TABLE = `
  CREATE TABLE transfer_probe (
    workspace_id uuid        NOT NULL REFERENCES workspaces (workspace_id),
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    parent_id    bigint,
    data         bytea,
    at           timestamptz,
    day          date,
    doc          jsonb,
    tags         text[],
    amount       numeric(20, 6),
    ratio        double precision,
    span         interval,
    flag         boolean,
    note         text,
    note_length  int GENERATED ALWAYS AS (length(note)) STORED,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, parent_id) REFERENCES transfer_probe (workspace_id, id)
  )`;

const tempRoot = mkdtempSync(join(tmpdir(), 'kefu-transfer-'));
const sourceDataDir = join(tempRoot, 'source');
const exportFile = join(tempRoot, 'workspace.kefu.jsonl');
const targetAttachments = join(tempRoot, 'target-attachments');

let source: Kernel;
let target: TestDb;
let workspaceId: string;
let slug: string;
const attachmentBytes = new Map<string, Buffer>();

const systemActor = (id: string): Actor => ({ workspaceId: id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' });

async function workspaceTables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id')
      ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** Every row of the workspace in every table, as PostgreSQL prints it (exact, and equal across versions). */
async function snapshot(db: Db, id: string): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL TIME ZONE 'UTC'`);
    const result: Record<string, string[]> = {};
    for (const table of await workspaceTables(tx)) {
      const rows = await tx.query<{ r: string }>(`SELECT t::text AS r FROM "${table}" t WHERE workspace_id = $1 ORDER BY 1`, [id]);
      result[table] = rows.map((row) => row.r);
    }
    return result;
  });
}

async function countAll(db: Db): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of await workspaceTables(db)) result[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`))[0]!.n;
  return result;
}

async function seedWorkspace(kernel: Kernel): Promise<void> {
  const { services, db, clock } = kernel;
  slug = `acme-${newId().slice(0, 6)}`;
  const workspace = await services.workspaces.createWorkspace({ name: 'Acme 客服', slug, timezone: 'Asia/Shanghai' });
  workspaceId = workspace.id;
  const system = systemActor(workspace.id);
  const admin = await services.identity.createUser(system, { email: `admin@${slug}.test`, name: 'Admin', role: 'admin', password: 'correct-horse-42' });
  const agent = await services.identity.createUser(system, { email: `agent@${slug}.test`, name: '王小明', role: 'agent', skills: [{ skill: 'billing', level: 3 }] });
  const adminActor: Actor = { ...system, kind: 'user', userId: admin.id };
  await services.identity.createTeam(adminActor, { name: 'Billing', kind: 'team', memberIds: [admin.id, agent.id] });
  await services.identity.createApiToken(adminActor, { name: 'CRM sync', scopes: ['tickets.read'] });
  await services.identity.login({ email: `admin@${slug}.test`, password: 'correct-horse-42', ip: '127.0.0.1' });

  // Another workspace on the same source: none of it may travel.
  const other = await services.workspaces.createWorkspace({ name: 'Other', slug: `other-${newId().slice(0, 6)}` });
  await services.identity.createUser(systemActor(other.id), { email: `someone@${other.slug}.test`, name: 'Someone', role: 'agent' });

  kernel.dispatcher.subscribe({ name: 'transfer-test', types: ['probe.dispatched'], handle: async () => undefined });
  kernel.timers.register('transfer.test', async () => undefined);
  await db.transaction(async (tx) => {
    for (let i = 0; i < 5; i++) {
      await emitEvent(tx, clock, { workspaceId, type: i < 2 ? 'probe.dispatched' : 'probe.pending', aggregateType: 'probe', aggregateId: String(i), payload: { i, text: '中文 "quoted"\n' } });
    }
    await scheduleTimer(tx, clock, { workspaceId, key: 'probe:due', kind: 'transfer.test', dueAt: clock.now(), payload: { a: 1 } });
    await scheduleTimer(tx, clock, { workspaceId, key: 'probe:later', kind: 'transfer.test', dueAt: new Date(clock.now().getTime() + 86_400_000) });
  });
  await kernel.dispatcher.drain();
  await kernel.timers.drain();

  await db.exec(PROBE_TABLE);
  await db.query(
    `INSERT INTO transfer_probe (workspace_id, data, at, day, doc, tags, amount, ratio, span, flag, note) VALUES
       ($1, '\\x00ff10'::bytea, '2026-03-02 01:02:03.123456+00', '2026-02-28', '{"b": [1, 2.5, null], "a": "é"}', '{"a b","c,d","",NULL}', 12345678901234.123456, 0.1, '1 day 02:03:04.5', true, 'first'),
       ($1, $2, '1999-12-31 23:59:59.999999+08', '0001-01-01', '"plain"', '{}', -0.000001, 1e-300, '-3 mons', false, NULL),
       ($1, NULL, NULL, NULL, NULL, NULL, NULL, 'NaN', NULL, NULL, 'tab\there, quote '' and backslash \\')`,
    [workspaceId, randomBytes(3000)],
  );
  await db.query(`UPDATE transfer_probe SET parent_id = 2 WHERE workspace_id = $1 AND id = 1`, [workspaceId]);
  await db.query(`UPDATE transfer_probe SET parent_id = 1 WHERE workspace_id = $1 AND id = 3`, [workspaceId]);

  const attachments = join(sourceDataDir, 'attachments', workspaceId);
  mkdirSync(attachments, { recursive: true });
  for (const size of [0, 10, 500_000]) {
    const name = newId();
    const bytes = randomBytes(size);
    writeFileSync(join(attachments, name), bytes);
    attachmentBytes.set(name, bytes);
  }
  writeFileSync(join(attachments, `${newId()}.part`), 'an upload still in progress');
}

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: sourceDataDir, KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', KEFU_SEED_DEMO: 'never' });
  source = await createKernel({ config, clock: new ManualClock('2026-03-02T01:00:00Z'), logger: silentLogger, runWorkers: false });
  await seedWorkspace(source);
  await source.close();
  // Through the command itself; it opens the data directory the kernel just released.
  await runTransfer(config, 'export', { workspace: slug, out: exportFile });

  target = await createTestDb();
  await target.db.exec(PROBE_TABLE);
});

afterAll(async () => {
  await target?.drop();
  rmSync(tempRoot, { recursive: true, force: true });
});

/** A copy of the export with its lines changed by `edit`. */
function variant(name: string, edit: (lines: string[]) => string[]): string {
  const lines = readFileSync(exportFile, 'utf8').split('\n').filter(Boolean);
  const file = join(tempRoot, name);
  writeFileSync(file, `${edit(lines).join('\n')}\n`);
  return file;
}
/** What a failed import left in the target's attachment folder: nothing, not even a staging folder. */
const leftovers = (): string[] => (existsSync(targetAttachments) ? readdirSync(targetAttachments) : []);
const lineIndex = (lines: string[], type: string, predicate: (record: Record<string, unknown>) => boolean = () => true): number =>
  lines.findIndex((line) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    return record.type === type && predicate(record);
  });

describe('kefu export / import', () => {
  it('writes a header, every table in foreign-key order, the attachments and an end record', () => {
    const records = readFileSync(exportFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ type: 'header', format: 'kefu-workspace-export', version: 1, workspace: { id: workspaceId, slug } });
    expect((records[0]!.migrations as string[])[0]).toBe('0001_platform.sql');
    const tables = records.filter((r) => r.type === 'table').map((r) => r.name as string);
    expect(tables.indexOf('workspaces')).toBeLessThan(tables.indexOf('users'));
    expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('team_members'));
    expect(tables.indexOf('teams')).toBeLessThan(tables.indexOf('team_members'));
    expect(tables).not.toContain('schema_migrations');
    const probe = records.find((r) => r.type === 'table' && r.name === 'transfer_probe')!;
    expect(probe.columns).not.toContain('note_length');
    expect(records.filter((r) => r.type === 'file')).toHaveLength(3);
    expect(records.at(-1)).toMatchObject({ type: 'end', files: 3 });
    expect(JSON.stringify(records)).not.toContain('someone@');
  });

  it('refuses a damaged or mismatched file with a clear error and leaves the target untouched', async () => {
    const before = await countAll(target.db);
    const attempt = (file: string) => importWorkspace({ db: target.db, file, attachmentsDir: targetAttachments });
    const cases: [string, string, RegExp][] = [
      [variant('truncated', (lines) => lines.slice(0, -1)), 'truncated', /incomplete \(no end record\)/],
      [variant('garbage', (lines) => lines.map((line, i) => (i === 3 ? line.slice(0, 20) : line))), 'bad JSON', /line 4: not valid JSON/],
      [variant('not-export', () => ['{"type":"rows"}']), 'not an export', /not a Kefu workspace export/],
      [variant('row-lost', (lines) => lines.filter((_, i) => i !== lineIndex(lines, 'rows', (r) => r.table === 'users'))), 'lost rows', /counts do not match/],
      [
        variant('future', (lines) => [JSON.stringify({ ...JSON.parse(lines[0]!), migrations: [...JSON.parse(lines[0]!).migrations, '9999_future.sql'] }), ...lines.slice(1)]),
        'newer migrations',
        /newer Kefu \(migrations 9999_future\.sql/,
      ],
      [
        variant('older', (lines) => [JSON.stringify({ ...JSON.parse(lines[0]!), migrations: ['0001_platform.sql'] }), ...lines.slice(1)]),
        'older migrations',
        /exported before migrations 0002_identity\.sql/,
      ],
      [
        variant('bad-file', (lines) => lines.map((line) => (JSON.parse(line).type === 'data' ? JSON.stringify({ ...JSON.parse(line), base64: 'AAAA' }) : line))),
        'damaged attachment',
        /is damaged \(size or checksum differs\)/,
      ],
      [
        variant('bad-value', (lines) => {
          const i = lineIndex(lines, 'rows', (r) => r.table === 'users');
          const record = JSON.parse(lines[i]!);
          record.rows[0][1] = 'not-a-uuid';
          return lines.map((line, j) => (j === i ? JSON.stringify(record) : line));
        }),
        'value rejected by the database, after the workspace row was inserted',
        /value this database rejects in table|invalid input syntax for type uuid/,
      ],
    ];
    for (const [file, label, message] of cases) {
      await expect(attempt(file), label).rejects.toThrow(TransferError);
      await expect(attempt(file), label).rejects.toThrow(message);
    }
    expect(await countAll(target.db)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('refuses, without writing anything, when a row conflicts with data on the target', async () => {
    // E-mail addresses are unique across an installation: a user elsewhere on the target blocks the import.
    const otherId = newId();
    await target.db.query(`INSERT INTO workspaces (workspace_id, name, slug, created_at) VALUES ($1, 'Taken', $2, now())`, [otherId, `taken-${otherId.slice(0, 6)}`]);
    await target.db.query(
      `INSERT INTO users (workspace_id, id, email, name, role, created_at, updated_at) VALUES ($1, $2, $3, 'Clash', 'agent', now(), now())`,
      [otherId, newId(), `agent@${slug}.test`],
    );
    const before = await countAll(target.db);
    await expect(importWorkspace({ db: target.db, file: exportFile, attachmentsDir: targetAttachments })).rejects.toThrow(
      /A row in table users conflicts with data already in this database .*Nothing was imported/,
    );
    expect(await countAll(target.db)).toEqual(before);
    expect(leftovers()).toEqual([]);
    await target.db.query('DELETE FROM users WHERE workspace_id = $1', [otherId]);
    await target.db.query('DELETE FROM workspaces WHERE workspace_id = $1', [otherId]);
  });

  it(`moves every row of the workspace exactly, and its attachments (${'target: PostgreSQL server or a second PGlite'})`, async () => {
    const summary = await importWorkspace({ db: target.db, file: exportFile, attachmentsDir: targetAttachments });
    expect(summary).toMatchObject({ workspace: { id: workspaceId, slug }, files: 3 });

    const reopened = await createKernel({
      config: loadConfig({ DATA_DIR: sourceDataDir, KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent' }),
      logger: silentLogger,
      runWorkers: false,
    });
    try {
      const expected = await snapshot(reopened.db, workspaceId);
      const actual = await snapshot(target.db, workspaceId);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
      // The seeding reached the tables this test is about.
      for (const table of ['workspaces', 'users', 'teams', 'team_members', 'user_skills', 'sessions', 'api_tokens', 'audit_log', 'outbox_events', 'outbox_deliveries', 'timers', 'transfer_probe']) {
        expect(expected[table]?.length, table).toBeGreaterThan(0);
      }
      expect(expected.transfer_probe).toHaveLength(3);
    } finally {
      await reopened.close();
    }

    const copied = readdirSync(join(targetAttachments, workspaceId)).sort();
    expect(copied).toEqual([...attachmentBytes.keys()].sort());
    for (const [name, bytes] of attachmentBytes) expect(readFileSync(join(targetAttachments, workspaceId, name)).equals(bytes)).toBe(true);

    // And back: the target exports the very same file (values in the same text form, rows in the same order).
    const again = join(tempRoot, 'again.jsonl');
    await exportWorkspace({ db: target.db, slug, file: again, attachmentsDir: targetAttachments });
    const body = (file: string): string[] => readFileSync(file, 'utf8').split('\n').slice(1);
    expect(body(again)).toEqual(body(exportFile));

    // Sequences moved past the imported ids: new rows of the workspace do not collide with them.
    await target.db.query(`INSERT INTO transfer_probe (workspace_id, note) VALUES ($1, 'after import')`, [workspaceId]);
    await target.db.transaction((tx) => emitEvent(tx, { now: () => new Date() }, { workspaceId, type: 'probe.after', aggregateType: 'probe', aggregateId: 'x' }));
    const [probe] = await target.db.query<{ id: number }>(`SELECT max(id) AS id FROM transfer_probe WHERE workspace_id = $1`, [workspaceId]);
    expect(probe!.id).toBe(4);
  });

  it('refuses to import a workspace that already exists', async () => {
    const before = await countAll(target.db);
    await expect(importWorkspace({ db: target.db, file: exportFile, attachmentsDir: join(tempRoot, 'elsewhere') })).rejects.toThrow(
      `This database already has a workspace with the slug "${slug}". Nothing was imported.`,
    );
    expect(await countAll(target.db)).toEqual(before);
  });

  it('explains its usage and an unknown workspace', async () => {
    const config = loadConfig({ DATA_DIR: sourceDataDir, KEFU_LOG_LEVEL: 'silent' });
    await expect(runTransfer(config, 'export', { out: 'x' })).rejects.toThrow('Usage: kefu export --workspace SLUG --out FILE');
    await expect(runTransfer(config, 'import', {})).rejects.toThrow('Usage: kefu import --file FILE');
    await expect(runTransfer(config, 'export', { workspace: 'nope', out: join(tempRoot, 'nope.jsonl') })).rejects.toThrow('No workspace with the slug "nope".');
    expect(readdirSync(tempRoot).filter((name) => name.startsWith('nope'))).toEqual([]);
  });
});

describe('orderTables', () => {
  it('puts referenced tables first and reports a cycle', () => {
    expect(orderTables(['c', 'b', 'a'], [{ table: 'c', references: 'b' }, { table: 'b', references: 'a' }])).toEqual(['a', 'b', 'c']);
    expect(() => orderTables(['a', 'b'], [{ table: 'a', references: 'b' }, { table: 'b', references: 'a' }])).toThrow(/tables a, b form a cycle/);
  });
});
