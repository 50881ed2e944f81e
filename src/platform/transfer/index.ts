/**
 * Moves one workspace between installations (embedded PGlite ⇄ PostgreSQL server), whatever modules
 * exist: every table of schema public with a `workspace_id` column is copied, so a new module's tables
 * travel without changes here. PGlite bundles a newer PostgreSQL than most servers, so the data files
 * cannot be copied; values travel as PostgreSQL's own text form (`col::text` out, `$1::text::type` in),
 * which round-trips every type exactly (bytea, microsecond timestamps, jsonb, arrays, numeric).
 *
 * format.ts holds the file format and its validation, schema.ts the catalog reading and insert order,
 * export.ts and import.ts the two directions.
 */
export { exportWorkspace } from './export.ts';
export { importWorkspace } from './import.ts';
export { EXPORT_FORMAT, EXPORT_VERSION, TransferError, type TransferSummary } from './format.ts';
export { orderTables } from './schema.ts';
