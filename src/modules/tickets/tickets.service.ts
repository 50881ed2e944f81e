import { deferWrite, type Sql } from '../../platform/db.ts';
import { createAttachmentOps } from './tickets.attachments.ts';
import { createTicketBulkOps } from './tickets.bulk.ts';
import { createTicketsContext, type TicketsDeps } from './tickets.context.ts';
import { createConversationOps } from './tickets.conversation.ts';
import { createTicketCountOps } from './tickets.counts.ts';
import { createTicketCreateOps } from './tickets.create.ts';
import { createTicketHistoryOps } from './tickets.history.ts';
import { createTicketMergeOps } from './tickets.merge.ts';
import { createTicketReadOps } from './tickets.read.ts';
import * as repo from './tickets.repository.ts';
import { createSearchIndexOps } from './tickets.search-index.ts';
import { createTicketSettingsOps } from './tickets.settings.ts';
import { addTimelineEntry, createTimelineOps, type TimelineEntryInput } from './tickets.timeline.ts';
import { createTicketUpdateOps } from './tickets.update.ts';

/**
 * Writes the SLA module's summary onto the ticket (for list filters and sorting). No event and no
 * version bump: it is derived data, and agents editing the ticket must not get conflicts from it.
 */
export async function setSlaSummary(tx: Sql, workspaceId: string, ticketId: string, summary: { nextDueAt: Date | null; state: repo.SlaState }): Promise<void> {
  await deferWrite(tx, repo.deferredSlaSummaries, { workspaceId, ticketId, ...summary });
}

/**
 * The tickets module: registration, status machine, conversation, timeline, lists and search,
 * attachments, merge and links, and the admin settings that shape tickets.
 */
export function createTicketsService(deps: TicketsDeps) {
  const ctx = createTicketsContext(deps);
  return {
    ...createTicketCreateOps(ctx),
    ...createTicketUpdateOps(ctx),
    ...createTicketBulkOps(ctx),
    ...createConversationOps(ctx),
    ...createTimelineOps(ctx),
    ...createTicketReadOps(ctx),
    ...createTicketCountOps(ctx),
    ...createTicketMergeOps(ctx),
    ...createTicketSettingsOps(ctx),
    ...createAttachmentOps(ctx),
    ...createSearchIndexOps(ctx),
    ...createTicketHistoryOps(ctx),
    /** Same as the module-level export; here for callers that hold the service. */
    addTimelineEntry: (tx: Sql, workspaceId: string, ticketId: string, entry: Omit<TimelineEntryInput, 'at'> & { at?: Date }) =>
      addTimelineEntry(tx, workspaceId, ticketId, { ...entry, at: entry.at ?? deps.clock.now() }),
    setSlaSummary,
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;
