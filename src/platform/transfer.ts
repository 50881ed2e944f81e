import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db, Sql } from './db.ts';
import { migrate } from './migrate.ts';

/**
 * Moves one workspace between installations (embedded PGlite ⇄ PostgreSQL server), whatever modules
 * exist: every table of schema public with a `workspace_id` column is copied, so a new module's tables
 * travel without changes here. PGlite bundles a newer PostgreSQL than most servers, so the data files
 * cannot be copied; values travel as PostgreSQL's own text form (`col::text` out, `$1::text::type` in),
 * which round-trips every type exactly (bytea, microsecond timestamps, jsonb, arrays, numeric).
 *
 * The file is JSON lines: a header (format version, migrations), then per table its columns and
 * batches of rows, in foreign-key order; then the workspace's attachment files in base64 chunks; then
 * an end record with counts, so a truncated file is detected before anything is written.
 */

export const EXPORT_FORMAT = 'kefu-workspace-export';
export const EXPORT_VERSION = 1;

/** A problem the operator can act on; the CLI prints the message alone. */
export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

type Value = string | null;

interface HeaderRecord {
  type: 'header';
  format: string;
  version: number;
  exportedAt: string;
  source: { database: string; serverVersion: string };
  migrations: string[];
  workspace: { id: string; slug: string; name: string };
}
interface TableRecord {
  type: 'table';
  name: string;
  columns: string[];
  types: string[];
}
interface RowsRecord {
  type: 'rows';
  table: string;
  rows: Value[][];
}
interface FileRecord {
  type: 'file';
  path: string;
  size: number;
}
interface DataRecord {
  type: 'data';
  path: string;
  base64: string;
}
interface FileEndRecord {
  type: 'file-end';
  path: string;
  sha256: string;
}
interface EndRecord {
  type: 'end';
  tables: Record<string, number>;
  files: number;
}
type TransferRecord = HeaderRecord | TableRecord | RowsRecord | FileRecord | DataRecord | FileEndRecord | EndRecord;

export interface TransferSummary {
  workspace: { id: string; slug: string; name: string };
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
}

// ---------------------------------------------------------------------------------------------------
// Schema, read from the catalog so the code knows no module.

interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
}
interface TableInfo {
  name: string;
  /** Insertable columns: generated ones are recomputed by the target. */
  columns: ColumnInfo[];
  primaryKey: string[];
}
interface ForeignKey {
  table: string;
  references: string;
  columns: string[];
  deferrable: boolean;
}
interface Schema {
  tables: Map<string, TableInfo>;
  foreignKeys: ForeignKey[];
}

async function readSchema(sql: Sql): Promise<Schema> {
  const columns = await sql.query<{ table: string; name: string; type: string; not_null: boolean; generated: boolean }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, a.attgenerated <> '' AS generated
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM pg_attribute w
                     WHERE w.attrelid = c.oid AND w.attname = 'workspace_id' AND w.attnum > 0 AND NOT w.attisdropped)
      ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, TableInfo>();
  for (const column of columns) {
    let table = tables.get(column.table);
    if (!table) {
      table = { name: column.table, columns: [], primaryKey: [] };
      tables.set(column.table, table);
    }
    if (!column.generated) table.columns.push({ name: column.name, type: column.type, notNull: column.not_null });
  }
  const keys = await sql.query<{ table: string; columns: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indisprimary AND n.nspname = 'public'
      GROUP BY c.relname`,
  );
  for (const key of keys) {
    const table = tables.get(key.table);
    if (table) table.primaryKey = key.columns;
  }
  const foreignKeys = await sql.query<ForeignKey>(
    `SELECT src.relname AS table, dst.relname AS references, con.condeferrable AS deferrable,
            (SELECT array_agg(a.attname::text ORDER BY k.ord)
               FROM unnest(con.conkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns
       FROM pg_constraint con
       JOIN pg_class src ON src.oid = con.conrelid
       JOIN pg_class dst ON dst.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = src.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public' AND con.conparentid = 0 AND NOT src.relispartition`,
  );
  return { tables, foreignKeys: foreignKeys.filter((fk) => tables.has(fk.table) && tables.has(fk.references)) };
}

/** Edges the insert order must respect: deferrable keys are checked at commit, self-references are handled per row. */
function orderingEdges(schema: Schema): ForeignKey[] {
  return schema.foreignKeys.filter((fk) => !fk.deferrable && fk.table !== fk.references);
}

/** Tables with every referenced table first (Kahn's algorithm, ties by name so exports are stable). */
export function orderTables(names: readonly string[], edges: readonly { table: string; references: string }[]): string[] {
  const pending = new Map(names.map((name) => [name, new Set<string>()]));
  for (const edge of edges) pending.get(edge.table)?.add(edge.references);
  const ordered: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter(([, needs]) => needs.size === 0).map(([name]) => name).sort();
    if (ready.length === 0) {
      throw new TransferError(
        `The foreign keys between tables ${[...pending.keys()].sort().join(', ')} form a cycle, so no insert order exists. ` +
          'Declare one of those constraints DEFERRABLE.',
      );
    }
    for (const name of ready) {
      ordered.push(name);
      pending.delete(name);
      for (const needs of pending.values()) needs.delete(name);
    }
  }
  return ordered;
}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Text forms that do not depend on how the server is configured: a server set to DateStyle 'SQL, DMY'
 * or extra_float_digits 0 would otherwise print values that read back as other values.
 */
