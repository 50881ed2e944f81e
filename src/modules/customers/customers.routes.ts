import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { etag, IdParams, IfMatchHeaders, LocaleSchema, longText, requireIfMatch, text } from '../../platform/validation/index.ts';
import { decodeCursor } from './customer-search.ts';
import { CustomerSchema, IdentityKindSchema } from './customers.schemas.ts';
import type { CustomersService } from './customers.service.ts';

const OrganizationSchema = z.object({ id: z.uuid(), name: z.string(), domain: z.string().nullable(), createdAt: z.date() });

// Values are checked per kind by the service (e-mail syntax, phone digits), which names `identities.N.value`.
const CustomerBody = z.strictObject({
  name: text(200).optional(),
  identities: z.array(z.strictObject({ kind: IdentityKindSchema, value: text(254, 1) })).max(20).optional(),
  organizationId: z.uuid().nullable().optional(),
  tags: z.array(text(50, 1)).max(50).optional(),
  notes: longText(5000).optional(),
  locale: LocaleSchema.nullable().optional(),
  externalRef: text(200).nullable().optional(),
});

const ListQuery = z.strictObject({
  q: text(200).optional(),
  tag: text(50).optional(),
  organizationId: z.uuid().optional(),
  cursor: z
    .string()
    .max(300)
    .refine((cursor) => decodeCursor(cursor) !== null, { message: 'customers.invalid_cursor' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const customersRoutes: FastifyPluginAsync<{ customers: CustomersService }> = async (plugin, { customers }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'List customers, newest first; q matches name, e-mail or phone',
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(CustomerSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => customers.listCustomers(requireActor(request), request.query),
  );

  app.post(
    '/customers',
    { schema: { tags: ['customers'], body: CustomerBody, response: { 201: CustomerSchema } } },
    async (request, reply) => {
      const customer = await customers.createCustomer(requireActor(request), request.body);
      return reply.status(201).header('etag', etag(customer.version)).send(customer);
    },
  );

  app.get('/customers/:id', { schema: { tags: ['customers'], params: IdParams, response: { 200: CustomerSchema } } }, async (request, reply) => {
    const customer = await customers.getCustomer(requireActor(request), request.params.id);
    reply.header('etag', etag(customer.version));
    return customer;
  });

  app.patch(
    '/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change a customer; needs If-Match with the current version (ETag)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: CustomerBody,
        response: { 200: CustomerSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const expectedVersion = requireIfMatch(request.headers['if-match']);
      const customer = await customers.updateCustomer(actor, request.params.id, request.body, expectedVersion);
      reply.header('etag', etag(customer.version));
      return customer;
    },
  );

  app.get(
    '/organizations',
    {
      schema: {
        tags: ['organizations'],
        querystring: z.strictObject({ q: text(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
        response: { 200: z.object({ items: z.array(OrganizationSchema) }) },
      },
    },
    async (request) => ({ items: await customers.listOrganizations(requireActor(request), request.query) }),
  );

  app.post(
    '/organizations',
    {
      schema: {
        tags: ['organizations'],
        body: z.strictObject({ name: text(200, 1), domain: text(253).nullable().optional() }),
        response: { 201: OrganizationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await customers.createOrganization(requireActor(request), request.body)),
  );
};
