/** Files and images of an article: uploaded by its writers, shown inline (images) or offered for download, copied into replies. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { cleanFilename, sniffContentType } from '../tickets/index.ts';
import * as activityRepo from './kb-activity.repository.ts';
import { toAttachmentView, type ArticleOps, type AttachmentView } from './kb.articles.ts';
import { requirePermission, validationError, type KbDeps } from './kb.context.ts';

const attachmentNotFound = () => new AppError('not_found', 'kb.attachment_not_found');

export function createKbAttachmentOps(deps: KbDeps, articles: ArticleOps) {
  const { db, clock, audit, attachmentStore: store } = deps;

  return {
    /** Bytes first, then the row: a row never points at nothing. The type comes from the bytes, not the client. */
    async uploadArticleAttachment(actor: Actor, articleId: string, input: { filename?: string; data: Uint8Array }): Promise<AttachmentView> {
      requirePermission(actor, 'kb.write');
      const article = await articles.requireArticle(db, actor, articleId);
      const limit = deps.config.KEFU_MAX_ATTACHMENT_BYTES;
      if (input.data.byteLength > limit) throw new AppError('payload_too_large', 'errors.payload_too_large', { params: { limit } });
      if (input.data.byteLength === 0) throw validationError([{ field: 'file', messageKey: 'kb.file_empty' }]);
      const id = newId();
      const record: activityRepo.KbAttachmentRecord = {
        id, articleId: article.id, filename: cleanFilename(input.filename), contentType: sniffContentType(input.data), sizeBytes: input.data.byteLength,
        sha256: createHash('sha256').update(input.data).digest('hex'), storageKey: `${actor.workspaceId}/kb/${id}`, uploadedBy: actor.userId, createdAt: clock.now(),
      };
      await store.put(record.storageKey, input.data, { contentType: record.contentType });
      try {
        await db.transaction(async (tx) => {
          await activityRepo.insertAttachment(tx, actor.workspaceId, record);
          await audit.record(tx, actor, { action: 'kb.attachment_uploaded', entityType: 'kb_article', entityId: article.id, details: { attachmentId: id, contentType: record.contentType, sizeBytes: record.sizeBytes } });
        });
      } catch (error) {
        await store.delete(record.storageKey).catch(() => undefined);
        throw error;
      }
      return toAttachmentView(record);
    },

    async deleteArticleAttachment(actor: Actor, articleId: string, attachmentId: string): Promise<void> {
      requirePermission(actor, 'kb.write');
      const article = await articles.requireArticle(db, actor, articleId);
      if (!isUuid(attachmentId)) throw attachmentNotFound();
      const key = await db.transaction(async (tx) => {
        const removed = await activityRepo.deleteAttachment(tx, actor.workspaceId, article.id, attachmentId);
        if (!removed) throw attachmentNotFound();
        await audit.record(tx, actor, { action: 'kb.attachment_deleted', entityType: 'kb_article', entityId: article.id, details: { attachmentId } });
        return removed;
      });
      await store.delete(key).catch((error: unknown) => deps.logger?.warn({ err: error, key }, 'kb attachment bytes could not be removed'));
    },

    async openArticleAttachment(actor: Actor, attachmentId: string): Promise<{ attachment: AttachmentView; stream: Readable }> {
      requirePermission(actor, 'kb.read');
      const record = isUuid(attachmentId) ? await activityRepo.selectAttachment(db, actor.workspaceId, attachmentId) : undefined;
      if (!record) throw attachmentNotFound();
      const stream = await store.get(record.storageKey);
      if (!stream) throw attachmentNotFound();
      return { attachment: toAttachmentView(record), stream };
    },

    /** The article's files as bytes (one-click insert copies them into the reply's uploads). */
    async readArticleFiles(workspaceId: string, articleId: string): Promise<{ filename: string; data: Buffer }[]> {
      const records = await activityRepo.selectAttachments(db, workspaceId, articleId);
      const files: { filename: string; data: Buffer }[] = [];
      for (const record of records) {
        const stream = await store.get(record.storageKey);
        if (!stream) continue;
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
        files.push({ filename: record.filename, data: Buffer.concat(chunks) });
      }
      return files;
    },
  };
}

export type KbAttachmentOps = ReturnType<typeof createKbAttachmentOps>;
