import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../platform/db.ts';
import { migrate } from '../platform/migrate.ts';

/**
 * A throw-away, migrated database for one test file: an in-memory PGlite by default, or, when
 * DATABASE_URL is set, a new database on that server cloned from the migrated template that
 * the global setup prepared. `drop()` removes it.
 */
export interface TestDb {
  db: Db;
  url?: string;
  drop(): Promise<void>;
}

/** True when the tests run on a PostgreSQL server (DATABASE_URL set): server-only tests skip otherwise. */
export function isServerDatabase(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDb({});
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `kefu_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const template = process.env.KEFU_TEST_TEMPLATE;
    if (!template) throw new Error('KEFU_TEST_TEMPLATE is not set: run the tests through vitest (test/global-setup.ts)');
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const db = await openDb({ databaseUrl: url, poolSize: 20 });
  return {
    db,
    url,
    async drop() {
      await db.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
