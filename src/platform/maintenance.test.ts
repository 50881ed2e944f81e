import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { maintainTables, needsOwnMaintenance, type MaintenanceResult } from './maintenance.ts';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb.drop();
});

/** Activity counters reach other sessions within about a second: ask until the table shows up. */
async function maintainUntil(found: (result: MaintenanceResult) => boolean): Promise<MaintenanceResult> {
  let result: MaintenanceResult = { analyzed: [], vacuumed: [] };
  for (let attempt = 0; attempt < 30 && !found(result); attempt++) {
    result = await maintainTables(testDb.db);
    if (!found(result)) await sleep(200);
  }
  return result;
}

describe('table upkeep', () => {
  it('is Kefu’s job on the embedded database, and on a server only when autovacuum is off', async () => {
    const own = await needsOwnMaintenance(testDb.db);
    if (testDb.db.kind === 'pglite') expect(own).toBe(true);
    else expect(own).toBe((await testDb.db.query<{ autovacuum: string }>('SHOW autovacuum'))[0]!.autovacuum === 'off');
  });

  it('analyzes a table that grew, vacuums one whose rows were rewritten, then leaves both alone', async () => {
    const db = testDb.db;
    await db.exec(`CREATE TABLE upkeep_probe (id int PRIMARY KEY, state text); INSERT INTO upkeep_probe SELECT n, 'new' FROM generate_series(1, 2000) n`);
    const grown = await maintainUntil((result) => result.analyzed.includes('upkeep_probe'));
    expect(grown.analyzed).toContain('upkeep_probe');
    const [stats] = await db.query<{ rows: number }>(`SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'upkeep_probe'`);
    expect(stats!.rows).toBe(2000);

    await db.exec(`UPDATE upkeep_probe SET state = 'open'`);
    const rewritten = await maintainUntil((result) => result.vacuumed.includes('upkeep_probe'));
    expect(rewritten.vacuumed).toContain('upkeep_probe');
    const [dead] = await db.query<{ dead: number }>(`SELECT n_dead_tup AS dead FROM pg_stat_user_tables WHERE relname = 'upkeep_probe'`);
    expect(dead!.dead).toBe(0);

    const again = await maintainTables(db);
    expect(again.analyzed).not.toContain('upkeep_probe');
  });
});
