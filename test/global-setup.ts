import pg from 'pg';
import { openDb } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { dropDatabase, withDatabase } from '../src/testing/test-db.ts';

// One template per test run, so concurrent runs on the same server do not disturb each other.
const TEMPLATE_DB = `kefu_test_${Date.now().toString(36)}_template_${process.pid}`;

/** On a PostgreSQL server: build a fresh migrated template that every test file clones, and sweep leftovers. */
export async function setup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  process.env.KEFU_TEST_TEMPLATE = TEMPLATE_DB;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Databases left by an interrupted earlier run (older than an hour) are dropped.
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'kefu_test_%'`,
    );
    for (const { datname } of stale.rows) {
      const createdAt = parseInt(datname.split('_')[2] ?? '', 36);
      if (Number.isFinite(createdAt) && Date.now() - createdAt > 3_600_000) await dropDatabase(serverUrl, datname);
    }
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = await openDb({ databaseUrl: withDatabase(serverUrl, TEMPLATE_DB), poolSize: 1 });
  await migrate(db);
  await db.close();
}

export async function teardown(): Promise<void> {
  if (process.env.DATABASE_URL) await dropDatabase(process.env.DATABASE_URL, TEMPLATE_DB);
}
