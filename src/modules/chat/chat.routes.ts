/**
 * The agents' side under /api/v1/chat: the console's lists and actions over HTTP, and its socket
 * (`GET /api/v1/chat/socket`) for messages, typing and read marks both ways.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCan, requireActor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { isLocale } from '../../platform/i18n.ts';
import type { Logger } from '../../platform/logger.ts';
import { IdParams, OkSchema, longText, text } from '../../platform/validation/index.ts';
import { connectionCredentialOf, CredentialWatch } from '../identity/index.ts';
import { contentDisposition, isInlineSafe, servedContentType } from '../tickets/index.ts';
import type { ChatHub } from './chat-hub.ts';
import { AgentFrame, MessageBody, parseFrame } from './chat-protocol.ts';
import { runSocket, type ChatSocket } from './chat-socket.ts';
import type { ChatDeps } from './chat.context.ts';
import type { ChatService } from './chat.service.ts';

const tags = ['chat'];
const STATUSES = ['bot', 'queued', 'active', 'ended'] as const;
const PRESENCE = ['online', 'away', 'offline'] as const;
/** Consoles open on a node refresh their agents' presence this often (well inside PRESENCE_TTL_MS). */
const PRESENCE_TOUCH_MS = 30_000;

export const ChatConversationSchema = z.object({
  id: z.uuid(),
  status: z.enum(STATUSES),
  visitorName: z.string(),
  visitorEmail: z.string().nullable(),
  visitorPhone: z.string().nullable(),
  locale: z.string(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  customerId: z.uuid(),
  agentId: z.uuid().nullable(),
  lastSeq: z.number().int(),
  agentReadSeq: z.number().int(),
  visitorReadSeq: z.number().int(),
  createdAt: z.date(),
  queuedAt: z.date().nullable(),
  acceptedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
});

export const ChatMessageSchema = z.object({
  seq: z.number().int(),
  id: z.uuid(),
  authorType: z.enum(['visitor', 'agent', 'bot', 'system']),
  authorId: z.uuid().nullable(),
  body: z.string(),
  attachments: z.array(z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() })),
  clientId: z.string().nullable(),
  createdAt: z.date(),
});

export const ChatDetailSchema = z.object({
  conversation: ChatConversationSchema,
  messages: z.array(ChatMessageSchema),
  customer: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), organization: z.string().nullable(), tags: z.array(z.string()) }).nullable(),
  recentTickets: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string(), status: z.string(), createdAt: z.date() })),
});

export const CannedReplySchema = z.object({ id: z.uuid(), title: z.string(), body: z.string(), createdAt: z.date() });
export const ChatSettingsSchema = z.object({ botFirst: z.boolean(), calendarId: z.uuid().nullable(), defaultCapacity: z.number().int() });
export const PresenceSchema = z.object({ status: z.enum(PRESENCE), capacity: z.number().int(), active: z.number().int() });
export const CreateCannedReplyBody = z.strictObject({ title: text(100, 1), body: longText(2000, 1) });
export const ChatSettingsBody = z.strictObject({ botFirst: z.boolean().optional(), calendarId: z.uuid().nullable().optional(), defaultCapacity: z.number().int().min(1).max(50).optional() });
export const TransferBody = z.strictObject({ agentId: z.uuid() });

export interface ChatRoutesOptions {
  chat: ChatService;
  hub: ChatHub;
  identity: ChatDeps['identity'];
  clock: Clock;
  logger?: Logger;
  /** How often open consoles are held against their session's end (a clock comparison, no query). */
  expiryCheckMs?: number;
}

