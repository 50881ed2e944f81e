import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import { cleanFilename, sniffContentType } from './content-sniff.ts';
import * as attachmentsRepo from './ticket-attachments.repository.ts';
import { toAttachmentView, type AttachmentView } from './tickets.conversation.ts';
import type { TicketsContext } from './tickets.context.ts';

export function createAttachmentOps(ctx: TicketsContext) {
  const { deps, clock, db, store } = ctx;
  const notFound = () => new AppError('not_found', 'tickets.attachment_not_found');

  return {
    /**
     * Stores an upload that a message can reference later. The type is sniffed from the bytes; the
     * client's claim is ignored. Bytes go to the store first, so a row never points at nothing.
     */
    async uploadAttachment(actor: Actor, input: { filename?: string; data: Uint8Array }): Promise<AttachmentView> {
      assertCan(actor, 'tickets.write');
      const limit = deps.config.KEFU_MAX_ATTACHMENT_BYTES;
      if (input.data.byteLength > limit) throw new AppError('payload_too_large', 'errors.payload_too_large', { params: { limit } });
      if (input.data.byteLength === 0) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'file', messageKey: 'tickets.file_empty' }] });
      const id = newId();
      const record: attachmentsRepo.AttachmentRecord = {
        id,
        ticketId: null,
        messageId: null,
        filename: cleanFilename(input.filename),
        contentType: sniffContentType(input.data),
        sizeBytes: input.data.byteLength,
        sha256: createHash('sha256').update(input.data).digest('hex'),
        storageKey: `${actor.workspaceId}/${id}`,
        uploadedBy: actor.userId,
        createdAt: clock.now(),
      };
      await store.put(record.storageKey, input.data, { contentType: record.contentType });
      try {
        await db.transaction(async (tx) => {
          await attachmentsRepo.insertAttachment(tx, actor.workspaceId, record);
          await deps.audit.record(tx, actor, {
            action: 'attachment.uploaded',
            entityType: 'attachment',
            entityId: id,
            details: { contentType: record.contentType, sizeBytes: record.sizeBytes },
          });
        });
      } catch (error) {
        await store.delete(record.storageKey).catch(() => undefined);
        throw error;
      }
      return toAttachmentView(record);
    },

    /** Removes the actor's own uploads that no message took (best effort, after a failed message). */
    async discardUnclaimedAttachments(actor: Actor, ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      const keys = await db.transaction(async (tx) => {
        const removed = await attachmentsRepo.deleteUnclaimedAttachments(tx, actor.workspaceId, ids, actor.userId);
        if (removed.length > 0) await deps.audit.record(tx, actor, { action: 'attachment.discarded', entityType: 'attachment', details: { count: removed.length } });
        return removed;
      });
      await Promise.all(keys.map((key) => store.delete(key).catch(() => undefined)));
    },

    /**
     * Removes uploads of the workspace that no message took before `uploadedBefore` (at most `limit` per call),
     * rows first and then their bytes: a failure in between leaves an unreferenced object, never a row that
     * points at nothing. Returns how many were removed.
     */
    async purgeOrphanAttachments(workspaceId: string, options: { uploadedBefore: Date; limit?: number }): Promise<number> {
      const keys = await db.transaction(async (tx) => {
        const removed = await attachmentsRepo.deleteOrphanAttachments(tx, workspaceId, options.uploadedBefore, options.limit ?? 500);
        if (removed.length > 0) {
          await deps.audit.record(tx, systemActor(workspaceId), {
            action: 'attachment.purged',
            entityType: 'attachment',
            details: { count: removed.length, uploadedBefore: options.uploadedBefore.toISOString() },
          });
        }
        return removed;
      });
      const results = await Promise.allSettled(keys.map((key) => store.delete(key)));
      const failed = results.filter((result) => result.status === 'rejected').length;
      if (failed > 0) deps.logger?.warn({ workspaceId, failed, store: store.kind }, 'orphan attachment bytes could not be removed from the store');
      return keys.length;
    },

    /**
     * An attachment's bytes for download. Attached files follow their ticket's visibility;
     * files not attached yet are visible to their uploader (and admins) only.
     */
    async openAttachment(actor: Actor, id: string): Promise<{ attachment: AttachmentView; stream: Readable }> {
      assertCan(actor, 'tickets.read');
      const record = isUuid(id) ? await attachmentsRepo.selectAttachment(db, actor.workspaceId, id) : undefined;
      if (!record) throw notFound();
      if (record.ticketId) {
        await ctx.requireTicket(db, actor, record.ticketId).catch(() => {
          throw notFound();
        });
      } else if (record.uploadedBy !== actor.userId && actor.role !== 'admin') {
        throw notFound();
      }
      const stream = await store.get(record.storageKey);
      if (!stream) {
        // A row whose bytes are gone (a store emptied by hand, a node on its own disk among shared ones).
        deps.logger?.error({ attachmentId: id, storageKey: record.storageKey, store: store.kind }, 'attachment bytes missing from the store');
        throw notFound();
      }
      return { attachment: toAttachmentView(record), stream };
    },
  };
}
