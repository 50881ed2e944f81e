import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { buildSearchDocument } from '../../platform/text/index.ts';
import { assertCan } from '../identity/index.ts';
import { canSeeTicket } from './ticket-list-query.ts';
import { stageOfAction } from './ticket-status.ts';
import type { TicketsContext, TicketView } from './tickets.context.ts';
import type { FieldChange } from './tickets.events.ts';
import * as repo from './tickets.repository.ts';
import * as messagesRepo from './ticket-messages.repository.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

export function createTicketMergeOps(ctx: TicketsContext) {
  const { deps, clock } = ctx;

  /** Both tickets locked in a fixed order and visible to the actor, or 404. */
  async function lockPair(tx: Sql, actor: Actor, firstId: string, secondId: string) {
    if (!isUuid(firstId) || !isUuid(secondId)) throw ctx.notFound();
    const rows = await repo.selectTicketsForUpdate(tx, actor.workspaceId, [firstId, secondId]);
    const first = rows.find((row) => row.id === firstId);
    const second = rows.find((row) => row.id === secondId);
    if (!first || !second || !canSeeTicket(actor, first) || !canSeeTicket(actor, second)) throw ctx.notFound();
    return { first, second };
  }

  async function linkInTransaction(tx: Sql, actor: Actor, ticketId: string, otherId: string): Promise<boolean> {
    assertCan(actor, 'tickets.write');
    if (ticketId === otherId) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'ticketId', messageKey: 'tickets.link_self' }] });
    const { first: ticket, second: other } = await lockPair(tx, actor, ticketId, otherId);
    const now = clock.now();
    if (!(await repo.insertLink(tx, actor.workspaceId, ticket.id, other.id, actor.userId, now))) return false;
    for (const [self, peer] of [[ticket, other], [other, ticket]] as const) {
      await timelineRepo.insertTimeline(tx, actor.workspaceId, self.id, {
        at: now,
        stage: stageOfAction('linked', self.status),
        kind: 'linked',
        ...ctx.operatorOf(actor),
        details: { linkedTicketId: peer.id, linkedNumber: peer.number },
      });
    }
    await deps.audit.record(tx, actor, { action: 'ticket.linked', entityType: 'ticket', entityId: ticket.id, details: { linkedTicketId: other.id } });
    await ctx.emit(tx, actor, 'ticket.linked', ticket, { linkedTicketId: other.id, linkedNumber: other.number });
    return true;
  }

  return {
    /**
     * Merges a duplicate (source) into another ticket (target): the source is closed and points at the
     * target, its conversation is copied onto the target after a note, and both timelines say so.
     */
    async mergeTicket(actor: Actor, sourceId: string, targetId: string, options: { ifMatch?: number } = {}): Promise<{ source: TicketView; target: TicketView }> {
      assertCan(actor, 'tickets.merge');
      if (sourceId === targetId) throw new AppError('invalid_state', 'tickets.merge_into_self');
      const workspace = await deps.workspaces.getWorkspace(actor.workspaceId);
      const workspaceId = actor.workspaceId;

      const result = await ctx.db.transaction(async (tx) => {
        const { first: source, second: target } = await lockPair(tx, actor, sourceId, targetId);
        ctx.checkVersion(source, options.ifMatch);
        if (source.mergedIntoId) throw new AppError('invalid_state', 'tickets.merge_already_merged', { params: { number: source.number } });
        if (target.mergedIntoId) throw new AppError('invalid_state', 'tickets.merge_already_merged', { params: { number: target.number } });
        if (target.status === 'closed') throw new AppError('invalid_state', 'tickets.merge_target_closed', { params: { number: target.number } });
        const now = clock.now();
        const operator = ctx.operatorOf(actor);
        // Notes are stored text, written in the workspace's language (readers may differ, the record does not).
        const locale = workspace.defaultLocale;

        const targetNote = translate(locale, 'tickets.merge_note_target', { number: source.number });
        const targetNoteId = newId();
        await messagesRepo.insertMessage(tx, workspaceId, target.id, { id: targetNoteId, kind: 'note', authorType: 'system', authorId: null, body: targetNote, isAutoReply: false, attachmentIds: [], now });
        const copied = await messagesRepo.copyMessages(tx, workspaceId, source.id, target.id);
        const sourceNote = translate(locale, 'tickets.merge_note_source', { number: target.number });
        await messagesRepo.insertMessage(tx, workspaceId, source.id, { id: newId(), kind: 'note', authorType: 'system', authorId: null, body: sourceNote, isAutoReply: false, attachmentIds: [], now });

        const changes: Record<string, FieldChange> = { mergedIntoId: { from: null, to: target.id } };
        const patch: repo.TicketPatch = { mergedIntoId: target.id, lastMessageAt: now };
        if (source.status !== 'closed') {
          changes.status = { from: source.status, to: 'closed' };
          patch.status = 'closed';
          patch.closedAt = now;
        }
        const closedSource = await repo.updateTicketRow(tx, workspaceId, source.id, patch, { now, bumpVersion: true });
        const grownTarget = await repo.updateTicketRow(tx, workspaceId, target.id, { lastMessageAt: now }, {
          now,
          bumpVersion: false,
          search: { appendBody: buildSearchDocument(source.subject, ...copied.bodies) },
        });

        await timelineRepo.insertTimeline(tx, workspaceId, source.id, {
          at: now,
          stage: stageOfAction('merged', 'closed'),
          kind: 'merged',
          ...operator,
          changes,
          content: sourceNote,
          details: { targetId: target.id, targetNumber: target.number },
        });
        await timelineRepo.insertTimeline(tx, workspaceId, target.id, {
          at: now,
          stage: stageOfAction('merged', grownTarget.status),
          kind: 'merged_from',
          ...operator,
          messageId: targetNoteId,
          content: targetNote,
          details: { sourceId: source.id, sourceNumber: source.number, copiedMessages: copied.count },
        });
        await deps.audit.record(tx, actor, {
          action: 'ticket.merged',
          entityType: 'ticket',
          entityId: source.id,
          details: { targetId: target.id, copiedMessages: copied.count },
        });
        await ctx.emit(tx, actor, 'ticket.merged', closedSource, { targetId: target.id, targetNumber: target.number, copiedMessages: copied.count });
        await ctx.emit(tx, actor, 'ticket.updated', closedSource, { changes });
        if (changes.status) await ctx.emit(tx, actor, 'ticket.status_changed', closedSource, { from: source.status, to: 'closed' });
        return { source: closedSource, target: grownTarget };
      });
      const [source, target] = await ctx.toViews(actor, [result.source, result.target]);
      return { source: source!, target: target! };
    },

    /** Links two related tickets (symmetric). Linking an already linked pair changes nothing. */
    async linkTickets(actor: Actor, ticketId: string, otherId: string): Promise<void> {
      await ctx.db.transaction((tx) => linkInTransaction(tx, actor, ticketId, otherId));
    },

    /** `linkTickets` inside the caller's transaction (automation rules); true when the link is new. */
    linkTicketsInTransaction: (tx: Sql, actor: Actor, ticketId: string, otherId: string) => linkInTransaction(tx, actor, ticketId, otherId),

    async unlinkTickets(actor: Actor, ticketId: string, otherId: string): Promise<void> {
      assertCan(actor, 'tickets.write');
      await ctx.db.transaction(async (tx) => {
        const { first: ticket, second: other } = await lockPair(tx, actor, ticketId, otherId);
        const now = clock.now();
        if (!(await repo.deleteLink(tx, actor.workspaceId, ticket.id, other.id))) return;
        for (const [self, peer] of [[ticket, other], [other, ticket]] as const) {
          await timelineRepo.insertTimeline(tx, actor.workspaceId, self.id, {
            at: now,
            stage: stageOfAction('unlinked', self.status),
            kind: 'unlinked',
            ...ctx.operatorOf(actor),
            details: { linkedTicketId: peer.id, linkedNumber: peer.number },
          });
        }
        await deps.audit.record(tx, actor, { action: 'ticket.unlinked', entityType: 'ticket', entityId: ticket.id, details: { linkedTicketId: other.id } });
        await ctx.emit(tx, actor, 'ticket.unlinked', ticket, { linkedTicketId: other.id, linkedNumber: other.number });
      });
    },
  };
}
