/** The tables to move, read from the catalog so the code knows no module, and the SQL helpers both directions share. */
import type { Sql } from '../db.ts';
import { TransferError } from './format.ts';

export interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
}
export interface TableInfo {
  name: string;
  /** Insertable columns: generated ones are recomputed by the target. */
  columns: ColumnInfo[];
  primaryKey: string[];
}
export interface ForeignKey {
  table: string;
  references: string;
  columns: string[];
  deferrable: boolean;
}
export interface Schema {
  tables: Map<string, TableInfo>;
  foreignKeys: ForeignKey[];
}

export async function readSchema(sql: Sql): Promise<Schema> {
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
export function orderingEdges(schema: Schema): ForeignKey[] {
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

export const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Text forms that do not depend on how the server is configured: a server set to DateStyle 'SQL, DMY'
 * or extra_float_digits 0 would otherwise print values that read back as other values.
 */
export async function setTextFormats(tx: Sql): Promise<void> {
  await tx.exec(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres';
    SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'`);
}

export async function appliedMigrations(sql: Sql): Promise<string[]> {
  return (await sql.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((row) => row.name);
}
