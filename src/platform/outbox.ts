import type { Clock } from './clock.ts';
import { deferWrite, withSavepoint, type Db, type DeferredKind, type Sql } from './db.ts';
import type { Logger } from './logger.ts';

export interface NewEvent {
  workspaceId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId?: string | null;
  payload?: Record<string, unknown>;
}

export interface OutboxEvent {
  workspaceId: string;
  id: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * A reaction to events. `handle` runs inside the dispatcher's transaction, so database effects
 * commit together with the delivery mark: exactly once. Effects outside the database must be idempotent.
 */
export interface Subscriber {
  name: string;
  /** Event types, or '*' for all. */
  types: readonly string[] | '*';
  handle(event: OutboxEvent, tx: Sql): Promise<void>;
}

/** Channel on which each dispatched event is announced to every node (realtime fan-out). */
export const EVENTS_CHANNEL = 'kefu_events';

const outboxRows: DeferredKind<NewEvent & { occurredAt: string }> = {
  async write(sql, events) {
    // One statement for all; ids follow the order the events were emitted in.
    await sql.query(
      `INSERT INTO outbox_events (workspace_id, type, aggregate_type, aggregate_id, actor_id, payload, occurred_at, available_at)
       SELECT e.workspace_id, e.type, e.aggregate_type, e.aggregate_id, e.actor_id, e.payload, e.occurred_at, e.occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS e(ord int, workspace_id uuid, type text, aggregate_type text, aggregate_id text,
                                                 actor_id uuid, payload jsonb, occurred_at timestamptz)
        ORDER BY e.ord`,
      [
        JSON.stringify(
          events.map((event, ord) => ({
            ord,
            workspace_id: event.workspaceId,
            type: event.type,
            aggregate_type: event.aggregateType,
            aggregate_id: event.aggregateId,
            actor_id: event.actorId ?? null,
            payload: event.payload ?? {},
            occurred_at: event.occurredAt,
          })),
        ),
      ],
    );
  },
};

/**
 * Writes an event into the outbox; call it with the same transaction as the change it describes.
 * In a transaction the row is written with the others just before commit.
 */
export async function emitEvent(tx: Sql, clock: Clock, event: NewEvent): Promise<void> {
  await deferWrite(tx, outboxRows, { ...event, occurredAt: clock.now().toISOString() });
}

interface EventRow {
  workspace_id: string;
  id: number;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  actor_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
  attempts: number;
}

const MAX_BACKOFF_MS = 10 * 60_000;

export interface DispatchOptions {
  batchSize?: number;
  /** Called after the handlers of an event, before commit; used by tests to simulate a crash mid-batch. */
  onEventHandled?: (event: OutboxEvent) => Promise<void>;
}

export class OutboxDispatcher {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #subscribers: Subscriber[] = [];

  constructor(deps: { db: Db; clock: Clock; logger?: Logger }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
  }

  subscribe(subscriber: Subscriber): void {
    if (this.#subscribers.some((s) => s.name === subscriber.name)) throw new Error(`duplicate subscriber ${subscriber.name}`);
    this.#subscribers.push(subscriber);
  }

  /** Claims one batch of due events (SKIP LOCKED, so nodes share the work) and delivers it. Returns the count. */
  async dispatchBatch(options: DispatchOptions = {}): Promise<number> {
    const batchSize = options.batchSize ?? 100;
    return this.#db.transaction(async (tx) => {
      const now = this.#clock.now();
      const rows = await tx.query<EventRow>(
        `SELECT workspace_id, id, type, aggregate_type, aggregate_id, actor_id, payload, occurred_at, attempts
           FROM outbox_events
          WHERE dispatched_at IS NULL AND available_at <= $1
          ORDER BY available_at, id
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [now, batchSize],
      );
      for (const row of rows) {
        const event = toEvent(row);
        const failure = await this.#deliver(tx, event, now);
        if (failure) {
          const delayMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** row.attempts);
          await tx.query(
            `UPDATE outbox_events SET attempts = attempts + 1, last_error = $3, available_at = $4
              WHERE workspace_id = $1 AND id = $2`,
            [row.workspace_id, row.id, failure.slice(0, 2000), new Date(now.getTime() + delayMs)],
          );
          continue;
        }
        await tx.query(`UPDATE outbox_events SET dispatched_at = $3 WHERE workspace_id = $1 AND id = $2`, [
          row.workspace_id,
          row.id,
          now,
        ]);
        await tx.query('SELECT pg_notify($1, $2)', [
          EVENTS_CHANNEL,
          JSON.stringify({ workspaceId: event.workspaceId, id: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId }),
        ]);
        await options.onEventHandled?.(event);
      }
      return rows.length;
    });
  }

  /** Runs every matching subscriber once per event; returns the first failure's text, if any. */
  async #deliver(tx: Sql, event: OutboxEvent, now: Date): Promise<string | undefined> {
    let failure: string | undefined;
    for (const subscriber of this.#subscribers) {
      if (subscriber.types !== '*' && !subscriber.types.includes(event.type)) continue;
      const delivery = await withSavepoint(tx, async () => {
        const claimed = await tx.query(
          `INSERT INTO outbox_deliveries (workspace_id, event_id, subscriber, delivered_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
          [event.workspaceId, event.id, subscriber.name, now],
        );
        if (claimed.length > 0) await subscriber.handle(event, tx);
      });
      if (!delivery.ok) {
        const message = delivery.error instanceof Error ? delivery.error.message : String(delivery.error);
        this.#logger?.warn({ err: delivery.error, eventId: event.id, subscriber: subscriber.name }, 'event subscriber failed');
        failure ??= `${subscriber.name}: ${message}`;
      }
    }
    return failure;
  }

  /** Delivers until nothing is due (tests and the CLI). */
  async drain(options: DispatchOptions = {}): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.dispatchBatch(options);
      total += count;
      if (count === 0) return total;
    }
  }
}

function toEvent(row: EventRow): OutboxEvent {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    actorId: row.actor_id,
    payload: row.payload,
    occurredAt: row.occurred_at,
  };
}
