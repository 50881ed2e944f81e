/**
 * The visitor's side, outside /api/v1 (no sign-in): the widget script, its socket, and file upload and download.
 * A conversation is reached with the token given when it started. The HTTP routes answer any origin (the widget
 * runs on the customer's website); the socket needs no CORS.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import type { Logger } from '../../platform/logger.ts';
import { contentDisposition, isInlineSafe, servedContentType } from '../tickets/index.ts';
import type { ChatHub, Frame, VisitorSink } from './chat-hub.ts';
import { parseFrame, VisitorFrame } from './chat-protocol.ts';
import { runSocket, type ChatSocket } from './chat-socket.ts';
import type { ConversationRecord } from './chat.repository.ts';
import type { ChatService } from './chat.service.ts';
import { loadWidgetBundle } from './widget-bundle.ts';

const tags = ['widget'];
const Workspace = z.string().min(1).max(100);
const ConversationParams = z.strictObject({ workspace: Workspace, id: z.uuid() });
const TokenQuery = z.strictObject({ token: z.string().min(10).max(100) });
const AttachmentRefSchema = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() });

/** The conversation as its visitor sees it: no agent ids, no customer ids. */
export function visitorView(conversation: ConversationRecord, agentName: string | null) {
  return {
    id: conversation.id,
    status: conversation.status,
    ticketNumber: conversation.ticketNumber,
    lastSeq: conversation.lastSeq,
    agentReadSeq: conversation.agentReadSeq,
    agentName,
  };
}

