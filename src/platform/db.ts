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
  /** On a transaction: rows waiting to be written just before it commits (see `deferWrite`). */
  readonly deferred?: DeferredWrites;
}

/** A kind of row that may be written late and many at once (outbox events, audit entries). */
export interface DeferredKind<Row> {
  write(sql: Sql, rows: Row[]): Promise<void>;
}

/**
 * Append-only rows collected during a transaction and written as one multi-row statement per kind
 * right before it commits. A request that writes an audit entry and two events then costs one round
 * trip for each kind per transaction instead of one per row, and a batch of creates shares them too.
 * Only for rows nobody reads back in the same transaction.
 */
export class DeferredWrites {
  readonly #pending = new Map<DeferredKind<never>, unknown[]>();

  add<Row>(kind: DeferredKind<Row>, row: Row): void {
    const rows = this.#pending.get(kind as DeferredKind<never>) ?? [];
    rows.push(row);
    this.#pending.set(kind as DeferredKind<never>, rows);
  }

  /** Writes everything pending, in the order the kinds were first used (a write may defer more). */
  async flush(sql: Sql): Promise<void> {
    while (this.#pending.size > 0) {
      const [kind, rows] = this.#pending.entries().next().value as [DeferredKind<unknown>, unknown[]];
      this.#pending.delete(kind as DeferredKind<never>);
      await kind.write(sql, rows);
    }
  }

  discard(): void {
    this.#pending.clear();
  }
}

const preparedNames = new Map<string, string>();

/**
 * Marks a fixed statement that runs for every ticket or event (intake, SLA clocks, sessions): on a
 * server it is prepared once per connection and then executed by name, which spares PostgreSQL the
 * parse and plan, a third of the server time of such small statements. Only for key lookups and
 * writes whose text never varies: a prepared statement may run a generic plan, and a query whose best
 * plan depends on its values (lists, search) must keep being planned for them. Name the columns (no
 * `SELECT *`): a column added by a newer node's migration would otherwise fail the statement once on
 * every connection that prepared it.
 */
export function prepared(text: string): string {
  if (!preparedNames.has(text)) preparedNames.set(text, `kefu_${preparedNames.size + 1}`);
  return text;
}

/** Queues a row on a transaction, or writes it at once outside one. */
export async function deferWrite<Row>(sql: Sql, kind: DeferredKind<Row>, row: Row): Promise<void> {
  if (sql.deferred) sql.deferred.add(kind, row);
  else await kind.write(sql, [row]);
}

/**
 * Runs `work` inside a savepoint: when it throws, its statements and its deferred rows are undone
 * and the transaction goes on. Deferred rows from before are written first, so none is lost with it.
 */
