import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SUBTASK_SLA_STATES, SUBTASK_STATUSES } from '../../contracts/collaboration.ts';
import { requireActor } from '../../platform/actor.ts';
import { etag, IdParams, IfMatchHeaders, longText, OkSchema, readIfMatch, text } from '../../platform/validation/index.ts';
import type { CollaborationService } from './collaboration.service.ts';

const PersonSchema = z.object({ id: z.uuid(), name: z.string() });

export const SubtaskSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  ticketSubject: z.string(),
  department: PersonSchema,
  assignee: PersonSchema.nullable(),
  title: z.string(),
  description: z.string(),
  status: z.enum(SUBTASK_STATUSES),
  dueAt: z.date().nullable(),
  warnAt: z.date().nullable(),
  slaState: z.enum(SUBTASK_SLA_STATES),
  notifyCustomer: z.boolean(),
  resolution: z.string().nullable(),
  cancelReason: z.string().nullable(),
  origin: z.string(),
  createdBy: PersonSchema.nullable(),
  completedBy: PersonSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  completedAt: z.date().nullable(),
  version: z.number().int(),
});

export const SubtaskDetailSchema = SubtaskSchema.extend({
  parent: z.object({
    id: z.uuid(),
    number: z.string(),
    subject: z.string(),
    description: z.string(),
    status: z.string(),
    priority: z.string(),
    urgency: z.string(),
    type: z.string(),
    channel: z.string(),
    customerName: z.string().nullable(),
    canOpen: z.boolean().describe('Whether the viewer may open the whole ticket'),
  }),
});

const ProgressSchema = z.object({ done: z.number().int(), total: z.number().int().describe('Sub-tasks that count (cancelled ones do not)') });

export const CreateSubtaskBody = z.strictObject({
  departmentId: z.uuid(),
  title: text(200, 1),
  description: longText(5000).optional(),
  assigneeId: z.uuid().nullable().optional(),
  dueAt: z.coerce.date().nullable().optional().describe("Omitted: the department's target applies; null: no due time"),
  notifyCustomer: z.boolean().optional().describe('Completing it asks for a progress update to the customer'),
});

export const UpdateSubtaskBody = z.strictObject({
  title: text(200, 1).optional(),
  description: longText(5000).optional(),
  assigneeId: z.uuid().nullable().optional(),
  dueAt: z.coerce.date().nullable().optional(),
  status: z.enum(['open', 'in_progress']).optional().describe('Start it, or reopen a completed one'),
  notifyCustomer: z.boolean().optional(),
});

export const CompleteSubtaskBody = z.strictObject({ resolution: longText(5000, 1), notifyCustomer: z.boolean().optional() });
export const CancelSubtaskBody = z.strictObject({ reason: longText(1000, 1) });

const TargetSchema = z.object({ departmentId: z.uuid(), minutes: z.number().int(), businessTime: z.boolean(), warnPercent: z.number().int(), updatedAt: z.date() });
export const TargetBody = z.strictObject({
  minutes: z.number().int().min(1).max(60 * 24 * 90),
  businessTime: z.boolean().optional().describe("Counted on the department's business calendar (default true)"),
  warnPercent: z.number().int().min(1).max(99).optional(),
});

const ListQuery = z.strictObject({
  scope: z.enum(['mine', 'departments', 'all']).optional().describe('Default: a specialist’s departments, everyone else’s all'),
  state: z.enum(['active', 'done', 'cancelled', 'all']).optional(),
  departmentId: z.string().max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const DepartmentParams = z.strictObject({ departmentId: z.uuid() });

export const collaborationRoutes: FastifyPluginAsync<{ collaboration: CollaborationService }> = async (plugin, { collaboration }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['sub-tasks'];

  app.get(
    '/tickets/:id/subtasks',
    { schema: { tags, summary: "A ticket's sub-tasks and its progress (n of m done)", params: IdParams, response: { 200: z.object({ items: z.array(SubtaskSchema), progress: ProgressSchema }) } } },
    async (request) => collaboration.listTicketSubtasks(requireActor(request), request.params.id),
  );

  app.post(
    '/tickets/:id/subtasks',
    { schema: { tags, summary: 'Hand part of the ticket to a department', params: IdParams, body: CreateSubtaskBody, response: { 201: SubtaskSchema } } },
    async (request, reply) => {
      const created = await collaboration.createSubtask(requireActor(request), { ticketId: request.params.id, ...request.body });
      reply.code(201).header('etag', etag(created.version));
      return created;
    },
  );

  app.get(
    '/subtasks',
    { schema: { tags, summary: 'A queue of sub-tasks, soonest due first', querystring: ListQuery, response: { 200: z.object({ items: z.array(SubtaskSchema), nextCursor: z.string().nullable() }) } } },
    async (request) => collaboration.listSubtasks(requireActor(request), request.query),
  );

  app.get('/subtasks/:id', { schema: { tags, summary: "A sub-task with its parent's context", params: IdParams, response: { 200: SubtaskDetailSchema } } }, async (request, reply) => {
    const detail = await collaboration.getSubtask(requireActor(request), request.params.id);
    reply.header('etag', etag(detail.version));
    return detail;
  });

  app.patch(
    '/subtasks/:id',
    { schema: { tags, summary: 'Change assignee, due time, title; start or reopen', params: IdParams, headers: IfMatchHeaders, body: UpdateSubtaskBody, response: { 200: SubtaskSchema } } },
    async (request, reply) => {
      const updated = await collaboration.updateSubtask(requireActor(request), request.params.id, request.body, { ifMatch: readIfMatch(request.headers['if-match']) });
      reply.header('etag', etag(updated.version));
      return updated;
    },
  );

  app.post(
    '/subtasks/:id/complete',
    { schema: { tags, summary: 'Report it done; the parent ticket hears what was done', params: IdParams, headers: IfMatchHeaders, body: CompleteSubtaskBody, response: { 200: SubtaskSchema } } },
    async (request) => collaboration.completeSubtask(requireActor(request), request.params.id, request.body, { ifMatch: readIfMatch(request.headers['if-match']) }),
  );

  app.post(
    '/subtasks/:id/cancel',
    { schema: { tags, summary: 'Withdraw the request (the asking side)', params: IdParams, body: CancelSubtaskBody, response: { 200: SubtaskSchema } } },
    async (request) => collaboration.cancelSubtask(requireActor(request), request.params.id, request.body),
  );

  app.get('/subtask-targets', { schema: { tags, summary: "Departments' default targets for their sub-tasks", response: { 200: z.object({ items: z.array(TargetSchema) }) } } }, async (request) => ({
    items: await collaboration.listTargets(requireActor(request)),
  }));

  app.put(
    '/subtask-targets/:departmentId',
    { schema: { tags, summary: "Set a department's default target", params: DepartmentParams, body: TargetBody, response: { 200: TargetSchema } } },
    async (request) => collaboration.setTarget(requireActor(request), request.params.departmentId, request.body),
  );

  app.delete(
    '/subtask-targets/:departmentId',
    { schema: { tags, summary: "Remove a department's default target", params: DepartmentParams, response: { 200: OkSchema } } },
    async (request) => {
      await collaboration.removeTarget(requireActor(request), request.params.departmentId);
      return { ok: true as const };
    },
  );
};