export const chatWidgetRoutes: FastifyPluginAsync<{ chat: ChatService; hub: ChatHub; logger?: Logger }> = async (plugin, { chat, hub, logger }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  await hub.start();
  app.addHook('onClose', async () => hub.stop());

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/widget/chat/')) reply.header('access-control-allow-origin', '*');
  });
  app.options('/api/widget/chat/*', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').status(204).send(),
  );

  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    const bundle = await loadWidgetBundle();
    reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(bundle.gzip);
    return reply.send(bundle.code);
  });

  app.get(
    '/api/widget/chat/:workspace/availability',
    { schema: { tags, summary: 'Whether someone can chat now (opening hours and an agent online)', params: z.strictObject({ workspace: Workspace }), response: { 200: z.object({ open: z.boolean(), reason: z.enum(['closed', 'no_agent']).nullable(), botFirst: z.boolean() }) } }, config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request) => chat.getAvailability((await chat.findWorkspace(request.params.workspace)).id),
  );

  app.post(
    '/api/widget/chat/:workspace/conversations/:id/attachments',
    { schema: { tags, summary: 'Upload a file to the chat (multipart field "file"); name its id in a message', params: ConversationParams, querystring: TokenQuery, response: { 201: AttachmentRefSchema } }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const workspace = await chat.findWorkspace(request.params.workspace);
      const conversation = await chat.authenticate(workspace.id, request.params.id, request.query.token);
      const file = await request.file();
      if (!file) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'file', messageKey: 'tickets.file_required' }] });
      return reply.status(201).send(await chat.uploadVisitorFile(workspace.id, conversation, { filename: file.filename, data: await file.toBuffer() }));
    },
  );

  app.get(
    '/api/widget/chat/:workspace/conversations/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Download a file of the chat', params: ConversationParams.extend({ attachmentId: z.uuid() }), querystring: TokenQuery }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const workspace = await chat.findWorkspace(request.params.workspace);
      const conversation = await chat.authenticate(workspace.id, request.params.id, request.query.token);
      const { attachment, stream } = await chat.openFile(workspace.id, conversation.id, request.params.attachmentId);
      return reply
        .header('content-type', servedContentType(attachment.contentType))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('content-disposition', contentDisposition(isInlineSafe(attachment.contentType) ? 'inline' : 'attachment', attachment.filename))
        .header('cache-control', 'private, max-age=300')
        .send(stream);
    },
  );

  app.get('/api/widget/chat/:workspace/socket', { websocket: true, schema: { hide: true } }, (raw, request) => {
    const socket = raw as unknown as ChatSocket;
    const slug = String((request.params as { workspace?: unknown }).workspace ?? '');
    let locale: Locale = isLocale(request.locale) ? request.locale : 'en';
    let workspaceId: string | undefined;
    let conversation: ConversationRecord | undefined;
    let detach: (() => void) | undefined;

    const requireWorkspace = async () => (workspaceId ??= (await chat.findWorkspace(slug)).id);
    const requireConversation = () => {
      if (!conversation || !workspaceId) throw new AppError('invalid_state', 'chat.conversation_not_found');
      return { conversation, workspaceId };
    };
    const attach = (record: ConversationRecord, send: (frame: Frame) => void) => {
      conversation = record;
      detach?.();
      const sink: VisitorSink = {
        workspaceId: workspaceId!,
        conversationId: record.id,
        send,
        onState: (status, agentId) => {
          if (conversation) conversation = { ...conversation, status: status as ConversationRecord['status'], agentId };
        },
      };
      detach = hub.addVisitor(sink);
    };
    const replay = async (after: number, send: (frame: Frame) => void) => {
      const { conversation: current, workspaceId: ws } = requireConversation();
      for (const message of await chat.listMessagesAfter(ws, current.id, after)) send({ type: 'message', message });
    };
    const sendPlace = async (send: (frame: Frame) => void) => {
      const { conversation: current, workspaceId: ws } = requireConversation();
      const place = (await chat.queuePlaces(ws)).get(current.id);
      if (place) send({ type: 'queue', ...place });
    };

    runSocket(socket, {
      locale: () => locale,
      logger,
      onClose: () => detach?.(),
      async handle(data, send) {
        const frame = parseFrame(VisitorFrame, data);
        const ws = await requireWorkspace();
        switch (frame.type) {
          case 'hello': {
            if (frame.locale) locale = frame.locale;
            if (frame.conversationId && frame.token) attach(await chat.authenticate(ws, frame.conversationId, frame.token), send);
            // Registered before the replay: a message committed meanwhile comes live or in the replay (the client drops repeats by seq).
            const availability = await chat.getAvailability(ws);
            const agentName = conversation ? await chat.agentNameOf(ws, conversation.agentId) : null;
            send({ type: 'welcome', ...availability, conversation: conversation ? visitorView(conversation, agentName) : null });
            if (conversation) {
              await replay(frame.after ?? 0, send);
              if (conversation.status === 'queued') await sendPlace(send);
            }
            return;
          }
          case 'start': {
            if (conversation && conversation.status !== 'ended') throw new AppError('invalid_state', 'chat.not_queued');
            const started = await chat.startConversation(ws, { name: frame.name, email: frame.email, phone: frame.phone, locale });
            attach(started.conversation, send);
            send({ type: 'started', conversationId: started.conversation.id, token: started.token, conversation: visitorView(started.conversation, null) });
            if (started.conversation.status === 'queued') await sendPlace(send);
            return;
          }
          case 'leave': {
            const left = await chat.leaveMessage(ws, { name: frame.name, email: frame.email, phone: frame.phone, text: frame.text, locale });
            send({ type: 'left', ticketNumber: left.ticketNumber });
            return;
          }
          case 'message': {
            const { conversation: current } = requireConversation();
            const { message, reply } = await chat.postVisitorMessage(ws, current, { clientId: frame.clientId, text: frame.text, attachmentIds: frame.attachmentIds });
            send({ type: 'ack', clientId: frame.clientId, seq: message.seq });
            reply.catch((error: unknown) => logger?.warn({ err: error }, 'chat: the bot could not answer'));
            return;
          }
          case 'typing':
            return chat.announceTyping(ws, requireConversation().conversation, 'visitor', frame.on);
          case 'read':
            return chat.markRead(ws, requireConversation().conversation, 'visitor', frame.seq);
          case 'resume':
            return replay(frame.after, send);
          case 'end':
            return chat.endByVisitor(ws, requireConversation().conversation.id);
        }
      },
    });
  });
};
