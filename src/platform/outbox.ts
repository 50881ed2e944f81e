import type { Clock } from './clock.ts';
import { deferWrite, prepared, withSavepoint, type Db, type DeferredKind, type Sql } from './db.ts';
import type { Logger } from './logger.ts';

export interface NewEvent {
  workspaceId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId?: string | null;
  /** Stored as JSON: plain data, dates as ISO text. */
  payload?: object;
}

export interface OutboxEvent<Type extends string = string, Payload = Record<string, unknown>> {
  workspaceId: string;
  id: number;
  type: Type;
  aggregateType: string;
  aggregateId: string;
  actorId: string | null;
  payload: Payload;
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

/** A payload map's event types: the keys of a module's `XEventPayloads` (its *.events.ts). */
export type EventTypeOf<Payloads> = keyof Payloads & string;

/** One delivered event of the listed types, its payload narrowed by its `type`. */
export type EventOf<Payloads, Types extends EventTypeOf<Payloads> = EventTypeOf<Payloads>> = { [T in Types]: OutboxEvent<T, Payloads[T]> }[Types];

/** One event to write: a type of the map with that type's payload. */
export type NewEventOf<Payloads, Type extends EventTypeOf<Payloads>> = Omit<NewEvent, 'type' | 'payload'> & { type: Type; payload: Payloads[Type] };

/**
 * The outbox typed by one payload map (event type → payload, declared in a module's *.events.ts): `emit` writes
 * only the map's types with their payloads, and a subscriber made by `subscriber` names the types it takes and
 * receives exactly those, typed. A subscriber of several modules' events takes the maps' intersection.
 */
export interface TypedOutbox<Payloads> {
  emit<Type extends EventTypeOf<Payloads>>(tx: Sql, clock: Clock, event: NewEventOf<Payloads, Type>): Promise<void>;
  subscriber<Types extends EventTypeOf<Payloads>>(spec: {
    name: string;
    types: readonly Types[];
    handle(event: EventOf<Payloads, Types>, tx: Sql): Promise<void>;
  }): Subscriber;
}

/** Payloads are objects: they are stored as JSON objects. */
export function typedOutbox<Payloads extends { [Type in keyof Payloads]: object }>(): TypedOutbox<Payloads> {
  return {
    emit: (tx, clock, event) => emitEvent(tx, clock, event as NewEvent),
    // The dispatcher delivers only the listed types, and the payload was written by `emit` of the same map.
    subscriber: (spec) => ({ name: spec.name, types: spec.types, handle: (event, tx) => spec.handle(event as never, tx) }),
  };
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

/** What `eventInsertSql` writes, each an SQL expression over the enclosing statement's parameters and CTEs. */
export interface EventColumnsSql {
  workspaceId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId: string;
  payload: string;
  occurredAt: string;
}

/**
 * One event written by the statement that makes its change (as a CTE of it), for a change that is a single
 * autocommitted statement: it commits with its event without a transaction's BEGIN, deferred INSERT and COMMIT round
 * trips. Inside a transaction use `emitEvent`, which keeps the events in the order they were emitted.
 */
export function eventInsertSql(columns: EventColumnsSql, from: string): string {
  return `INSERT INTO outbox_events (workspace_id, type, aggregate_type, aggregate_id, actor_id, payload, occurred_at, available_at)
          SELECT ${columns.workspaceId}, ${columns.type}, ${columns.aggregateType}, ${columns.aggregateId}, ${columns.actorId}, ${columns.payload}, ${columns.occurredAt}, ${columns.occurredAt}
            FROM ${from}`;
}

/**
 * Why an event happened when a reaction to another event caused it: the chain it belongs to (the first event's id)
 * and how many reactions deep it is. Automation rules read it to stop a chain of rules retriggering each other.
 */
export interface EventCause {
  chainId: string;
  depth: number;
}

const causes = new WeakMap<Sql, EventCause>();

/** Runs `work` so that every event it emits on `tx` carries `cause` (in its payload, as `causedBy`). */
export async function withEventCause<T>(tx: Sql, cause: EventCause, work: () => Promise<T>): Promise<T> {
  const outer = causes.get(tx);
  causes.set(tx, cause);
  try {
    return await work();
  } finally {
    if (outer) causes.set(tx, outer);
    else causes.delete(tx);
  }
}

/** The cause an event was emitted under, if a reaction emitted it. */
export function causeOf(event: { payload: object }): EventCause | null {
  const cause = (event.payload as { causedBy?: unknown }).causedBy as Partial<EventCause> | undefined;
  return cause && typeof cause.chainId === 'string' && typeof cause.depth === 'number' ? { chainId: cause.chainId, depth: cause.depth } : null;
}

/**
 * Writes an event into the outbox; call it with the same transaction as the change it describes.
 * In a transaction the row is written with the others just before commit.
 */
export async function emitEvent(tx: Sql, clock: Clock, event: NewEvent): Promise<void> {
  const cause = causes.get(tx);
  const stamped = cause ? { ...event, payload: { ...(event.payload ?? {}), causedBy: cause } } : event;
  await deferWrite(tx, outboxRows, { ...stamped, occurredAt: clock.now().toISOString() });
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
/** Failed attempts after which a delivery is dead (KEFU_MAX_DELIVERY_ATTEMPTS). */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 10;

export interface DispatchOptions {
  batchSize?: number;
  /** Called after the handlers of an event, before commit; used by tests to simulate a crash mid-batch. */
  onEventHandled?: (event: OutboxEvent) => Promise<void>;
}

export class OutboxDispatcher {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #maxAttempts: number;
  readonly #subscribers: Subscriber[] = [];

  constructor(deps: { db: Db; clock: Clock; logger?: Logger; maxAttempts?: number }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
  }

  subscribe(subscriber: Subscriber): void {
    if (this.#subscribers.some((s) => s.name === subscriber.name)) throw new Error(`duplicate subscriber ${subscriber.name}`);
    this.#subscribers.push(subscriber);
  }

  /**
   * Claims one batch of due events (SKIP LOCKED, so nodes share the work) and delivers it. Returns the count.
   *
   * The batch first runs without savepoints: one transaction, one claim of all (event, subscriber)
   * deliveries and one delivery mark for the whole batch, so the handlers' own deferred rows are
   * written together too. If a handler fails, that attempt is rolled back and the batch runs again
   * with a savepoint around each delivery, so the failure is recorded and the others still apply.
   */
  async dispatchBatch(options: DispatchOptions = {}): Promise<number> {
    let batch: { claimed: number; delivered: OutboxEvent[] };
    try {
      batch = await this.#db.transaction((tx) => this.#runBatch(tx, options, false));
    } catch (error) {
      if (!(error instanceof HandlerFailed)) throw error;
      batch = await this.#db.transaction((tx) => this.#runBatch(tx, options, true));
    }
    await this.#announce(batch.delivered);
    return batch.claimed;
  }

  /**
   * The delivered events are announced after the commit, not inside it: PostgreSQL holds one lock for the whole
   * server from a transaction's NOTIFY until its commit is flushed, so a batch announcing inside its transaction made
   * every other announcement (each chat message's) wait out the batch's fsync. A node dying between the commit and
   * this loses the hint; clients re-read through the API after reconnecting, as after a dropped LISTEN.
   */
  async #announce(delivered: readonly OutboxEvent[]): Promise<void> {
    if (delivered.length === 0) return;
    const announcements = delivered.map((event) =>
      JSON.stringify({ workspaceId: event.workspaceId, id: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId }),
    );
    try {
      await this.#db.notify(EVENTS_CHANNEL, announcements);
    } catch (error) {
      this.#logger?.warn({ err: error }, 'could not announce delivered events');
    }
  }

  /** Returns how many events the batch claimed and which of them were delivered (to be announced after commit). */
  async #runBatch(tx: Sql, options: DispatchOptions, isolate: boolean): Promise<{ claimed: number; delivered: OutboxEvent[] }> {
    const now = this.#clock.now();
    const claimedRows = await tx.query<EventRow>(
      prepared(`SELECT workspace_id, id, type, aggregate_type, aggregate_id, actor_id, payload, occurred_at, attempts
         FROM outbox_events
        WHERE dispatched_at IS NULL AND available_at <= $1
        ORDER BY available_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED`),
      [now, options.batchSize ?? 100],
    );
    if (claimedRows.length === 0) return { claimed: 0, delivered: [] };
    const rows = await this.#keepAggregatesInOrder(tx, claimedRows, now);
    if (rows.length === 0) return { claimed: 0, delivered: [] };
    const events = rows.map(toEvent);
    const claimed = await this.#claimDeliveries(tx, events, now);
    const delivered: OutboxEvent[] = [];
    for (const [index, event] of events.entries()) {
      let failure: string | undefined;
      for (const subscriber of this.#subscribers) {
        if (!claimed.has(deliveryKey(event, subscriber.name))) continue;
        if (!isolate) {
          try {
            await subscriber.handle(event, tx);
          } catch (error) {
            this.#logger?.debug({ err: error, eventId: event.id, subscriber: subscriber.name }, 'event subscriber failed; retrying the batch delivery by delivery');
            throw new HandlerFailed();
          }
          continue;
        }
        const delivery = await withSavepoint(tx, () => subscriber.handle(event, tx));
        if (delivery.ok) continue;
        const message = (delivery.error instanceof Error ? delivery.error.message : String(delivery.error)).slice(0, 2000);
        const attempts = rows[index]!.attempts + 1;
        if (attempts >= this.#maxAttempts) {
          // The claim row becomes the dead letter: later claims pass over it, so the event settles and the
          // aggregate's later events are not held back by a subscriber that keeps failing.
          await tx.query(
            `UPDATE outbox_deliveries SET delivered_at = NULL, dead_at = $4, attempts = $5, last_error = $6
              WHERE workspace_id = $1 AND event_id = $2 AND subscriber = $3`,
            [event.workspaceId, event.id, subscriber.name, now, attempts, message],
          );
          this.#logger?.error({ err: delivery.error, eventId: event.id, subscriber: subscriber.name, attempts }, 'event delivery failed too often: dead until an administrator retries it');
          continue;
        }
        // The claim was made before the savepoint: withdraw it so the delivery is tried again later.
        await tx.query('DELETE FROM outbox_deliveries WHERE workspace_id = $1 AND event_id = $2 AND subscriber = $3', [event.workspaceId, event.id, subscriber.name]);
        this.#logger?.warn({ err: delivery.error, eventId: event.id, subscriber: subscriber.name }, 'event subscriber failed');
        failure ??= `${subscriber.name}: ${message}`;
      }
      if (failure) {
        const delayMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** rows[index]!.attempts);
        await tx.query(
          `UPDATE outbox_events SET attempts = attempts + 1, last_error = $3, available_at = $4
            WHERE workspace_id = $1 AND id = $2`,
          [event.workspaceId, event.id, failure.slice(0, 2000), new Date(now.getTime() + delayMs)],
        );
      } else delivered.push(event);
      await options.onEventHandled?.(event);
    }
    if (delivered.length > 0) {
      await tx.query(
        prepared(`UPDATE outbox_events e SET dispatched_at = $1
           FROM unnest($2::uuid[], $3::bigint[]) AS d(workspace_id, id)
          WHERE e.workspace_id = d.workspace_id AND e.id = d.id`),
        [now, delivered.map((event) => event.workspaceId), delivered.map((event) => event.id)],
      );
    }
    return { claimed: rows.length, delivered };
  }

  /**
   * Leaves out each claimed event that has an undelivered due event of the same aggregate (a ticket, a
   * customer) before it in claim order (due time, then id) outside this batch: another batch holds that one, or
   * will take it next. So only the batch holding an aggregate's first due event handles the aggregate, in claim
   * order, and it can always handle at least that event: delivery never stalls. Without that, batches running
   * side by side each held part of a ticket's events and took its row locks (its SLA row) in opposite orders: a
   * deadlock every few batches under a burst of events per ticket (the demo seeding), each costing a second and
   * a rolled-back batch.
   */
  async #keepAggregatesInOrder(tx: Sql, rows: EventRow[], now: Date): Promise<EventRow[]> {
    const ids = rows.map((row) => row.id);
    const behind = await tx.query<{ id: number }>(
      prepared(`SELECT m.id
         FROM unnest($2::uuid[], $3::bigint[]) AS c(workspace_id, id)
         JOIN outbox_events m ON m.workspace_id = c.workspace_id AND m.id = c.id
        WHERE EXISTS (SELECT 1 FROM outbox_events e
                       WHERE e.workspace_id = m.workspace_id AND e.aggregate_type = m.aggregate_type AND e.aggregate_id = m.aggregate_id
                         AND e.dispatched_at IS NULL AND e.available_at <= $1
                         AND (e.available_at, e.id) < (m.available_at, m.id) AND e.id <> ALL ($3::bigint[]))`),
      [now, rows.map((row) => row.workspace_id), ids],
    );
    if (behind.length === 0) return rows;
    const waiting = new Set(behind.map((row) => row.id));
    return rows.filter((row) => !waiting.has(row.id));
  }

