/**
 * The notification centre: a user's own notifications (list, unread count, mark read) and the one way other parts
 * create them, inside the caller's transaction (an event delivery), each with its `notification.created` event.
 */
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { RECIPIENT_AGGREGATE } from '../../platform/realtime.ts';
import { assertCan } from '../identity/index.ts';
import { decodeNotificationCursor, encodeNotificationCursor } from './notification-cursor.ts';
import { renderNotificationText, type NotificationParams } from './notification-text.ts';
import * as repo from './notifications.repository.ts';
import { NOTIFICATION_EVENTS, notificationsOutbox, type NotificationCreatedPayload, type NotificationReadPayload } from './notifications.events.ts';

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
}

/** What a part of Kefu asks for: who, what, and where it leads; the text is catalogue keys rendered when read. */
export interface NotificationDraft {
  userId: string;
  kind: string;
  titleKey: string;
  bodyKey?: string | null;
  params?: NotificationParams;
  ticketId?: string | null;
  ticketNumber?: string | null;
  /**
   * What caused it (e.g. `event:123:sla.breached`): a second draft with the same source for the same user is
   * ignored, so a retried delivery notifies nobody twice.
   */
  sourceKey: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  createdAt: Date;
  readAt: Date | null;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
/** The bell shows "99+" past 99: counting further would only cost. */
export const UNREAD_COUNT_CAP = 100;

function toView(record: repo.NotificationRecord, actor: Actor): NotificationView {
  return {
    id: record.id,
    kind: record.kind,
    title: renderNotificationText(actor.locale, record.titleKey, record.params),
    body: record.bodyKey ? renderNotificationText(actor.locale, record.bodyKey, record.params) : null,
    ticketId: record.ticketId,
    ticketNumber: record.ticketNumber,
    createdAt: record.createdAt,
    readAt: record.readAt,
  };
}

/** Notifications belong to a person: an actor without one (the system, a customer) has none. */
function ownerOf(actor: Actor): string {
  assertCan(actor, 'tickets.read');
  if (!actor.userId || actor.kind === 'customer') throw new AppError('forbidden', 'notifications.no_user');
  return actor.userId;
}

export function createNotificationsService(deps: NotificationsDeps) {
  const { db, clock } = deps;

  return {
    /**
     * Creates the notifications inside the caller's transaction and writes a `notification.created` event for each
     * one that is new. Returns how many were.
     */
    async notifyInTransaction(tx: Sql, workspaceId: string, drafts: readonly NotificationDraft[]): Promise<number> {
      if (drafts.length === 0) return 0;
      const now = clock.now();
      const rows: repo.NewNotificationRow[] = drafts.map((draft) => ({
        id: newId(),
        userId: draft.userId,
        kind: draft.kind,
        titleKey: draft.titleKey,
        bodyKey: draft.bodyKey ?? null,
        params: draft.params ?? {},
        ticketId: draft.ticketId ?? null,
        ticketNumber: draft.ticketNumber ?? null,
        sourceKey: draft.sourceKey,
        createdAt: now,
      }));
      const inserted = await repo.insertNotifications(tx, workspaceId, rows);
      for (const row of rows) {
        if (!inserted.has(row.id)) continue;
        const payload: NotificationCreatedPayload = {
          notificationId: row.id,
          userId: row.userId,
          kind: row.kind,
          titleKey: row.titleKey,
          bodyKey: row.bodyKey,
          params: row.params,
          ticketId: row.ticketId,
          ticketNumber: row.ticketNumber,
        };
        await notificationsOutbox.emit(tx, clock, { workspaceId, type: NOTIFICATION_EVENTS.created, aggregateType: RECIPIENT_AGGREGATE, aggregateId: row.userId, payload });
      }
      return inserted.size;
    },

    async listNotifications(actor: Actor, options: { unread?: boolean; cursor?: string; limit?: number } = {}): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
      const userId = ownerOf(actor);
      const limit = Math.min(options.limit ?? DEFAULT_PAGE, MAX_PAGE);
      let after: { createdAt: Date; id: string } | undefined;
      if (options.cursor !== undefined) {
        after = decodeNotificationCursor(options.cursor) ?? undefined;
        if (!after) throw invalidField('cursor', 'notifications.invalid_cursor');
      }
      // One more than the page tells whether there is a next one.
      const records = await repo.selectNotifications(db, actor.workspaceId, userId, { unreadOnly: options.unread ?? false, after, limit: limit + 1 });
      const page = records.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map((record) => toView(record, actor)), nextCursor: records.length > limit && last ? encodeNotificationCursor(last) : null };
    },

    async countUnread(actor: Actor): Promise<{ unread: number; capped: boolean }> {
      const userId = ownerOf(actor);
      const unread = await repo.countUnread(db, actor.workspaceId, userId, UNREAD_COUNT_CAP);
      return { unread, capped: unread >= UNREAD_COUNT_CAP };
    },

    // Read marks are the reader's own view of their notifications, not workspace data: they are not audited (the
    // audit log would fill with them) but announced, so the user's other tabs update.
    async markRead(actor: Actor, id: string): Promise<NotificationView> {
      const userId = ownerOf(actor);
      return db.transaction(async (tx) => {
        const marked = await repo.markRead(tx, actor.workspaceId, userId, id, clock.now());
        if (!marked) throw notFound('notification');
        if (marked.changed) await emitRead(tx, actor, { userId, notificationId: id, count: 1 });
        return toView(marked.record, actor);
      });
    },

    async markAllRead(actor: Actor): Promise<{ count: number }> {
      const userId = ownerOf(actor);
      return db.transaction(async (tx) => {
        const count = await repo.markAllRead(tx, actor.workspaceId, userId, clock.now());
        if (count > 0) await emitRead(tx, actor, { userId, notificationId: null, count });
        return { count };
      });
    },
  };

  async function emitRead(tx: Sql, actor: Actor, payload: NotificationReadPayload): Promise<void> {
    await notificationsOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: NOTIFICATION_EVENTS.read, aggregateType: RECIPIENT_AGGREGATE, aggregateId: payload.userId, actorId: actor.userId, payload });
  }
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
