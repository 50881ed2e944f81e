import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { etag, fieldProblemsFromZodError, IdParams, OkSchema, readIfMatch, requireIfMatch } from '../../platform/validation/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { contentDisposition, isInlineSafe, servedContentType } from './content-sniff.ts';
import {
  AddMessageBody,
  AddMessageFormFields,
  AttachmentSchema,
  BulkUpdateBody,
  CreateCustomFieldBody,
  CreateTicketBody,
  CreateTicketTypeBody,
  CreateViewBody,
  CustomFieldSchema,
  ListTicketsQuerySchema,
  MessageSchema,
  SavedViewSchema,
  TicketCountsSchema,
  TicketDetailSchema,
  TicketListItemSchema,
  TicketSchema,
  TicketTypeSchema,
  TimelineEntrySchema,
  TypeKeySchema,
  UpdateCustomFieldBody,
  UpdateTicketBody,
  UpdateTicketTypeBody,
} from './tickets.schemas.ts';
import type { TicketsService } from './tickets.service.ts';

/** The actor, speaking the language of this request (status names in problems are translated with it). */
function actorOf(request: FastifyRequest): Actor {
  return { ...requireActor(request), locale: request.locale };
}

const CursorQuery = z.strictObject({ cursor: z.string().regex(/^\d{1,18}$/).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });
const LinkParams = z.strictObject({ id: z.uuid(), linkedId: z.uuid() });
const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ticketsRoutes: FastifyPluginAsync<{ tickets: TicketsService }> = async (plugin, { tickets }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  // ---- tickets ----

  app.post(
    '/tickets',
    { schema: { tags: ['tickets'], summary: 'Register a ticket; the description becomes the first message', body: CreateTicketBody, response: { 201: TicketSchema } } },
    async (request, reply) => {
      const { customer, ...rest } = request.body;
      const created = await tickets.createTicket(actorOf(request), { ...rest, customer: customer.id ? { id: customer.id } : customer });
      return reply.status(201).header('etag', etag(created.version)).send(created);
    },
  );

  app.get(
    '/tickets',
    { schema: { tags: ['tickets'], summary: 'A page of tickets: a view, filters, full-text search, keyset cursor', querystring: ListTicketsQuerySchema, response: { 200: Page(TicketListItemSchema) } } },
    async (request) => tickets.listTickets(actorOf(request), request.query),
  );

  app.get(
    '/tickets/counts',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Counts of open tickets by status, priority, SLA state and team, and of today’s created and solved tickets (analytics.read)',
        response: { 200: TicketCountsSchema },
      },
    },
    async (request) => tickets.countTickets(actorOf(request)),
  );

  app.get(
    '/tickets/by-number/:number',
    { schema: { tags: ['tickets'], params: z.strictObject({ number: z.string().min(1).max(40) }), response: { 200: TicketDetailSchema } } },
    async (request, reply) => {
      const ticket = await tickets.getTicketByNumber(actorOf(request), request.params.number);
      return reply.header('etag', etag(ticket.version)).send(ticket);
    },
  );

  app.get('/tickets/:id', { schema: { tags: ['tickets'], params: IdParams, response: { 200: TicketDetailSchema } } }, async (request, reply) => {
    const ticket = await tickets.getTicket(actorOf(request), request.params.id);
    return reply.header('etag', etag(ticket.version)).send(ticket);
  });

  app.patch(
    '/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change fields, status or assignment; requires If-Match with the version last read',
        params: IdParams,
        body: UpdateTicketBody,
        response: { 200: TicketSchema },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const ticket = await tickets.updateTicket(actorOf(request), request.params.id, request.body, { ifMatch });
      return reply.header('etag', etag(ticket.version)).send(ticket);
    },
  );

  app.post(
    '/tickets/bulk',
    {
      schema: {
        tags: ['tickets'],
        summary: 'One change (assignee, team, status, tags) to up to 500 tickets, all or nothing; a refusal names each ticket and why',
        body: BulkUpdateBody,
        response: { 200: z.object({ items: z.array(TicketListItemSchema), changed: z.number().int() }) },
      },
    },
    async (request) => tickets.bulkUpdateTickets(actorOf(request), request.body),
  );

  // ---- conversation ----

  app.post(
    '/tickets/:id/messages',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Add a public reply or an internal note (JSON, or multipart with files)',
        params: IdParams,
        // Absent (Fastify passes null) for multipart requests, whose fields are validated below with the same rules.
        body: AddMessageBody.nullish(),
        response: { 201: z.object({ message: MessageSchema, ticket: TicketSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const ifMatch = readIfMatch(request.headers['if-match']);
      let input = request.body;
      const uploadedIds: string[] = [];
      try {
        if (request.isMultipart()) {
          // Nothing is stored for a ticket the actor may not write to.
          await tickets.assertCanAddMessage(actor, request.params.id);
          const fields: Record<string, string> = {};
          for await (const part of request.parts()) {
            if (part.type === 'file') {
              const data = await part.toBuffer();
              uploadedIds.push((await tickets.uploadAttachment(actor, { filename: part.filename, data })).id);
            } else if (typeof part.value === 'string') {
              fields[part.fieldname] = part.value;
            }
          }
          const parsed = AddMessageFormFields.safeParse(fields);
          if (!parsed.success) {
            throw new AppError('validation', 'errors.validation', { fields: fieldProblemsFromZodError(parsed.error) });
          }
          input = { ...parsed.data, attachmentIds: [...uploadedIds] };
        }
        if (!input) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'body', messageKey: 'tickets.body_required' }] });
        if (input.body.trim() === '' && !input.attachmentIds?.length) {
          throw new AppError('validation', 'errors.validation', { fields: [{ field: 'body', messageKey: 'validation.required' }] });
        }
        const result = await tickets.addMessage(actor, request.params.id, input, { ifMatch });
        return reply.status(201).header('etag', etag(result.ticket.version)).send(result);
      } catch (error) {
        await tickets.discardUnclaimedAttachments(actor, uploadedIds).catch(() => undefined);
        throw error;
      }
    },
  );

  app.get(
    '/tickets/:id/messages',
    {
      schema: {
        tags: ['tickets'],
        params: IdParams,
        querystring: CursorQuery.extend({ kind: z.enum(['reply', 'note']).optional() }),
        response: { 200: Page(MessageSchema) },
      },
    },
    async (request) => {
      const { cursor, limit, kind } = request.query;
      return tickets.listMessages(actorOf(request), request.params.id, { after: cursor === undefined ? undefined : Number(cursor), limit, kind });
    },
  );

  app.get(
    '/tickets/:id/timeline',
    { schema: { tags: ['tickets'], summary: 'Progress tracking: every step with stage, operator, time and changes', params: IdParams, querystring: CursorQuery, response: { 200: Page(TimelineEntrySchema) } } },
    async (request) => {
      const { cursor, limit } = request.query;
      return tickets.listTimeline(actorOf(request), request.params.id, { after: cursor === undefined ? undefined : Number(cursor), limit });
    },
  );

  // ---- merge and links ----

  app.post(
    '/tickets/:id/merge',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Merge this ticket (the duplicate) into another; honours If-Match when sent',
        params: IdParams,
        body: z.strictObject({ targetId: z.uuid() }),
        response: { 200: z.object({ source: TicketSchema, target: TicketSchema }) },
      },
    },
    async (request) => tickets.mergeTicket(actorOf(request), request.params.id, request.body.targetId, { ifMatch: readIfMatch(request.headers['if-match']) }),
  );

  const LinksResponse = z.object({ items: z.array(TicketDetailSchema.shape.links.element) });

  app.get('/tickets/:id/links', { schema: { tags: ['tickets'], params: IdParams, response: { 200: LinksResponse } } }, async (request) => ({
    items: await tickets.listLinks(actorOf(request), request.params.id),
  }));

  app.post(
    '/tickets/:id/links',
    { schema: { tags: ['tickets'], summary: 'Link a related ticket (symmetric)', params: IdParams, body: z.strictObject({ ticketId: z.uuid() }), response: { 200: LinksResponse } } },
    async (request) => {
      const actor = actorOf(request);
      await tickets.linkTickets(actor, request.params.id, request.body.ticketId);
      return { items: await tickets.listLinks(actor, request.params.id) };
    },
  );

  const unlink = async (request: FastifyRequest, id: string, linkedId: string) => {
    const actor = actorOf(request);
    await tickets.unlinkTickets(actor, id, linkedId);
    return { items: await tickets.listLinks(actor, id) };
  };

  app.delete('/tickets/:id/links/:linkedId', { schema: { tags: ['tickets'], params: LinkParams, response: { 200: LinksResponse } } }, async (request) =>
    unlink(request, request.params.id, request.params.linkedId),
  );

  app.delete(
    '/tickets/:id/links',
    { schema: { tags: ['tickets'], params: IdParams, body: z.strictObject({ ticketId: z.uuid() }), response: { 200: LinksResponse } } },
    async (request) => unlink(request, request.params.id, request.body.ticketId),
  );

  // ---- attachments ----

  app.post(
    '/attachments',
    { schema: { tags: ['attachments'], summary: 'Upload a file (multipart field "file"); reference its id in a message', response: { 201: AttachmentSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await request.file();
      if (!file) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'file', messageKey: 'tickets.file_required' }] });
      const data = await file.toBuffer();
      return reply.status(201).send(await tickets.uploadAttachment(actor, { filename: file.filename, data }));
    },
  );

  app.get(
    '/attachments/:id',
    { schema: { tags: ['attachments'], summary: 'Download a file with headers that keep it from running in the browser', params: IdParams } },
    async (request, reply) => {
      const { attachment, stream } = await tickets.openAttachment(actorOf(request), request.params.id);
      return reply
        .header('content-type', servedContentType(attachment.contentType))
        .header('content-length', String(attachment.sizeBytes))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('content-disposition', contentDisposition(isInlineSafe(attachment.contentType) ? 'inline' : 'attachment', attachment.filename))
        .header('cache-control', 'private, max-age=300')
        .send(stream);
    },
  );

  // ---- settings: types, custom fields, views ----

  app.get('/ticket-types', { schema: { tags: ['ticket-settings'], response: { 200: z.object({ items: z.array(TicketTypeSchema) }) } } }, async (request) => ({
    items: await tickets.listTicketTypes(actorOf(request)),
  }));

  app.post('/ticket-types', { schema: { tags: ['ticket-settings'], body: CreateTicketTypeBody, response: { 201: TicketTypeSchema } } }, async (request, reply) =>
    reply.status(201).send(await tickets.createTicketType(actorOf(request), request.body)),
  );

  app.patch(
    '/ticket-types/:key',
    { schema: { tags: ['ticket-settings'], params: z.strictObject({ key: TypeKeySchema }), body: UpdateTicketTypeBody, response: { 200: TicketTypeSchema } } },
    async (request) => tickets.updateTicketType(actorOf(request), request.params.key, request.body),
  );

  app.get('/custom-fields', { schema: { tags: ['ticket-settings'], response: { 200: z.object({ items: z.array(CustomFieldSchema) }) } } }, async (request) => ({
    items: await tickets.listCustomFields(actorOf(request)),
  }));

  app.post('/custom-fields', { schema: { tags: ['ticket-settings'], body: CreateCustomFieldBody, response: { 201: CustomFieldSchema } } }, async (request, reply) =>
    reply.status(201).send(await tickets.createCustomField(actorOf(request), request.body)),
  );

  app.patch('/custom-fields/:id', { schema: { tags: ['ticket-settings'], params: IdParams, body: UpdateCustomFieldBody, response: { 200: CustomFieldSchema } } }, async (request) =>
    tickets.updateCustomField(actorOf(request), request.params.id, request.body),
  );

  app.delete('/custom-fields/:id', { schema: { tags: ['ticket-settings'], params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await tickets.deleteCustomField(actorOf(request), request.params.id);
    return { ok: true as const };
  });

  app.get(
    '/views',
    { schema: { tags: ['ticket-views'], response: { 200: z.object({ builtIn: z.array(z.string()), items: z.array(SavedViewSchema) }) } } },
    async (request) => {
      const { builtIn, items } = await tickets.listViews(actorOf(request));
      return { builtIn: [...builtIn], items };
    },
  );

  app.post('/views', { schema: { tags: ['ticket-views'], body: CreateViewBody, response: { 201: SavedViewSchema } } }, async (request, reply) =>
    reply.status(201).send(await tickets.createView(actorOf(request), request.body)),
  );

  app.delete('/views/:id', { schema: { tags: ['ticket-views'], params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await tickets.deleteView(actorOf(request), request.params.id);
    return { ok: true as const };
  });
};