  /**
   * Claims every (event, matching subscriber) delivery of the batch at once; a delivery already
   * recorded (an earlier attempt applied it) is not claimed again. Returns the claimed keys.
   */
  async #claimDeliveries(tx: Sql, events: OutboxEvent[], now: Date): Promise<Set<string>> {
    const wanted = events.flatMap((event) =>
      this.#subscribers.filter((s) => s.types === '*' || s.types.includes(event.type)).map((s) => ({ event, subscriber: s.name })),
    );
    if (wanted.length === 0) return new Set();
    const claimed = await tx.query<{ event_id: number; subscriber: string; workspace_id: string }>(
      prepared(`INSERT INTO outbox_deliveries (workspace_id, event_id, subscriber, delivered_at)
       SELECT w, e, s, $1 FROM unnest($2::uuid[], $3::bigint[], $4::text[]) AS d(w, e, s)
       ON CONFLICT DO NOTHING
       RETURNING workspace_id, event_id, subscriber`),
      [now, wanted.map((d) => d.event.workspaceId), wanted.map((d) => d.event.id), wanted.map((d) => d.subscriber)],
    );
    return new Set(claimed.map((row) => `${row.workspace_id}|${row.event_id}|${row.subscriber}`));
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

/** A handler failed in a batch run without savepoints: the batch is run again, delivery by delivery. */
class HandlerFailed extends Error {}

const deliveryKey = (event: OutboxEvent, subscriber: string): string => `${event.workspaceId}|${event.id}|${subscriber}`;

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