export const chatRoutes: FastifyPluginAsync<ChatRoutesOptions> = async (plugin, { chat, hub, identity, clock, logger, expiryCheckMs }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  await hub.start();
  // Each console is held to the sign-in it was opened with: closed with 4401 when that is signed out, its user
  // deactivated, tickets.write lost or the session over; its frames are judged with who the agent is now.
  const watch = await CredentialWatch.start({ identity, clock, logger, permission: 'tickets.write', name: 'chat', expiryCheckMs });
  const touch = setInterval(() => {
    for (const [workspaceId, userIds] of hub.connectedAgents()) {
      chat.touchPresence(workspaceId, userIds).catch((error: unknown) => logger?.warn({ err: error }, 'chat: could not refresh presence'));
    }
  }, PRESENCE_TOUCH_MS);
  touch.unref();
  app.addHook('onClose', async () => {
    clearInterval(touch);
    await watch.stop();
  });

  app.get('/chat/conversations', { schema: { tags, summary: 'The queue, my chats in progress and my recently ended ones', response: { 200: z.object({ items: z.array(ChatConversationSchema) }) } } }, async (request) => ({
    items: await chat.listConsoleConversations(requireActor(request)),
  }));
  app.get('/chat/conversations/:id', { schema: { tags, summary: 'A chat with its messages and the customer beside it', params: IdParams, response: { 200: ChatDetailSchema } } }, async (request) =>
    chat.getConversationDetail(requireActor(request), request.params.id),
  );
  app.post('/chat/conversations/:id/accept', { schema: { tags, summary: 'Take a waiting chat (within my capacity)', params: IdParams, response: { 200: ChatConversationSchema } } }, async (request) =>
    chat.acceptConversation(requireActor(request), request.params.id),
  );
  app.post('/chat/conversations/:id/transfer', { schema: { tags, summary: 'Hand my chat to another agent (within their capacity)', params: IdParams, body: TransferBody, response: { 200: ChatConversationSchema } } }, async (request) =>
    chat.transferConversation(requireActor(request), request.params.id, request.body.agentId),
  );
  app.post('/chat/conversations/:id/end', { schema: { tags, summary: 'End a chat (its ticket stays open)', params: IdParams, response: { 200: ChatConversationSchema } } }, async (request) =>
    chat.endConversation(requireActor(request), request.params.id),
  );
  app.post('/chat/conversations/:id/messages', { schema: { tags, summary: 'Send a message (the console uses its socket; this is the same over HTTP)', params: IdParams, body: MessageBody, response: { 201: ChatMessageSchema } } }, async (request, reply) =>
    reply.status(201).send(await chat.postAgentMessage(requireActor(request), request.params.id, request.body)),
  );
  app.post('/chat/conversations/:id/read', { schema: { tags, summary: 'Mark messages up to seq as read', params: IdParams, body: z.strictObject({ seq: z.number().int().min(0).max(2_147_483_647) }), response: { 200: OkSchema } } }, async (request) => {
    await chat.markReadByAgent(requireActor(request), request.params.id, request.body.seq);
    return { ok: true as const };
  });
  app.get(
    '/chat/conversations/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Download a file of the chat', params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { conversation } = await chat.getConversationDetail(actor, request.params.id);
      const { attachment, stream } = await chat.openFile(actor.workspaceId, conversation.id, request.params.attachmentId);
      return reply
        .header('content-type', servedContentType(attachment.contentType))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('content-disposition', contentDisposition(isInlineSafe(attachment.contentType) ? 'inline' : 'attachment', attachment.filename))
        .send(stream);
    },
  );

  app.get('/chat/presence', { schema: { tags, summary: 'My chat presence and how many chats I hold of my capacity', response: { 200: PresenceSchema } } }, async (request) => chat.getPresence(requireActor(request)));
  app.put('/chat/presence', { schema: { tags, summary: 'Go online, away or offline for chats', body: z.strictObject({ status: z.enum(PRESENCE) }), response: { 200: z.object({ status: z.enum(PRESENCE) }) } } }, async (request) =>
    chat.setPresence(requireActor(request), request.body.status),
  );

  app.get('/chat/canned-replies', { schema: { tags, summary: 'The workspace’s canned replies', response: { 200: z.object({ items: z.array(CannedReplySchema) }) } } }, async (request) => ({
    items: await chat.listCannedReplies(requireActor(request)),
  }));
  app.post('/chat/canned-replies', { schema: { tags, summary: 'Add a canned reply', body: CreateCannedReplyBody, response: { 201: CannedReplySchema } } }, async (request, reply) =>
    reply.status(201).send(await chat.createCannedReply(requireActor(request), request.body)),
  );
  app.delete('/chat/canned-replies/:id', { schema: { tags, summary: 'Remove a canned reply', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await chat.deleteCannedReply(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/chat/settings', { schema: { tags, summary: 'Bot first, opening hours (a business calendar), default capacity', response: { 200: ChatSettingsSchema } } }, async (request) => chat.getSettings(requireActor(request)));
  app.patch('/chat/settings', { schema: { tags, summary: 'Change the chat settings', body: ChatSettingsBody, response: { 200: ChatSettingsSchema } } }, async (request) =>
    chat.updateSettings(requireActor(request), request.body),
  );

  app.get(
    '/chat/socket',
    { websocket: true, schema: { hide: true }, preHandler: async (request) => assertCan(requireActor(request), 'tickets.write') },
    (raw, request) => {
      const socket = raw as unknown as ChatSocket;
      const opener = requireActor(request);
      const locale = isLocale(request.locale) ? request.locale : opener.locale;
      const registration: { detach?: () => void } = {};
      const watched = watch.watch({ credential: connectionCredentialOf(request), actor: opener, close: (code, reason) => socket.close(code, reason) });
      const send = runSocket(socket, {
        locale: () => locale,
        logger,
        onClose: () => {
          watched.release();
          registration.detach?.();
        },
        async handle(data, reply) {
          const frame = parseFrame(AgentFrame, data);
          // After any re-check this socket awaits: a frame that arrives once a sign-out or deactivation has been
          // heard is refused (the socket is closing with 4401), and one after a role or team change is judged with it.
          const actor = await watched.current();
          if (!actor) throw new AppError('unauthenticated', 'errors.unauthenticated');
          switch (frame.type) {
            case 'message': {
              const message = await chat.postAgentMessage(actor, frame.conversationId, { clientId: frame.clientId, text: frame.text });
              reply({ type: 'ack', conversationId: frame.conversationId, clientId: frame.clientId, seq: message.seq });
              return;
            }
            case 'typing':
              return chat.announceAgentTyping(actor, frame.conversationId, frame.on);
            case 'read':
              return chat.markReadByAgent(actor, frame.conversationId, frame.seq);
          }
        },
      });
      registration.detach = hub.addAgent({ workspaceId: opener.workspaceId, userId: opener.userId ?? '', send });
      chat.touchPresence(opener.workspaceId, opener.userId ? [opener.userId] : []).catch(() => undefined);
      send({ type: 'hello' });
    },
  );
};
