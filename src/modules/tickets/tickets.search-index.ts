import { buildSearchDocument, SEARCH_TEXT_VERSION } from '../../platform/text/index.ts';
import * as searchRepo from './ticket-search.repository.ts';
import type { TicketsContext } from './tickets.context.ts';

/** Tickets rebuilt per transaction: short enough that writers of those tickets barely wait. */
const REINDEX_BATCH = 100;
/**
 * Conversation text indexed per ticket. Messages added one by one stop growing the document at 20,000
 * distinct terms (updateTicketRow); a rebuild cuts by length instead, far above what agents search in.
 */
const MAX_BODY_DOCUMENT_CHARS = 200_000;

/**
 * Rebuilding search documents written by an older text pipeline (a row's `search_version` below
 * SEARCH_TEXT_VERSION) from the ticket's own text: subject and number, the customer's search text,
 * every message, and the subjects of tickets merged into it — what writing the ticket today stores.
 */
export function createSearchIndexOps(ctx: TicketsContext) {
  const { deps } = ctx;

  return {
    /** Rebuilds up to `batchSize` stale search documents in one transaction; returns how many (0: none left). */
    async reindexStaleSearchDocuments(options: { batchSize?: number } = {}): Promise<number> {
      const count = await ctx.db.transaction(async (tx) => {
        const stale = await searchRepo.claimStaleSearchRows(tx, SEARCH_TEXT_VERSION, options.batchSize ?? REINDEX_BATCH);
        const byWorkspace = groupBy(stale, (row) => row.workspaceId);
        for (const [workspaceId, rows] of byWorkspace) {
          const ids = rows.map((row) => row.id);
          const bodies = groupBy(await searchRepo.selectMessageBodies(tx, workspaceId, ids), (message) => message.ticketId);
          const merged = groupBy(await searchRepo.selectMergedSubjects(tx, workspaceId, ids), (source) => source.targetId);
          const customers = new Map<string, string>();
          for (const customerId of new Set(rows.map((row) => row.customerId))) {
            customers.set(customerId, buildSearchDocument(await deps.customers.getSearchText(tx, workspaceId, customerId)));
          }
          const documents = rows.map((row) => ({
            id: row.id,
            subject: buildSearchDocument(row.subject),
            customer: customers.get(row.customerId) ?? '',
            body: bodyDocument([...(bodies.get(row.id) ?? []).map((message) => message.body), ...(merged.get(row.id) ?? []).map((source) => source.subject)]),
          }));
          await searchRepo.writeSearchDocuments(tx, workspaceId, documents, SEARCH_TEXT_VERSION);
        }
        return stale.length;
      });
      if (count > 0) deps.logger?.info({ tickets: count, version: SEARCH_TEXT_VERSION }, 'rebuilt ticket search documents');
      return count;
    },
  };
}

// Map.groupBy arrives with Node 21; Kefu runs on 20.
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function bodyDocument(texts: readonly string[]): string {
  let document = '';
  for (const text of texts) {
    const part = buildSearchDocument(text);
    if (!part) continue;
    if (document.length + part.length + 1 > MAX_BODY_DOCUMENT_CHARS) break;
    document = document ? `${document} ${part}` : part;
  }
  return document;
}
