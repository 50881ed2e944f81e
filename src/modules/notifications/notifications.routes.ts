import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { IdParams } from '../../platform/validation/index.ts';
import { decodeNotificationCursor } from './notification-cursor.ts';
import type { NotificationsService } from './notifications.service.ts';

export const NotificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string().describe("Rendered in the reader's language"),
  body: z.string().nullable(),
  ticketId: z.uuid().nullable().describe('The ticket it is about, if any'),
  ticketNumber: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});

const ListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional().describe('true: unread only'),
  cursor: z
    .string()
    .max(200)
    .refine((cursor) => decodeNotificationCursor(cursor) !== null, { message: 'notifications.invalid_cursor' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** The signed-in user, reading in the language of the request (the app's, else the user's setting). */
const readerOf = (request: FastifyRequest) => ({ ...requireActor(request), locale: request.locale });

/** The signed-in user's own notifications; nobody reads or marks another's. */
export const notificationsRoutes: FastifyPluginAsync<{ notifications: NotificationsService }> = async (plugin, { notifications }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first (keyset cursor)',
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { unread, ...rest } = request.query;
      return notifications.listNotifications(readerOf(request), { ...rest, unread: unread === 'true' });
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of my notifications are unread (counted up to 100: capped says so)',
        response: { 200: z.object({ unread: z.number().int(), capped: z.boolean() }) },
      },
    },
    async (request) => notifications.countUnread(requireActor(request)),
  );

  app.post('/notifications/:id/read', { schema: { tags: ['notifications'], summary: 'Mark one read (again: keeps the first time)', params: IdParams, response: { 200: NotificationSchema } } }, async (request) =>
    notifications.markRead(readerOf(request), request.params.id),
  );

  app.post(
    '/notifications/read-all',
    { schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: { 200: z.object({ count: z.number().int().describe('How many were unread') }) } } },
    async (request) => notifications.markAllRead(requireActor(request)),
  );
};