export async function withSavepoint<T>(tx: Sql, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await tx.deferred?.flush(tx);
  await tx.query('SAVEPOINT kefu_work');
  try {
    const value = await work();
    await tx.deferred?.flush(tx);
    await tx.query('RELEASE SAVEPOINT kefu_work');
    return { ok: true, value };
  } catch (error) {
    tx.deferred?.discard();
    await tx.query('ROLLBACK TO SAVEPOINT kefu_work');
    return { ok: false, error };
  }
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Announces on a NOTIFY channel at once, outside any transaction, for something already committed. A NOTIFY
   * inside a transaction serialises its commit with every other notifying commit of the server (PostgreSQL holds
   * one global lock from the NOTIFY until the commit is flushed), which under many small writes queues them one
   * fsync at a time; this one commits nothing to keep, so it does not wait for a flush.
   */
  notify(channel: string, payload: string | readonly string[]): Promise<void>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * Makes committed data survive an OS crash (embedded mode: fsyncs the data files changed since the
   * last flush, see durability.ts); a no-op on a server, which fsyncs every commit itself.
   */
  flush(): Promise<void>;
  /**
   * Embedded mode: writes a checkpoint, which lets PostgreSQL recycle old WAL and bounds the replay
   * after a crash. A server's own checkpointer does this; there it is a no-op.
   */
  checkpoint(): Promise<void>;
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
    const name = preparedNames.get(text);
    const result = await client.query(name ? { name, text, values: params as unknown[] | undefined } : { text, values: params as unknown[] | undefined });
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
        const tx: Sql = {
          query: (text, params) => run(client, text, params),
          exec: async (script) => {
            await client.query(script);
          },
          deferred: new DeferredWrites(),
        };
        const result = await work(tx);
        await commitWithDeferred(client, tx);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async notify(channel, payload) {
      const payloads = typeof payload === 'string' ? [payload] : payload;
      if (payloads.length === 0) return;
      const client = await pool.connect();
      try {
        const target = client.escapeLiteral(channel);
        const calls = payloads.map((one) => `pg_notify(${target}, ${client.escapeLiteral(one)})`).join(', ');
        await client.query(`BEGIN; SET LOCAL synchronous_commit = off; SELECT ${calls}; COMMIT`);
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
    async checkpoint() {},
  };
}

/**
 * Sends the transaction's deferred rows and its COMMIT as one script: one round trip instead of one
 * per kind plus one, which matters most while the transaction holds a hot row lock (ticket numbers).
 * Parameters are inlined as escaped literals; a statement with a parameter that has no safe literal
 * form runs on its own first.
 */
async function commitWithDeferred(client: pg.PoolClient, tx: Sql): Promise<void> {
  const script: string[] = [];
  const recorder: Sql = {
    query: async (text, params = []) => {
      const inlined = inlineParams(client, text, params);
      if (inlined !== undefined) script.push(inlined);
      else {
        if (script.length > 0) await client.query(script.splice(0).join(';\n'));
        await client.query(text, params as unknown[]);
      }
      return [];
    },
    exec: async (text) => {
      script.push(text);
    },
  };
  await tx.deferred!.flush(recorder);
  script.push('COMMIT');
  await client.query(script.join(';\n'));
}

const DOLLAR_TAG = '$kefu$';

/**
 * A string as an SQL literal. Dollar quoting needs no escaping, which matters for the deferred rows' JSON
 * (tens of kilobytes per commit): only when the first tag in `value + tag` is the closing one, so the value
 * can neither contain the tag nor end with a part of it. Otherwise the quote-doubling escape.
 */
function quoteLiteral(client: pg.PoolClient, value: string): string {
  const quoted = `${DOLLAR_TAG}${value}${DOLLAR_TAG}`;
  return quoted.indexOf(DOLLAR_TAG, DOLLAR_TAG.length) === DOLLAR_TAG.length + value.length ? quoted : client.escapeLiteral(value);
}

function inlineParams(client: pg.PoolClient, text: string, params: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of params) {
    if (value === null || value === undefined) literals.push('NULL');
    else if (typeof value === 'number' && Number.isFinite(value)) literals.push(String(value));
    else if (typeof value === 'boolean') literals.push(value ? 'true' : 'false');
    else if (typeof value === 'string') literals.push(quoteLiteral(client, value));
    else if (value instanceof Date) literals.push(quoteLiteral(client, value.toISOString()));
    else if (typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)) literals.push(quoteLiteral(client, JSON.stringify(value)));
    else return undefined;
  }
  return text.replace(/\$(\d+)/g, (_, index: string) => literals[Number(index) - 1] ?? 'NULL');
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
      lite.transaction(async (liteTx) => {
        const tx: Sql = {
          query: (text, params) => run(liteTx, text, params),
          exec: async (script) => {
            await liteTx.exec(script);
          },
          deferred: new DeferredWrites(),
        };
        const result = await work(tx);
        await tx.deferred!.flush(tx);
        return result;
      }),
    async notify(channel, payload) {
      const payloads = typeof payload === 'string' ? [payload] : payload;
      if (payloads.length > 0) await lite.query('SELECT pg_notify($1, one) FROM unnest($2::text[]) AS one', [channel, payloads]);
    },
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
    async checkpoint() {
      // Embedded PostgreSQL runs without a checkpointer process: without this its WAL grows without bound.
      await lite.exec('CHECKPOINT');
      flusher?.flush();
    },
  };
}
