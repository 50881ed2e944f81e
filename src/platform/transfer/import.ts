/** Import: a validated file loaded in one transaction (rows, self-references, sequences), attachments staged then moved in. */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db, Sql } from '../db.ts';
import { migrate } from '../migrate.ts';
import { syncDirectory } from './files.ts';
import { readRecords, scanFile, TransferError, type ScannedFile, type TransferSummary, type Value } from './format.ts';
import { appliedMigrations, orderingEdges, quote, readSchema, setTextFormats, type Schema, type TableInfo } from './schema.ts';

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
