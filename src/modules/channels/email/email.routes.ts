import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { EmailSchema, IdParams, OkSchema, text } from '../../../platform/validation/index.ts';
import type { EmailService } from './email.service.ts';

export const MailboxSchema = z.object({
  id: z.uuid(),
  address: z.string(),
  displayName: z.string(),
  isActive: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const EmailSettingsSchema = z.object({
  relayUrl: z.string().nullable().describe('The workspace relay, password hidden; null sends through the server default'),
  hasDefaultRelay: z.boolean().describe('Whether the server has SMTP_RELAY_URL to fall back on'),
  fromName: z.string(),
  updatedAt: z.date().nullable(),
});

const InboundSchema = z.object({
  id: z.uuid(),
  messageId: z.string().nullable(),
  fromAddress: z.string().nullable(),
  subject: z.string().nullable(),
  outcome: z.enum(['ticket_created', 'message_added', 'note_added', 'stored']).nullable(),
  automated: z.string().nullable(),
  ticketMessageId: z.string().nullable(),
  duplicates: z.number(),
  receivedAt: z.date(),
});

const CreateMailboxBody = z.strictObject({ address: EmailSchema, displayName: text(100).optional() });
const UpdateMailboxBody = z.strictObject({ displayName: text(100).optional(), isActive: z.boolean().optional() });
const UpdateSettingsBody = z.strictObject({
  relayUrl: text(500).nullable().optional().describe('smtp://user:password@host:587 or smtps://…; null or empty uses the server default; the hidden password keeps the stored one'),
  fromName: text(100).optional(),
});

export type MailboxSchema = z.infer<typeof MailboxSchema>;
export type EmailSettingsSchema = z.infer<typeof EmailSettingsSchema>;
export type CreateMailboxBody = z.infer<typeof CreateMailboxBody>;
export type UpdateMailboxBody = z.infer<typeof UpdateMailboxBody>;
export type UpdateEmailSettingsBody = z.infer<typeof UpdateSettingsBody>;

export const emailRoutes: FastifyPluginAsync<{ email: EmailService }> = async (plugin, { email }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/mailboxes', { schema: { tags: ['email'], summary: "The workspace's e-mail addresses (admin)", response: { 200: z.object({ items: z.array(MailboxSchema) }) } } }, async (request) => ({
    items: await email.listMailboxes(requireActor(request)),
  }));

  app.post('/mailboxes', { schema: { tags: ['email'], summary: 'Add an address the workspace receives mail at (admin)', body: CreateMailboxBody, response: { 201: MailboxSchema } } }, async (request, reply) =>
    reply.status(201).send(await email.createMailbox(requireActor(request), request.body)),
  );

  app.patch('/mailboxes/:id', { schema: { tags: ['email'], summary: 'Rename, pause or resume a mailbox (admin)', params: IdParams, body: UpdateMailboxBody, response: { 200: MailboxSchema } } }, async (request) =>
    email.updateMailbox(requireActor(request), request.params.id, request.body),
  );

  app.delete('/mailboxes/:id', { schema: { tags: ['email'], summary: 'Remove a mailbox (admin); mail to it is refused from then on', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await email.deleteMailbox(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/email-settings', { schema: { tags: ['email'], summary: 'Outbound e-mail settings (admin)', response: { 200: EmailSettingsSchema } } }, async (request) => email.getSettings(requireActor(request)));

  app.patch('/email-settings', { schema: { tags: ['email'], summary: 'Change the relay and sender name (admin)', body: UpdateSettingsBody, response: { 200: EmailSettingsSchema } } }, async (request) =>
    email.updateSettings(requireActor(request), request.body),
  );

  app.get(
    '/tickets/:id/email',
    { schema: { tags: ['email'], summary: "The mail that arrived on a ticket (what left: GET /tickets/{id}/deliveries)", params: IdParams, response: { 200: z.object({ inbound: z.array(InboundSchema) }) } } },
    async (request) => email.getTicketMail(requireActor(request), request.params.id),
  );
};
