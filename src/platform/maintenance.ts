import type { Db } from './db.ts';

/**
 * Table upkeep where nothing else does it. Embedded PostgreSQL has no autovacuum, and a server may run
 * with it switched off: then planner statistics describe the tables as they were when small (a list
 * over 100,000 tickets took 130 ms instead of 4 ms with stale ones) and updated rows are never
 * reclaimed. The thresholds are autovacuum's defaults.
 */
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;

/** Whether Kefu must look after its tables itself (always embedded; on a server only with autovacuum off). */
export async function needsOwnMaintenance(db: Db): Promise<boolean> {
  if (db.kind === 'pglite') return true;
  const rows = await db.query<{ autovacuum: string }>('SHOW autovacuum');
  return rows[0]?.autovacuum === 'off';
}

export interface MaintenanceResult {
  analyzed: string[];
  vacuumed: string[];
}

/** Vacuums tables with many dead rows and analyzes tables that changed much since their statistics. */
export async function maintainTables(db: Db): Promise<MaintenanceResult> {
  const tables = await db.query<{ name: string; live: number; dead: number; modified: number }>(
    `SELECT relname AS name, n_live_tup AS live, n_dead_tup AS dead, n_mod_since_analyze AS modified
       FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`,
  );
  const result: MaintenanceResult = { analyzed: [], vacuumed: [] };
  for (const table of tables) {
    const vacuum = table.dead > VACUUM_BASE + VACUUM_SCALE * table.live;
    const analyze = table.modified > ANALYZE_BASE + ANALYZE_SCALE * table.live;
    if (!vacuum && !analyze) continue;
    const name = `"${table.name.replaceAll('"', '""')}"`;
    // VACUUM cannot run inside a transaction: exec sends it on its own.
    await db.exec(vacuum ? `VACUUM (ANALYZE) ${name}` : `ANALYZE ${name}`);
    if (vacuum) result.vacuumed.push(table.name);
    result.analyzed.push(table.name);
  }
  return result;
}
