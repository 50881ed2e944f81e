/** Export: one workspace's rows from one snapshot, then its attachment files, to a file renamed into place at the end. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join, relative, sep } from 'node:path';
import type { Db, Sql } from '../db.ts';
import { migrate } from '../migrate.ts';
import { closeStream, syncFile } from './files.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, TransferError, UUID, type TransferRecord, type TransferSummary, type Value } from './format.ts';
import { appliedMigrations, orderingEdges, orderTables, quote, readSchema, setTextFormats, type TableInfo } from './schema.ts';

const ROWS_PER_RECORD = 500;
const BYTES_PER_RECORD = 1_000_000;
const FILE_CHUNK_BYTES = 192 * 1024;

export async function exportWorkspace(options: { db: Db; slug: string; file: string; attachmentsDir: string }): Promise<TransferSummary> {
  const { db } = options;
  await migrate(db);
  const workspace = (
    await db.query<{ id: string; slug: string; name: string }>('SELECT workspace_id::text AS id, slug, name FROM workspaces WHERE slug = $1', [options.slug])
  )[0];
  if (!workspace) throw new TransferError(`No workspace with the slug "${options.slug}".`);
  if (!UUID.test(workspace.id)) throw new TransferError(`Unexpected workspace id ${workspace.id}.`);

  // Written under a temporary name and renamed at the end: an interrupted export leaves no plausible file.
  const partial = `${options.file}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(dirname(partial), { recursive: true });
  const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  const write = async (record: TransferRecord): Promise<void> => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await Promise.race([once(out, 'drain'), once(out, 'error').then(([error]) => Promise.reject(error))]);
  };
  const summary: TransferSummary = { workspace, tables: 0, rows: 0, files: 0, fileBytes: 0 };
  const counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      // One snapshot for every table: the rows of a workspace in use still reference each other.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await setTextFormats(tx);
      const [version] = await tx.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      const schema = await readSchema(tx);
      await write({
        type: 'header',
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: new Date().toISOString(),
        source: { database: db.kind, serverVersion: version?.version ?? 'unknown' },
        migrations: await appliedMigrations(tx),
        workspace,
      });
      for (const name of orderTables([...schema.tables.keys()], orderingEdges(schema))) {
        const table = schema.tables.get(name)!;
        counts[name] = await exportTable(tx, table, workspace.id, write);
        summary.tables++;
        summary.rows += counts[name];
      }
    });
    const files = await exportFiles(join(options.attachmentsDir, workspace.id), write);
    summary.files = files.count;
    summary.fileBytes = files.bytes;
    await write({ type: 'end', tables: counts, files: files.count });
    await closeStream(out);
    await syncFile(partial);
    await rename(partial, options.file);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return summary;
}

async function exportTable(tx: Sql, table: TableInfo, workspaceId: string, write: (record: TransferRecord) => Promise<void>): Promise<number> {
  const columns = table.columns.map((column) => column.name);
  await write({ type: 'table', name: table.name, columns, types: table.columns.map((column) => column.type) });
  const select = columns.map((column, i) => `${quote(column)}::text AS c${i}`).join(', ');
  const orderBy = table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map(quote).join(', ')}` : '';
  // A cursor keeps memory flat whatever the table's size. The id is a checked uuid, safe to inline.
  await tx.query(`DECLARE kefu_export NO SCROLL CURSOR FOR SELECT ${select} FROM ${quote(table.name)} WHERE workspace_id = '${workspaceId}'${orderBy}`);
  let count = 0;
  let batch: Value[][] = [];
  let batchBytes = 0;
  const emit = async (): Promise<void> => {
    if (batch.length === 0) return;
    await write({ type: 'rows', table: table.name, rows: batch });
    batch = [];
    batchBytes = 0;
  };
  for (;;) {
    const rows = await tx.query<Record<string, Value>>(`FETCH ${ROWS_PER_RECORD} FROM kefu_export`);
    for (const row of rows) {
      const values = columns.map((_, i) => row[`c${i}`] ?? null);
      batch.push(values);
      batchBytes += values.reduce((sum, value) => sum + (value?.length ?? 4), 0);
      if (batch.length >= ROWS_PER_RECORD || batchBytes >= BYTES_PER_RECORD) await emit();
    }
    count += rows.length;
    if (rows.length < ROWS_PER_RECORD) break;
  }
  await emit();
  await tx.query('CLOSE kefu_export');
  return count;
}

async function exportFiles(root: string, write: (record: TransferRecord) => Promise<void>): Promise<{ count: number; bytes: number }> {
  const result = { count: 0, bytes: 0 };
  if (!existsSync(root)) return result;
  for (const path of await listFiles(root)) {
    // A `.part` file is an upload still being written; it belongs to no committed row.
    if (path.endsWith('.part')) continue;
    const name = relative(root, path).split(sep).join('/');
    const { size } = await stat(path);
    await write({ type: 'file', path: name, size });
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
      await write({ type: 'data', path: name, base64: (chunk as Buffer).toString('base64') });
    }
    await write({ type: 'file-end', path: name, sha256: hash.digest('hex') });
    result.count++;
    result.bytes += size;
  }
  return result;
}

async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
