import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { DataDirFlusher, lockDataDir } from './durability.ts';

export type Row = Record<string, unknown>;

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * Makes committed data survive an OS crash (embedded mode: fsyncs the data files changed since the
   * last flush, see durability.ts); a no-op on a server, which fsyncs every commit itself.
   */
  flush(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

// Both drivers return the same JS types: counts and ids as numbers, dates as ISO 'YYYY-MM-DD' strings.
const toNumber = (value: string): number => Number(value);
const keepString = (value: string): string => value;

export async function openDb(options: { databaseUrl?: string; dataDir?: string; poolSize?: number }): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 20);
  return openPglite(options.dataDir);
}

function openPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
        if (oid === DATE_OID) return keepString;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (server restart) must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  let listenClient: pg.PoolClient | undefined;
  const listeners = new Map<string, Set<(payload: string) => void>>();

  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]): Promise<T[]> => {
    const result = await client.query(text, params as unknown[] | undefined);
    return result.rows as T[];
  };

  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    exec: async (script) => {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (text, params) => run(client, text, params),
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!listenClient) {
        listenClient = await pool.connect();
        listenClient.on('notification', (message) => {
          for (const handler of listeners.get(message.channel) ?? []) handler(message.payload ?? '');
        });
      }
      let handlers = listeners.get(channel);
      if (!handlers) {
        handlers = new Set();
        listeners.set(channel, handlers);
        await listenClient.query(`LISTEN "${channel.replaceAll('"', '')}"`);
      }
      handlers.add(onPayload);
      return async () => {
        handlers.delete(onPayload);
      };
    },
    async close() {
      listenClient?.release();
      listenClient = undefined;
      await pool.end();
    },
    async flush() {},
  };
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let lite: PGlite;
  try {
    lite = await PGlite.create({
      dataDir,
      extensions: { pg_trgm },
      parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber, [DATE_OID]: keepString },
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const flusher = dataDir ? new DataDirFlusher(dataDir) : undefined;
  // Before anyone writes: makes durable what initdb, crash recovery or a killed predecessor left unsynced.
  await flusher?.flushAll().catch(async (error: unknown) => {
    await lite.close().finally(unlock);
    throw error;
  });
  const run = async <T>(target: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]): Promise<T[]> => {
    const result = await target.query<T>(text, params as unknown[] | undefined);
    return result.rows;
  };
  return {
    kind: 'pglite',
    query: (text, params) => run(lite, text, params),
    exec: async (script) => {
      await lite.exec(script);
    },
    transaction: (work) =>
      lite.transaction((tx) =>
        work({
          query: (text, params) => run(tx, text, params),
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    async listen(channel, onPayload) {
      return lite.listen(channel, onPayload);
    },
    async close() {
      try {
        await lite.close();
        // Closing writes a shutdown checkpoint; make it durable too.
        flusher?.flush();
      } finally {
        unlock();
      }
    },
    async flush() {
      flusher?.flush();
    },
  };
}
