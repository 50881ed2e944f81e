import type { Clock } from './clock.ts';
import { prepared, withSavepoint, type Db, type Sql } from './db.ts';
import type { Logger } from './logger.ts';

export interface TimerSpec {
  workspaceId: string;
  /** Deterministic key (e.g. `sla:<ticket>:first_response:breach`): rescheduling replaces, racing nodes collide. */
  key: string;
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export interface DueTimer {
  workspaceId: string;
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Runs inside the claiming transaction; what it writes commits with the fired mark. */
export type TimerHandler = (timer: DueTimer, tx: Sql) => Promise<void>;

/** Creates or moves a timer (an already fired or dead one is re-armed). */
export async function scheduleTimer(tx: Sql, clock: Clock, spec: TimerSpec): Promise<void> {
  await scheduleTimers(tx, clock, [spec]);
}

/** `scheduleTimer` for several timers (distinct keys) in one statement. */
export async function scheduleTimers(tx: Sql, clock: Clock, specs: readonly TimerSpec[]): Promise<void> {
  if (specs.length === 0) return;
  await tx.query(
    prepared(`INSERT INTO timers (workspace_id, key, kind, due_at, payload, created_at)
     SELECT t.workspace_id, t.key, t.kind, t.due_at, t.payload, $1
       FROM jsonb_to_recordset($2::jsonb) AS t(workspace_id uuid, key text, kind text, due_at timestamptz, payload jsonb)
     ON CONFLICT (workspace_id, key)
     DO UPDATE SET kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
                   fired_at = NULL, attempts = 0, last_error = NULL, dead_at = NULL`),
    [
      clock.now(),
      JSON.stringify(specs.map((spec) => ({ workspace_id: spec.workspaceId, key: spec.key, kind: spec.kind, due_at: spec.dueAt.toISOString(), payload: spec.payload ?? {} }))),
    ],
  );
}

/** Removes timers that have not fired yet (dead ones included), by their exact keys. */
export async function cancelTimersByKey(tx: Sql, workspaceId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(prepared(`DELETE FROM timers WHERE workspace_id = $1 AND key = ANY($2::text[]) AND fired_at IS NULL`), [workspaceId, keys]);
}

/** Removes timers that have not fired yet; `keyPrefix` cancels a family (`sla:<ticket>:`). */
export async function cancelTimers(tx: Sql, workspaceId: string, keyPrefix: string): Promise<void> {
  await tx.query(`DELETE FROM timers WHERE workspace_id = $1 AND key LIKE $2 AND fired_at IS NULL`, [
    workspaceId,
    `${keyPrefix.replace(/[%_\\]/g, '\\$&')}%`,
  ]);
}

interface TimerRow {
  workspace_id: string;
  key: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

const MAX_BACKOFF_MS = 10 * 60_000;
/** Failed attempts after which a timer is dead (KEFU_MAX_DELIVERY_ATTEMPTS). */
export const DEFAULT_MAX_TIMER_ATTEMPTS = 10;

export class TimerRunner {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #maxAttempts: number;
  readonly #handlers = new Map<string, TimerHandler>();

  constructor(deps: { db: Db; clock: Clock; logger?: Logger; maxAttempts?: number }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_TIMER_ATTEMPTS;
  }

  register(kind: string, handler: TimerHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`timer kind registered twice: ${kind}`);
    this.#handlers.set(kind, handler);
  }

  /** Claims due timers with SKIP LOCKED and fires them; returns how many were claimed. */
  async fireDue(options: { batchSize?: number; onFired?: (timer: DueTimer) => Promise<void> } = {}): Promise<number> {
    const batchSize = options.batchSize ?? 200;
    return this.#db.transaction(async (tx) => {
      const now = this.#clock.now();
      const rows = await tx.query<TimerRow>(
        prepared(`SELECT workspace_id, key, kind, due_at, payload, attempts
           FROM timers
          WHERE fired_at IS NULL AND dead_at IS NULL AND due_at <= $1
          ORDER BY due_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED`),
        [now, batchSize],
      );
      for (const row of rows) {
        const timer: DueTimer = {
          workspaceId: row.workspace_id,
          key: row.key,
          kind: row.kind,
          dueAt: row.due_at,
          payload: row.payload,
          attempts: row.attempts,
        };
        const handler = this.#handlers.get(row.kind);
        const fired = await withSavepoint(tx, async () => {
          if (!handler) throw new Error(`no handler for timer kind ${row.kind}`);
          await handler(timer, tx);
        });
        if (fired.ok) {
          await tx.query(`UPDATE timers SET fired_at = $3 WHERE workspace_id = $1 AND key = $2`, [row.workspace_id, row.key, now]);
          await options.onFired?.(timer);
        } else {
          const message = fired.error instanceof Error ? fired.error.message : String(fired.error);
          const isDead = row.attempts + 1 >= this.#maxAttempts;
          if (isDead) this.#logger?.error({ err: fired.error, key: row.key, attempts: row.attempts + 1 }, 'timer failed too often: dead until an administrator retries it');
          else this.#logger?.warn({ err: fired.error, key: row.key }, 'timer handler failed');
          // A dead timer stays unfired, so cancelling or rescheduling its key still reaches it.
          await tx.query(
            `UPDATE timers SET attempts = attempts + 1, last_error = $3, due_at = $4, dead_at = $5
              WHERE workspace_id = $1 AND key = $2`,
            [row.workspace_id, row.key, message.slice(0, 2000), new Date(now.getTime() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** row.attempts)), isDead ? now : null],
          );
        }
      }
      return rows.length;
    });
  }

  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.fireDue();
      total += count;
      if (count === 0) return total;
    }
  }
}
