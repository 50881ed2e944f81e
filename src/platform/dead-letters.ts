import type { Clock } from './clock.ts';
import type { Sql } from './db.ts';

/**
 * Deliveries and timers that failed KEFU_MAX_DELIVERY_ATTEMPTS times (see outbox.ts and timers.ts), for the
 * operations screen: listed per workspace and put back in the queue on an administrator's word.
 */

export interface DeadDelivery {
  eventId: number;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  subscriber: string;
  attempts: number;
  lastError: string;
  occurredAt: Date;
  deadAt: Date;
}

export interface DeadTimer {
  key: string;
  kind: string;
  attempts: number;
  lastError: string;
  dueAt: Date;
  deadAt: Date;
}

export async function listDeadDeliveries(sql: Sql, workspaceId: string, options: { limit: number }): Promise<DeadDelivery[]> {
  const rows = await sql.query<{
    event_id: number;
    type: string;
    aggregate_type: string;
    aggregate_id: string;
    subscriber: string;
    attempts: number | null;
    last_error: string | null;
    occurred_at: Date;
    dead_at: Date;
  }>(
    `SELECT d.event_id, e.type, e.aggregate_type, e.aggregate_id, d.subscriber, d.attempts, d.last_error, e.occurred_at, d.dead_at
       FROM outbox_deliveries d
       JOIN outbox_events e ON e.workspace_id = d.workspace_id AND e.id = d.event_id
      WHERE d.workspace_id = $1 AND d.dead_at IS NOT NULL
      ORDER BY d.dead_at DESC, d.event_id DESC, d.subscriber
      LIMIT $2`,
    [workspaceId, options.limit],
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    eventType: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    subscriber: row.subscriber,
    attempts: row.attempts ?? 0,
    lastError: row.last_error ?? '',
    occurredAt: row.occurred_at,
    deadAt: row.dead_at,
  }));
}

export async function listDeadTimers(sql: Sql, workspaceId: string, options: { limit: number }): Promise<DeadTimer[]> {
  const rows = await sql.query<{ key: string; kind: string; attempts: number; last_error: string | null; due_at: Date; dead_at: Date }>(
    `SELECT key, kind, attempts, last_error, due_at, dead_at
       FROM timers
      WHERE workspace_id = $1 AND dead_at IS NOT NULL
      ORDER BY dead_at DESC, key
      LIMIT $2`,
    [workspaceId, options.limit],
  );
  return rows.map((row) => ({ key: row.key, kind: row.kind, attempts: row.attempts, lastError: row.last_error ?? '', dueAt: row.due_at, deadAt: row.dead_at }));
}

export async function countDeadLetters(sql: Sql, workspaceId: string): Promise<{ deliveries: number; timers: number }> {
  const rows = await sql.query<{ deliveries: number; timers: number }>(
    `SELECT (SELECT count(*) FROM outbox_deliveries WHERE workspace_id = $1 AND dead_at IS NOT NULL)::int AS deliveries,
            (SELECT count(*) FROM timers WHERE workspace_id = $1 AND dead_at IS NOT NULL)::int AS timers`,
    [workspaceId],
  );
  return rows[0] ?? { deliveries: 0, timers: 0 };
}

/**
 * Puts dead deliveries back in the queue: the dead row goes (so the next claim takes the delivery again) and its
 * event is due now with a fresh count of attempts. Subscribers that had delivered it are not run again.
 * Without `only`, every dead delivery of the workspace. Returns how many were requeued.
 */
export async function retryDeadDeliveries(tx: Sql, clock: Clock, workspaceId: string, only?: { eventId: number; subscriber: string }): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `WITH revived AS (
       DELETE FROM outbox_deliveries
        WHERE workspace_id = $1 AND dead_at IS NOT NULL
          AND ($2::bigint IS NULL OR (event_id = $2 AND subscriber = $3))
       RETURNING event_id
     ), requeued AS (
       UPDATE outbox_events SET dispatched_at = NULL, available_at = $4, attempts = 0
        WHERE workspace_id = $1 AND id IN (SELECT event_id FROM revived)
       RETURNING id
     )
     SELECT (SELECT count(*) FROM revived)::int AS n`,
    [workspaceId, only?.eventId ?? null, only?.subscriber ?? null, clock.now()],
  );
  return rows[0]?.n ?? 0;
}

/** Makes dead timers due now with a fresh count of attempts; without `key`, every dead timer of the workspace. */
export async function retryDeadTimers(tx: Sql, clock: Clock, workspaceId: string, key?: string): Promise<number> {
  const rows = await tx.query<{ key: string }>(
    `UPDATE timers SET dead_at = NULL, attempts = 0, due_at = $3
      WHERE workspace_id = $1 AND dead_at IS NOT NULL AND ($2::text IS NULL OR key = $2)
      RETURNING key`,
    [workspaceId, key ?? null, clock.now()],
  );
  return rows.length;
}
