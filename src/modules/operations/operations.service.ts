import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { countDeadLetters, listDeadDeliveries, listDeadTimers, retryDeadDeliveries, retryDeadTimers, type DeadDelivery, type DeadTimer } from '../../platform/dead-letters.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { assertCan } from '../identity/index.ts';

export interface OperationsDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
}

export interface DeadLetters {
  deliveries: DeadDelivery[];
  timers: DeadTimer[];
  /** All of the workspace's dead letters; the lists stop at `limit`. */
  counts: { deliveries: number; timers: number };
}

export interface Requeued {
  deliveries: number;
  timers: number;
}

type AuditRecord = Parameters<AuditService['record']>[2];

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/**
 * The workspace's view of the platform's background work: deliveries and timers that failed too often, and their
 * retry. Administrators only (settings.manage); every retry is audited in its transaction.
 */
export function createOperationsService(deps: OperationsDeps) {
  const { db, clock, audit } = deps;

  /** Runs a retry and its audit row in one transaction; the delivery and timer loops pick the work up at their next poll. */
  const requeue = async (actor: Actor, work: (tx: Sql) => Promise<{ requeued: Requeued; audit: AuditRecord }>): Promise<Requeued> => {
    const { requeued } = await db.transaction(async (tx) => {
      const result = await work(tx);
      await audit.record(tx, actor, result.audit);
      return result;
    });
    return requeued;
  };

  return {
    async listDeadLetters(actor: Actor, options: { limit?: number } = {}): Promise<DeadLetters> {
      assertCan(actor, 'settings.manage');
      const limit = Math.min(options.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
      const deliveries = await listDeadDeliveries(db, actor.workspaceId, { limit });
      const timers = await listDeadTimers(db, actor.workspaceId, { limit });
      const counts = await countDeadLetters(db, actor.workspaceId);
      return { deliveries, timers, counts };
    },

    async retryDelivery(actor: Actor, input: { eventId: number; subscriber: string }): Promise<Requeued> {
      assertCan(actor, 'settings.manage');
      return requeue(actor, async (tx) => {
        const deliveries = await retryDeadDeliveries(tx, clock, actor.workspaceId, input);
        if (deliveries === 0) throw new AppError('not_found', 'operations.dead_delivery_not_found');
        return { requeued: { deliveries, timers: 0 }, audit: { action: 'dead_letter.delivery_retried', entityType: 'event', entityId: String(input.eventId), details: { subscriber: input.subscriber } } };
      });
    },

    async retryTimer(actor: Actor, input: { key: string }): Promise<Requeued> {
      assertCan(actor, 'settings.manage');
      return requeue(actor, async (tx) => {
        const timers = await retryDeadTimers(tx, clock, actor.workspaceId, input.key);
        if (timers === 0) throw new AppError('not_found', 'operations.dead_timer_not_found');
        return { requeued: { deliveries: 0, timers }, audit: { action: 'dead_letter.timer_retried', entityType: 'timer', entityId: input.key } };
      });
    },

    /** Every dead delivery and timer of the workspace; retrying none is not an error. */
    async retryAll(actor: Actor): Promise<Requeued> {
      assertCan(actor, 'settings.manage');
      return requeue(actor, async (tx) => {
        const deliveries = await retryDeadDeliveries(tx, clock, actor.workspaceId);
        const timers = await retryDeadTimers(tx, clock, actor.workspaceId);
        return { requeued: { deliveries, timers }, audit: { action: 'dead_letter.all_retried', entityType: 'workspace', entityId: actor.workspaceId, details: { deliveries, timers } } };
      });
    },
  };
}

export type OperationsService = ReturnType<typeof createOperationsService>;
