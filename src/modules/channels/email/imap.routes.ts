import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { IdParams, OkSchema, text } from '../../../platform/validation/index.ts';
import type { ImapService } from './imap.service.ts';

export const ImapAccountSchema = z.object({
  id: z.uuid(),
  mailboxId: z.uuid().describe('The workspace address mail read here is filed as'),
  host: z.string(),
  port: z.number(),
  secure: z.boolean(),
  username: z.string(),
  hasPassword: z.boolean().describe('The password is never returned, only whether one is stored'),
  folder: z.string(),
  isActive: z.boolean(),
  lastSyncedAt: z.date().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ImapTestResultSchema = z.object({
  ok: z.boolean(),
  messages: z.number().nullable(),
  idle: z.boolean().nullable().describe('Whether the server announces new mail (IDLE); without it the folder is polled'),
  error: z.string().nullable().describe("The server's own words when it failed"),
});

const Connection = {
  host: text(253, 1),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().describe('TLS from the start (usually port 993); false upgrades with STARTTLS where offered'),
  username: text(320, 1),
  password: z.string().max(500).optional().describe('Omitted or empty keeps the stored password'),
  folder: text(200, 1).optional().describe('The folder to read; INBOX when omitted (an empty name is refused, not replaced)'),
};
const ImapAccountBody = z.strictObject({ ...Connection, mailboxId: z.uuid(), isActive: z.boolean().optional() });
const ImapTestBody = z.strictObject({ ...Connection, accountId: z.uuid().optional().describe("Test with this account's stored password when none is given") });

export type ImapAccountSchema = z.infer<typeof ImapAccountSchema>;
export type ImapTestResultSchema = z.infer<typeof ImapTestResultSchema>;
export type ImapAccountBody = z.infer<typeof ImapAccountBody>;
export type ImapTestBody = z.infer<typeof ImapTestBody>;

export const imapRoutes: FastifyPluginAsync<{ imap: ImapService }> = async (plugin, { imap }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/imap-accounts', { schema: { tags: ['email'], summary: 'Mailboxes read over IMAP, passwords hidden (admin)', response: { 200: z.object({ items: z.array(ImapAccountSchema) }) } } }, async (request) => ({
    items: await imap.listImapAccounts(requireActor(request)),
  }));

  app.post('/imap-accounts', { schema: { tags: ['email'], summary: 'Read an existing mailbox over IMAP (admin)', body: ImapAccountBody, response: { 201: ImapAccountSchema } } }, async (request, reply) =>
    reply.status(201).send(await imap.createImapAccount(requireActor(request), request.body)),
  );

  app.put('/imap-accounts/:id', { schema: { tags: ['email'], summary: 'Change an IMAP mailbox (admin); another host or folder is read from its start', params: IdParams, body: ImapAccountBody, response: { 200: ImapAccountSchema } } }, async (request) =>
    imap.updateImapAccount(requireActor(request), request.params.id, request.body),
  );

  app.delete('/imap-accounts/:id', { schema: { tags: ['email'], summary: 'Stop reading an IMAP mailbox (admin)', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await imap.deleteImapAccount(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.post('/imap-accounts/test', { schema: { tags: ['email'], summary: 'Connect, sign in and open the folder with these settings (admin)', body: ImapTestBody, response: { 200: ImapTestResultSchema } } }, async (request) =>
    imap.testImapAccount(requireActor(request), request.body),
  );
};
