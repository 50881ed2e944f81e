/**
 * The customer portal's API under /api/portal/<workspace slug>: customers sign in by e-mail link or password and hold
 * their own session cookie (scoped to the workspace's path, apart from staff sessions); the web form needs no sign-in.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { longText, text } from '../../platform/validation/index.ts';
import { contentDisposition, isInlineSafe, servedContentType, TICKET_STATUSES } from '../tickets/index.ts';
import type { Visitor } from './portal.context.ts';
import type { PortalService } from './portal.service.ts';
import type { OpenedSession, PortalSession } from './portal.sign-in.ts';
import { embedScript } from './web-form-embed.ts';

export const PORTAL_COOKIE = 'kefu_portal';

const tags = ['portal'];
const Workspace = { workspace: z.string().min(1).max(100) };
const WorkspaceParams = z.strictObject(Workspace);
const TicketParams = z.strictObject({ ...Workspace, id: z.uuid() });
const AttachmentParams = z.strictObject({ ...Workspace, id: z.uuid(), attachmentId: z.uuid() });
const AttachmentIds = z.array(z.uuid()).max(10).optional();

export const PortalAttachmentSchema = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number().int(), url: z.string() });
export const PortalTicketSummarySchema = z.object({
  id: z.uuid(),
  number: z.string(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  stage: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastMessageAt: z.date().nullable(),
});
export const PortalTicketDetailSchema = PortalTicketSummarySchema.extend({
  messages: z.array(z.object({ id: z.uuid(), authorType: z.string(), authorName: z.string().nullable(), body: z.string(), createdAt: z.date(), attachments: z.array(PortalAttachmentSchema) })),
  canReply: z.boolean(),
  ratingUrl: z.string().nullable(),
});
export const PortalHomeSchema = z.object({
  workspace: z.object({ name: z.string(), slug: z.string(), defaultLocale: z.string() }),
  customer: z.object({ email: z.string() }).nullable(),
});
export const SignInLinkBody = z.strictObject({ email: text(254, 3) });
export const SignInVerifyBody = z.strictObject({ token: text(200, 1) });
export const SignInPasswordBody = z.strictObject({ email: text(254, 3), password: z.string().min(1).max(200) });
export const SetPasswordBody = z.strictObject({ password: z.string().max(200) });
const AssistantConversationBody = z.strictObject({ id: z.uuid(), token: text(200, 1) }).optional();
export const PortalTicketBody = z.strictObject({ subject: text(200, 1), message: longText(20_000, 1), attachmentIds: AttachmentIds, assistantConversation: AssistantConversationBody });
export const AssistantAskBody = z.strictObject({ subject: text(200, 1), message: longText(20_000, 1) });
const AssistantFeedbackBody = z.strictObject({ token: text(200, 1), turnId: z.uuid(), helpful: z.boolean() });
const AssistantParams = z.strictObject({ ...Workspace, conversationId: z.uuid() });
export const AssistantAnswerSchema = z.object({
  conversationId: z.uuid(),
  token: z.string(),
  turnId: z.uuid(),
  outcome: z.enum(['answered', 'lookup', 'suggested', 'handoff']),
  answer: z.string(),
  article: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  suggestions: z.array(z.object({ id: z.uuid(), title: z.string(), slug: z.string() })),
});
export const PortalReplyBody = z.strictObject({ body: longText(20_000, 1), attachmentIds: AttachmentIds });
export const WebFormBody = z.strictObject({
  name: text(100).optional(),
  email: text(254, 3),
  subject: text(200, 1),
  message: longText(20_000, 1),
  website: text(200).optional(),
  formToken: text(200),
  assistantConversation: AssistantConversationBody,
});
const SignedInSchema = z.object({ customer: z.object({ email: z.string() }) });

const visitorOf = (request: FastifyRequest): Visitor => ({ locale: request.locale, ip: request.ip, requestId: request.id });
const cookiePath = (slug: string) => `/api/portal/${encodeURIComponent(slug)}`;

export const portalRoutes: FastifyPluginAsync<{ portal: PortalService; publicUrl?: string; secureCookies: boolean }> = async (plugin, { portal, publicUrl, secureCookies }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  // Staff authentication passes these by; the portal checks its own cookie.
  const config = { public: true };

  function setSessionCookie(reply: FastifyReply, slug: string, opened: OpenedSession) {
    reply.setCookie(PORTAL_COOKIE, opened.token, { path: cookiePath(slug), httpOnly: true, sameSite: 'lax', secure: secureCookies, expires: opened.expiresAt });
    return { customer: { email: opened.email } };
  }

  async function sessionOf(request: { params: { workspace: string }; cookies: FastifyRequest['cookies'] }): Promise<PortalSession> {
    const workspace = await portal.findWorkspace(request.params.workspace);
    const session = await portal.findSession(workspace, request.cookies[PORTAL_COOKIE]);
    if (!session) throw new AppError('unauthenticated', 'portal.unauthenticated');
    return session;
  }

  app.get('/api/portal/:workspace', { config, schema: { tags, summary: 'The portal of a workspace, and who is signed in to it (if anyone)', params: WorkspaceParams, response: { 200: PortalHomeSchema } } }, async (request) => {
    const workspace = await portal.findWorkspace(request.params.workspace);
    const session = await portal.findSession(workspace, request.cookies[PORTAL_COOKIE]);
    return { workspace: { name: workspace.name, slug: workspace.slug, defaultLocale: workspace.defaultLocale }, customer: session ? { email: session.email } : null };
  });

  app.post(
    '/api/portal/:workspace/sign-in/link',
    { config, schema: { tags, summary: 'E-mail a one-time sign-in link (answers the same for any address)', params: WorkspaceParams, body: SignInLinkBody, response: { 202: z.object({ sent: z.literal(true) }) } } },
    async (request, reply) => {
      const baseUrl = publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
      await portal.requestSignInLink(request.params.workspace, request.body, visitorOf(request), baseUrl);
      return reply.status(202).send({ sent: true });
    },
  );

  app.post('/api/portal/:workspace/sign-in/verify', { config, schema: { tags, summary: 'Sign in with the token of an e-mailed link (once, within 15 minutes)', params: WorkspaceParams, body: SignInVerifyBody, response: { 200: SignedInSchema } } }, async (request, reply) =>
    setSessionCookie(reply, request.params.workspace, await portal.signInWithLink(request.params.workspace, request.body.token, visitorOf(request))),
  );

  app.post('/api/portal/:workspace/sign-in/password', { config, schema: { tags, summary: 'Sign in with the password the customer set', params: WorkspaceParams, body: SignInPasswordBody, response: { 200: SignedInSchema } } }, async (request, reply) =>
    setSessionCookie(reply, request.params.workspace, await portal.signInWithPassword(request.params.workspace, request.body, visitorOf(request))),
  );

  app.post('/api/portal/:workspace/sign-out', { config, schema: { tags, summary: 'End the customer session', params: WorkspaceParams } }, async (request, reply) => {
    const workspace = await portal.findWorkspace(request.params.workspace);
    const session = await portal.findSession(workspace, request.cookies[PORTAL_COOKIE]);
    if (session) await portal.signOut(session);
    reply.clearCookie(PORTAL_COOKIE, { path: cookiePath(request.params.workspace) });
    return reply.status(204).send();
  });

  app.put('/api/portal/:workspace/me/password', { config, schema: { tags, summary: 'Set the optional password (signed in by link first)', params: WorkspaceParams, body: SetPasswordBody } }, async (request, reply) => {
    await portal.setPassword(await sessionOf(request), request.body.password, visitorOf(request));
    return reply.status(204).send();
  });

  app.get('/api/portal/:workspace/tickets', { config, schema: { tags, summary: 'My tickets with their progress, latest first', params: WorkspaceParams, response: { 200: z.object({ items: z.array(PortalTicketSummarySchema) }) } } }, async (request) => ({
    items: await portal.listMyTickets(await sessionOf(request), visitorOf(request)),
  }));

  app.post('/api/portal/:workspace/tickets', { config, schema: { tags, summary: 'Open a new ticket', params: WorkspaceParams, body: PortalTicketBody, response: { 201: PortalTicketDetailSchema } } }, async (request, reply) =>
    reply.status(201).send(await portal.createTicket(await sessionOf(request), request.body, visitorOf(request))),
  );

  app.get('/api/portal/:workspace/tickets/:id', { config, schema: { tags, summary: 'One of my tickets with its public conversation', params: TicketParams, response: { 200: PortalTicketDetailSchema } } }, async (request) =>
    portal.getMyTicket(await sessionOf(request), request.params.id, visitorOf(request)),
  );

  app.post('/api/portal/:workspace/tickets/:id/messages', { config, schema: { tags, summary: 'Reply on my ticket', params: TicketParams, body: PortalReplyBody, response: { 201: PortalTicketDetailSchema } } }, async (request, reply) =>
    reply.status(201).send(await portal.reply(await sessionOf(request), request.params.id, request.body, visitorOf(request))),
  );

  app.post('/api/portal/:workspace/attachments', { config, schema: { tags, summary: 'Upload a file (multipart field "file") to attach to a reply or a new ticket', params: WorkspaceParams, response: { 201: PortalAttachmentSchema } } }, async (request, reply) => {
    const session = await sessionOf(request);
    const file = await request.file();
    if (!file) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'file', messageKey: 'tickets.file_required' }] });
    return reply.status(201).send(await portal.upload(session, { filename: file.filename, data: await file.toBuffer() }, visitorOf(request)));
  });

  app.get('/api/portal/:workspace/tickets/:id/attachments/:attachmentId', { config, schema: { tags, summary: 'A file of my ticket’s conversation', params: AttachmentParams } }, async (request, reply) => {
    const { attachment, stream } = await portal.openAttachment(await sessionOf(request), request.params.id, request.params.attachmentId, visitorOf(request));
    return reply
      .header('content-type', servedContentType(attachment.contentType))
      .header('content-length', String(attachment.sizeBytes))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('content-disposition', contentDisposition(isInlineSafe(attachment.contentType) ? 'inline' : 'attachment', attachment.filename))
      .header('cache-control', 'private, max-age=300')
      .send(stream);
  });

  app.post(
    '/api/portal/:workspace/assistant',
    { config, schema: { tags, summary: 'The bot’s answer to a request before it is sent (signed in or not; limited per IP); null without a bot', params: WorkspaceParams, body: AssistantAskBody, response: { 200: z.object({ answer: AssistantAnswerSchema.nullable() }) } } },
    async (request) => {
      const workspace = await portal.findWorkspace(request.params.workspace);
      const session = await portal.findSession(workspace, request.cookies[PORTAL_COOKIE]);
      return { answer: await portal.askAssistant(request.params.workspace, session, request.body, visitorOf(request)) };
    },
  );

  app.post(
    '/api/portal/:workspace/assistant/:conversationId/feedback',
    { config, schema: { tags, summary: '“Did this answer your question?” on the bot’s answer', params: AssistantParams, body: AssistantFeedbackBody } },
    async (request, reply) => {
      await portal.rateAssistantAnswer(request.params.workspace, request.params.conversationId, request.body);
      return reply.status(204).send();
    },
  );

  app.get('/api/portal/:workspace/web-form', { config, schema: { tags, summary: 'Open the public web form: the token that records when it was opened', params: WorkspaceParams, response: { 200: z.object({ workspace: PortalHomeSchema.shape.workspace, formToken: z.string(), minFillSeconds: z.number() }) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return portal.openWebForm(request.params.workspace);
  });

  app.post('/api/portal/:workspace/web-form', { config, schema: { tags, summary: 'Send the public web form: a ticket (honeypot, minimum fill time, limits per IP and address)', params: WorkspaceParams, body: WebFormBody, response: { 201: z.object({ ticketNumber: z.string() }) } } }, async (request, reply) =>
    reply.status(201).send(await portal.submitWebForm(request.params.workspace, request.body, visitorOf(request))),
  );

  app.get('/api/portal/:workspace/embed.js', { config, schema: { tags, summary: 'The script that embeds the web form on another site (an iframe where the script tag is)', params: WorkspaceParams } }, async (request, reply) => {
    const workspace = await portal.findWorkspace(request.params.workspace);
    const baseUrl = publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(embedScript(`${baseUrl}/portal/${encodeURIComponent(workspace.slug)}/form?embed=1`));
  });
};
