/**
 * Reads for modules that look back over tickets with the system's eyes (automation's dry run and rules): stored
 * records, no viewer masking. Callers decide what a person may see of the result.
 */
import type { Db, Sql } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import * as historyRepo from './ticket-history.repository.ts';
import * as repo from './tickets.repository.ts';

export function createTicketHistoryOps(ctx: { db: Db }) {
  return {
    listTicketsCreatedBetween: (workspaceId: string, period: { from: Date; to: Date }, limit: number, sql: Sql = ctx.db) =>
      historyRepo.selectTicketsCreatedBetween(sql, workspaceId, period.from, period.to, limit),
    findEarlierTicket: (sql: Sql, workspaceId: string, filter: { customerId: string; since: Date; before: Date; excludeId: string; type: string | null }) =>
      historyRepo.selectEarlierTicket(sql, workspaceId, filter),
    /** The stored ticket, or undefined (also for an id that is no uuid). */
    readTicketRecord: async (sql: Sql, workspaceId: string, ticketId: string, options: { forUpdate?: boolean } = {}): Promise<repo.TicketRecord | undefined> =>
      isUuid(ticketId) ? repo.selectTicket(sql, workspaceId, ticketId, options) : undefined,
  };
}
