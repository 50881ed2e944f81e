import type { Clock } from './clock.ts';
import type { Db, Sql } from './db.ts';
import type { Logger } from './logger.ts';

/**
 * One kind of rows that expire: delivered events, fired timers, unclaimed uploads, old audit rows. The platform
 * owns the first two; modules hand in the others (the kernel wires them), so the platform knows no module.
 */
export interface RetentionRule {
  name: string;
  /** How long a row is kept after its time (delivery, firing, upload, audit). */
  keepMs: number;
  /** Deletes at most `limit` of the workspace's rows older than `before`, in one short transaction; returns how many. */
  purge(workspaceId: string, before: Date, limit: number): Promise<number>;
}

/** Rows per statement: a batch takes milliseconds, so it never holds locks (or the embedded database) for long. */
export const RETENTION_BATCH = 500;

/**
 * Runs the rules workspace by workspace, one batch of each per sweep. The background loop calls `sweep` again at
 * once while it deleted something and idles otherwise, so a large backlog (after an upgrade, or a first start with
 * retention) drains batch by batch with the node's other work in between, and nodes share it through SKIP LOCKED.
 */
export class RetentionSweeper {
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #rules: readonly RetentionRule[];
  readonly #listWorkspaceIds: () => Promise<readonly string[]>;
  readonly #batchSize: number;

  constructor(deps: { clock: Clock; logger?: Logger; rules: readonly RetentionRule[]; listWorkspaceIds: () => Promise<readonly string[]>; batchSize?: number }) {
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#rules = deps.rules;
    this.#listWorkspaceIds = deps.listWorkspaceIds;
    this.#batchSize = deps.batchSize ?? RETENTION_BATCH;
  }

  get rules(): readonly RetentionRule[] {
    return this.#rules;
  }

  /** One batch per rule and workspace; returns the rows deleted. */
  async sweep(): Promise<number> {
    const now = this.#clock.now().getTime();
    let total = 0;
    const deleted: Record<string, number> = {};
    for (const workspaceId of await this.#listWorkspaceIds()) {
      for (const rule of this.#rules) {
        const count = await rule.purge(workspaceId, new Date(now - rule.keepMs), this.#batchSize);
        if (count === 0) continue;
        total += count;
        deleted[rule.name] = (deleted[rule.name] ?? 0) + count;
      }
    }
    if (total > 0) this.#logger?.debug({ deleted }, 'retention');
    return total;
  }

  /** Sweeps until nothing is left to delete (tests and the CLI). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.sweep();
      total += count;
      if (count === 0) return total;
    }
  }
}

/**
 * Delivered events older than `before`, with their delivery rows. An event with a dead delivery is kept: the
 * operations screen lists it and a retry needs it.
 */
export async function purgeDeliveredEvents(sql: Sql, workspaceId: string, before: Date, limit: number): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `WITH doomed AS (
       SELECT e.workspace_id, e.id FROM outbox_events e
        WHERE e.workspace_id = $1 AND e.dispatched_at IS NOT NULL AND e.dispatched_at < $2
          AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id AND d.dead_at IS NOT NULL)
        ORDER BY e.dispatched_at
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     ), deliveries AS (
       DELETE FROM outbox_deliveries d USING doomed WHERE d.workspace_id = doomed.workspace_id AND d.event_id = doomed.id
     ), events AS (
       DELETE FROM outbox_events e USING doomed WHERE e.workspace_id = doomed.workspace_id AND e.id = doomed.id RETURNING e.id
     )
     SELECT count(*)::int AS n FROM events`,
    [workspaceId, before, limit],
  );
  return rows[0]?.n ?? 0;
}

/** Timers that fired before `before`. Pending and dead timers are kept; rescheduling a deleted key simply creates it again. */
export async function purgeFiredTimers(sql: Sql, workspaceId: string, before: Date, limit: number): Promise<number> {
  const rows = await sql.query<{ key: string }>(
    `DELETE FROM timers t
      USING (SELECT workspace_id, key FROM timers
              WHERE workspace_id = $1 AND fired_at IS NOT NULL AND fired_at < $2
              ORDER BY fired_at
              LIMIT $3
              FOR UPDATE SKIP LOCKED) doomed
      WHERE t.workspace_id = doomed.workspace_id AND t.key = doomed.key
      RETURNING t.key`,
    [workspaceId, before, limit],
  );
  return rows.length;
}

const DAY_MS = 86_400_000;

/** The platform's own rules: delivered events and fired timers, kept for the configured days. */
export function platformRetentionRules(db: Db, config: { KEFU_RETAIN_EVENTS_DAYS: number; KEFU_RETAIN_TIMERS_DAYS: number }): RetentionRule[] {
  return [
    { name: 'delivered events', keepMs: config.KEFU_RETAIN_EVENTS_DAYS * DAY_MS, purge: (workspaceId, before, limit) => purgeDeliveredEvents(db, workspaceId, before, limit) },
    { name: 'fired timers', keepMs: config.KEFU_RETAIN_TIMERS_DAYS * DAY_MS, purge: (workspaceId, before, limit) => purgeFiredTimers(db, workspaceId, before, limit) },
  ];
}