async function setTextFormats(tx: Sql): Promise<void> {
  await tx.exec(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres';
    SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'`);
}

async function appliedMigrations(sql: Sql): Promise<string[]> {
  return (await sql.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((row) => row.name);
}

// ---------------------------------------------------------------------------------------------------
// Export

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

async function closeStream(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading a file: one pass to validate everything before the database is touched, one to load.

async function* readRecords(file: string): AsyncGenerator<{ record: TransferRecord; line: number }> {
  if (!existsSync(file)) throw new TransferError(`${file} does not exist.`);
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        throw new TransferError(`${file}, line ${line}: not valid JSON (the file is damaged or not a Kefu export).`);
      }
      if (typeof record !== 'object' || record === null || typeof (record as { type?: unknown }).type !== 'string') {
        throw new TransferError(`${file}, line ${line}: not a Kefu export record.`);
      }
      yield { record: record as TransferRecord, line };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

interface ScannedFile {
  header: HeaderRecord;
  tables: TableRecord[];
  counts: Map<string, number>;
  files: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isSafeRelativePath = (path: unknown): path is string =>
  typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');

/** Checks the whole file: structure, row widths, counts against the end record, file checksums. */
async function scanFile(file: string): Promise<ScannedFile> {
  let header: HeaderRecord | undefined;
  let current: TableRecord | undefined;
  let openFile: { path: string; size: number; received: number; hash: ReturnType<typeof createHash> } | undefined;
  let end: EndRecord | undefined;
  const tables: TableRecord[] = [];
  const counts = new Map<string, number>();
  const paths = new Set<string>();
  let files = 0;
  for await (const { record, line } of readRecords(file)) {
    const fail = (problem: string): never => {
      throw new TransferError(`${file}, line ${line}: ${problem}`);
    };
    if (!header) {
      if (record.type !== 'header' || record.format !== EXPORT_FORMAT) fail('this is not a Kefu workspace export (no header).');
      const candidate = record as HeaderRecord;
      if (typeof candidate.version !== 'number' || candidate.version > EXPORT_VERSION) fail(`export format version ${candidate.version} is newer than this Kefu understands (${EXPORT_VERSION}); upgrade Kefu.`);
      if (!isStringArray(candidate.migrations)) fail('the header has no migration list.');
      const ws = candidate.workspace as Partial<HeaderRecord['workspace']> | undefined;
      if (!ws || typeof ws.id !== 'string' || !UUID.test(ws.id) || typeof ws.slug !== 'string' || typeof ws.name !== 'string') fail('the header names no valid workspace.');
      header = candidate;
      continue;
    }
    if (end) fail('data after the end record.');
    if (openFile && record.type !== 'data' && record.type !== 'file-end') fail(`attachment ${openFile.path} is cut short.`);
    switch (record.type) {
      case 'table': {
        if (typeof record.name !== 'string' || !isStringArray(record.columns) || !isStringArray(record.types) || record.columns.length !== record.types.length) fail('malformed table record.');
        if (counts.has(record.name)) fail(`table ${record.name} appears twice.`);
        if (files > 0) fail('table data after the attachments.');
        current = record;
        tables.push(record);
        counts.set(record.name, 0);
        break;
      }
      case 'rows': {
        if (!current || record.table !== current.name) fail('rows outside their table.');
        if (!Array.isArray(record.rows)) fail('malformed rows record.');
        for (const row of record.rows) {
          if (!Array.isArray(row) || row.length !== current!.columns.length || !row.every((value) => value === null || typeof value === 'string')) {
            fail(`a row of ${current!.name} does not match its ${current!.columns.length} columns.`);
          }
        }
        counts.set(current!.name, counts.get(current!.name)! + record.rows.length);
        break;
      }
      case 'file': {
        if (!isSafeRelativePath(record.path) || paths.has(record.path)) fail('bad or repeated attachment path.');
        if (typeof record.size !== 'number' || record.size < 0) fail('bad attachment size.');
        paths.add(record.path);
        openFile = { path: record.path, size: record.size, received: 0, hash: createHash('sha256') };
        break;
      }
      case 'data': {
        if (!openFile || record.path !== openFile.path || typeof record.base64 !== 'string') fail('attachment data outside its file.');
        const bytes = Buffer.from(record.base64, 'base64');
        openFile!.received += bytes.length;
        openFile!.hash.update(bytes);
        break;
      }
      case 'file-end': {
        if (!openFile || record.path !== openFile.path) fail('attachment end outside its file.');
        if (openFile!.received !== openFile!.size || openFile!.hash.digest('hex') !== record.sha256) fail(`attachment ${openFile!.path} is damaged (size or checksum differs).`);
        openFile = undefined;
        files++;
        break;
      }
      case 'end': {
        if (typeof record.tables !== 'object' || record.tables === null) fail('malformed end record.');
        end = record;
        break;
      }
      default:
        fail(`unknown record type ${JSON.stringify((record as { type: string }).type)}.`);
    }
  }
  if (!header) throw new TransferError(`${file} is empty.`);
  if (!end) throw new TransferError(`${file} is incomplete (no end record): the export was interrupted or the file was cut.`);
  const expected = Object.entries(end.tables);
  if (expected.length !== counts.size || expected.some(([name, count]) => counts.get(name) !== count) || end.files !== files) {
    throw new TransferError(`${file} is damaged: its row or file counts do not match its end record.`);
  }
  return { header, tables, counts, files };
}

// ---------------------------------------------------------------------------------------------------
// Import

const MAX_PARAMETERS = 30_000;

export async function importWorkspace(options: { db: Db; file: string; attachmentsDir: string }): Promise<TransferSummary> {
  const { db, file } = options;
  const scanned = await scanFile(file);
  const { header } = scanned;
  const workspace = header.workspace;
  const finalDir = join(options.attachmentsDir, workspace.id);
  if (existsSync(finalDir) && readdirSync(finalDir).length > 0) {
    throw new TransferError(`${finalDir} already holds files; refusing to mix them with the imported attachments.`);
  }

  await migrate(db);
  const applied = await appliedMigrations(db);
  const unknown = header.migrations.filter((name) => !applied.includes(name));
  if (unknown.length) throw new TransferError(`The file comes from a newer Kefu (migrations ${unknown.join(', ')} are unknown here). Upgrade this installation first.`);
  const missing = applied.filter((name) => !header.migrations.includes(name));
  if (missing.length) {
    throw new TransferError(`The file was exported before migrations ${missing.join(', ')}. Export it again with this version of Kefu (export migrates the source first).`);
  }

  const staging = join(options.attachmentsDir, `.import-${workspace.id}-${randomBytes(4).toString('hex')}`);
  const summary: TransferSummary = { workspace, tables: scanned.tables.length, rows: 0, files: 0, fileBytes: 0 };
  try {
    await db.transaction(async (tx) => {
      const taken = await tx.query<{ slug: string }>('SELECT slug FROM workspaces WHERE workspace_id = $1 OR slug = $2', [workspace.id, workspace.slug]);
      if (taken.length) {
        throw new TransferError(
          `This database already has a workspace ${taken[0]!.slug === workspace.slug ? `with the slug "${workspace.slug}"` : `with the id ${workspace.id}`}. Nothing was imported.`,
        );
      }
      const schema = await readSchema(tx);
      checkTablesMatch(scanned, schema);
      await setTextFormats(tx);
      // Deferrable keys are checked at commit, so their order does not matter.
      await tx.query('SET CONSTRAINTS ALL DEFERRED');
      const loaded = await loadRecords(tx, file, schema, staging);
      summary.rows = loaded.rows;
      summary.files = loaded.files;
      summary.fileBytes = loaded.bytes;
      await advanceSequences(tx, [...schema.tables.keys()]);
    });
    if (existsSync(staging)) {
      await rm(finalDir, { recursive: true, force: true });
      await rename(staging, finalDir);
      await syncDirectory(options.attachmentsDir);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw translateDatabaseError(error);
  }
  return summary;
}

function checkTablesMatch(scanned: ScannedFile, schema: Schema): void {
  const position = new Map(scanned.tables.map((table, i) => [table.name, i]));
  for (const table of scanned.tables) {
    const target = schema.tables.get(table.name);
    const describe = (columns: string[], types: string[]): string => columns.map((column, i) => `${column} ${types[i]}`).join(', ');
    if (!target) throw new TransferError(`Table ${table.name} of the file does not exist in this database, although the migrations match.`);
    const targetColumns = target.columns.map((column) => column.name);
    const targetTypes = target.columns.map((column) => column.type);
    if (describe(table.columns, table.types) !== describe(targetColumns, targetTypes)) {
      throw new TransferError(`Table ${table.name} differs between the file (${describe(table.columns, table.types)}) and this database (${describe(targetColumns, targetTypes)}).`);
    }
  }
  const absent = [...schema.tables.keys()].filter((name) => !position.has(name));
  if (absent.length) throw new TransferError(`The file has no section for table(s) ${absent.join(', ')} of this database, although the migrations match.`);
  for (const fk of orderingEdges(schema)) {
    if (position.get(fk.references)! > position.get(fk.table)!) {
      throw new TransferError(`The file lists ${fk.table} before ${fk.references}, which it references; it was not written by kefu export.`);
    }
  }
}

interface TableLoader {
  table: TableInfo;
  columns: string[];
  /** Self-referencing keys: inserted as NULL, set once every row of the table exists. */
  nulled: number[];
  deferred: Value[][];
  pending: Value[][];
}

async function loadRecords(tx: Sql, file: string, schema: Schema, staging: string): Promise<{ rows: number; files: number; bytes: number }> {
  const result = { rows: 0, files: 0, bytes: 0 };
  let loader: TableLoader | undefined;
  let output: Awaited<ReturnType<typeof open>> | undefined;

  const finishTable = async (): Promise<void> => {
    if (!loader) return;
    await insertRows(tx, loader);
    await restoreSelfReferences(tx, loader);
    loader = undefined;
  };

  try {
    for await (const { record } of readRecords(file)) {
      switch (record.type) {
        case 'table': {
          await finishTable();
          const table = schema.tables.get(record.name)!;
          loader = { table, columns: record.columns, nulled: selfReferenceColumns(schema, table, record.columns), deferred: [], pending: [] };
          break;
        }
        case 'rows': {
          const current = loader!;
          for (const row of record.rows) {
            if (current.nulled.some((i) => row[i] !== null)) {
              current.deferred.push(row);
              current.pending.push(row.map((value, i) => (current.nulled.includes(i) ? null : value)));
            } else current.pending.push(row);
            if (current.pending.length * current.columns.length >= MAX_PARAMETERS) await insertRows(tx, current);
          }
          result.rows += record.rows.length;
          break;
        }
        case 'file': {
          await finishTable();
          const target = join(staging, ...record.path.split('/'));
          await mkdir(dirname(target), { recursive: true });
          output = await open(target, 'wx', 0o600);
          break;
        }
        case 'data': {
          const bytes = Buffer.from(record.base64, 'base64');
          await output!.write(bytes);
          result.bytes += bytes.length;
          break;
        }
        case 'file-end': {
          await output!.sync();
          await output!.close();
          output = undefined;
          result.files++;
          break;
        }
        case 'end':
          await finishTable();
          break;
        default:
          break;
      }
    }
  } finally {
    await output?.close().catch(() => undefined);
  }
  return result;
}

/**
 * Positions of the nullable columns of each self-referencing key: a row may point at a row later in
 * the file (a merged ticket, a parent category), so the pointer is written after the whole table.
 */
function selfReferenceColumns(schema: Schema, table: TableInfo, columns: string[]): number[] {
  const positions = new Set<number>();
  for (const fk of schema.foreignKeys) {
    if (fk.table !== table.name || fk.references !== table.name || fk.deferrable) continue;
    const nullable = fk.columns.filter((column) => !table.columns.find((c) => c.name === column)?.notNull);
    if (nullable.length === 0) throw new TransferError(`Table ${table.name} references itself through NOT NULL columns; its rows cannot be loaded in any order.`);
    if (table.primaryKey.length === 0) throw new TransferError(`Table ${table.name} references itself but has no primary key.`);
    for (const column of nullable) positions.add(columns.indexOf(column));
  }
  return [...positions].sort((a, b) => a - b);
}

const typeOf = (table: TableInfo, column: string): string => table.columns.find((c) => c.name === column)!.type;

async function insertRows(tx: Sql, loader: TableLoader): Promise<void> {
  const { table, columns } = loader;
  while (loader.pending.length > 0) {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const batch = loader.pending.splice(0, perStatement);
    const params: Value[] = [];
    const tuples = batch.map((row) => `(${row.map((value, i) => `$${params.push(value)}::text::${typeOf(table, columns[i]!)}`).join(', ')})`);
    // OVERRIDING SYSTEM VALUE: identity columns keep the exported ids (the sequences are advanced afterwards).
    await tx.query(`INSERT INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, params);
  }
}

async function restoreSelfReferences(tx: Sql, loader: TableLoader): Promise<void> {
  const { table, columns } = loader;
  for (const row of loader.deferred) {
    const params: Value[] = [];
    const set = loader.nulled.map((i) => `${quote(columns[i]!)} = $${params.push(row[i]!)}::text::${typeOf(table, columns[i]!)}`);
    const where = table.primaryKey.map((key) => `${quote(key)} = $${params.push(row[columns.indexOf(key)]!)}::text::${typeOf(table, key)}`);
    await tx.query(`UPDATE ${quote(table.name)} SET ${set.join(', ')} WHERE ${where.join(' AND ')}`, params);
  }
  loader.deferred = [];
}

/** Identity and serial sequences are shared by all workspaces: move them past the imported ids. */
async function advanceSequences(tx: Sql, tables: string[]): Promise<void> {
  const sequences = await tx.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY($1::text[])
        AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    [tables],
  );
  for (const { table, column, sequence } of sequences) {
    // The sequence name comes from the catalog, already quoted by pg_get_serial_sequence.
    await tx.query(
      `SELECT setval($1::regclass, m.max)
         FROM (SELECT max(${quote(column)}) AS max FROM ${quote(table)}) m, ${sequence} s
        WHERE m.max > (CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END)`,
      [sequence],
    );
  }
}

async function syncDirectory(path: string): Promise<void> {
  try {
    await syncFile(path);
  } catch {
    // Directories cannot be opened for fsync on every platform (Windows); the rename itself stands.
  }
}

/** Database errors during import become messages about the data, since nothing was written. */
function translateDatabaseError(error: unknown): unknown {
  if (error instanceof TransferError || !(error instanceof Error)) return error;
  const { code, detail, table } = error as Error & { code?: string; detail?: string; table?: string };
  const where = table ? ` in table ${table}` : '';
  const why = detail ? ` (${detail})` : '';
  if (code === '23505') return new TransferError(`A row${where} conflicts with data already in this database${why}. Nothing was imported.`);
  if (code === '23503') return new TransferError(`A row${where} references a row missing from the file${why}; the file is damaged. Nothing was imported.`);
  if (code?.startsWith('22') || code?.startsWith('23')) return new TransferError(`The file holds a value this database rejects${where}: ${error.message}${why}. Nothing was imported.`);
  return error;
}
