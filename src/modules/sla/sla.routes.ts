import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { etag, IdParams, IfMatchHeaders, OkSchema, readIfMatch } from '../../platform/validation/index.ts';
import { WEEKDAYS } from './business-calendar.ts';
import { TARGET_STATUSES } from './sla-clock.ts';
import { ESCALATION_ACTIONS, ESCALATION_TRIGGERS, METRICS, PolicyCreateSchema, PolicyPatchSchema, ReorderSchema } from './sla-policy.ts';
import type { SlaService } from './sla.service.ts';

// Request bodies are declared for the OpenAPI document; the service validates them itself
// (attachValidation) so that errors carry the admin-facing paths `weekly.mon[1]`, `targets[0].minutes`.
// They are strict: a body that passes them reaches the service unchanged (non-strict parsing would drop fields).
const RangeSchema = z.strictObject({ start: z.string().describe('HH:MM'), end: z.string().describe('HH:MM; end <= start crosses midnight; 24:00 allowed') });
const DatedSchema = z.strictObject({ date: z.string().describe('YYYY-MM-DD'), name: z.string().optional() });
const CalendarFields = {
  timezone: z.string().describe('IANA time zone, e.g. Asia/Shanghai'),
  alwaysOpen: z.boolean().optional().describe('24×7'),
  weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(RangeSchema)),
  holidays: z.array(DatedSchema).optional(),
  extraWorkingDays: z.array(DatedSchema.extend({ ranges: z.array(RangeSchema).optional() })).optional().describe('Working days that override a weekend or holiday (调休)'),
};
const CalendarCreateBody = z.strictObject({ name: z.string(), ...CalendarFields });
const CalendarPatchBody = z.strictObject({ name: z.string(), ...CalendarFields }).partial();

const CalendarSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  alwaysOpen: z.boolean(),
  weekly: z.record(z.string(), z.array(RangeSchema)),
  holidays: z.array(DatedSchema),
  extraWorkingDays: z.array(DatedSchema.extend({ ranges: z.array(RangeSchema).optional() })),
  teamIds: z.array(z.string()),
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const PolicySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  position: z.number(),
  isActive: z.boolean(),
  conditions: z.record(z.string(), z.array(z.string())),
  targets: z.array(
    z.object({
      metric: z.enum(METRICS),
      minutes: z.number(),
      businessTime: z.boolean(),
      warn: z.object({ percentUsed: z.number().optional(), minutesBefore: z.number().optional() }).optional(),
    }),
  ),
  calendarId: z.string().nullable(),
  countBotReplies: z.boolean(),
  reopenRestartsResolution: z.boolean(),
  escalation: z.array(
    z.object({
      trigger: z.enum(ESCALATION_TRIGGERS),
      metric: z.enum(METRICS).optional(),
      action: z.enum(ESCALATION_ACTIONS),
      userId: z.string().optional(),
      teamId: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const TargetViewSchema = z.object({
  metric: z.enum(METRICS),
  cycle: z.number(),
  status: z.enum(TARGET_STATUSES),
  targetMinutes: z.number(),
  businessTime: z.boolean(),
  calendarId: z.string().nullable(),
  startedAt: z.date(),
  dueAt: z.date().nullable(),
  warnAt: z.date().nullable(),
  pausedAt: z.date().nullable(),
  warnedAt: z.date().nullable(),
  breachedAt: z.date().nullable(),
  metAt: z.date().nullable(),
  elapsedMs: z.number(),
  remainingMs: z.number(),
});

export const TicketSlaSchema = z.object({
  ticketId: z.string(),
  policy: z.object({ id: z.string(), name: z.string() }).nullable(),
  state: z.enum(['none', 'active', 'warning', 'breached', 'paused', 'met']),
  nextDueAt: z.date().nullable(),
  targets: z.array(TargetViewSchema),
  history: z.array(TargetViewSchema),
});

const TaskSchema = z.object({
  id: z.uuid(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  kind: z.string(),
  title: z.string(),
  metric: z.string().nullable(),
  note: z.string(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  status: z.enum(['open', 'done']),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
  completedBy: z.string().nullable(),
});

/** With attachValidation only body errors are left to the service; bad params or headers fail as usual. */
function rethrowUnlessBody(request: FastifyRequest): void {
  const error = request.validationError as (Error & { validationContext?: string }) | undefined;
  if (error && error.validationContext !== 'body') throw error;
}

export const slaRoutes: FastifyPluginAsync<{ sla: SlaService }> = async (plugin, { sla }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  // ----- business calendars

  app.get('/business-calendars', { schema: { tags: ['sla'], summary: 'Business calendars', response: { 200: z.object({ items: z.array(CalendarSchema) }) } } }, async (request) => ({
    items: await sla.listCalendars(requireActor(request)),
  }));

  app.post(
    '/business-calendars',
    { attachValidation: true, schema: { tags: ['sla'], summary: 'Create a business calendar (admin)', body: CalendarCreateBody, response: { 201: CalendarSchema } } },
    async (request, reply) => {
      rethrowUnlessBody(request);
      const calendar = await sla.createCalendar(requireActor(request), request.body as unknown);
      return reply.status(201).header('etag', etag(calendar.version)).send(calendar);
    },
  );

  app.get('/business-calendars/:id', { schema: { tags: ['sla'], params: IdParams, response: { 200: CalendarSchema } } }, async (request, reply) => {
    const calendar = await sla.getCalendar(requireActor(request), request.params.id);
    reply.header('etag', etag(calendar.version));
    return calendar;
  });

  app.patch(
    '/business-calendars/:id',
    {
      attachValidation: true,
      schema: { tags: ['sla'], summary: 'Change a business calendar (admin); If-Match optional', params: IdParams, headers: IfMatchHeaders, body: CalendarPatchBody, response: { 200: CalendarSchema } },
    },
    async (request, reply) => {
      rethrowUnlessBody(request);
      const calendar = await sla.updateCalendar(requireActor(request), request.params.id, request.body as unknown, readIfMatch(request.headers['if-match']));
      reply.header('etag', etag(calendar.version));
      return calendar;
    },
  );

  app.delete('/business-calendars/:id', { schema: { tags: ['sla'], params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await sla.deleteCalendar(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.get(
    '/business-calendars/:id/hours',
    {
      schema: {
        tags: ['sla'],
        summary: 'Open intervals of a calendar between two instants (at most 92 days)',
        params: IdParams,
        querystring: z.strictObject({ from: z.coerce.date(), to: z.coerce.date() }),
        response: { 200: z.object({ timezone: z.string(), businessMinutes: z.number(), intervals: z.array(z.object({ start: z.date(), end: z.date() })) }) },
      },
    },
    async (request) => sla.getCalendarHours(requireActor(request), request.params.id, request.query),
  );

  app.put(
    '/teams/:id/calendar',
    {
      schema: {
        tags: ['sla'],
        summary: "Attach a business calendar to a team (null detaches); the team's tickets use it unless their policy names one",
        params: IdParams,
        body: z.strictObject({ calendarId: z.uuid().nullable() }),
        response: { 200: z.object({ teamId: z.string(), calendarId: z.string().nullable() }) },
      },
    },
    async (request) => sla.setTeamCalendar(requireActor(request), request.params.id, request.body.calendarId),
  );

  // ----- policies

  app.get('/sla-policies', { schema: { tags: ['sla'], summary: 'SLA policies in evaluation order', response: { 200: z.object({ items: z.array(PolicySchema) }) } } }, async (request) => ({
    items: await sla.listPolicies(requireActor(request)),
  }));

  app.post(
    '/sla-policies',
    { attachValidation: true, schema: { tags: ['sla'], summary: 'Create an SLA policy (admin)', body: PolicyCreateSchema, response: { 201: PolicySchema } } },
    async (request, reply) => {
      rethrowUnlessBody(request);
      const policy = await sla.createPolicy(requireActor(request), request.body as unknown);
      return reply.status(201).header('etag', etag(policy.version)).send(policy);
    },
  );

  app.put(
    '/sla-policies/order',
    { attachValidation: true, schema: { tags: ['sla'], summary: 'Set the evaluation order (every policy id once)', body: ReorderSchema, response: { 200: z.object({ items: z.array(PolicySchema) }) } } },
    async (request) => {
      rethrowUnlessBody(request);
      return { items: await sla.reorderPolicies(requireActor(request), request.body as unknown) };
    },
  );

  app.get('/sla-policies/:id', { schema: { tags: ['sla'], params: IdParams, response: { 200: PolicySchema } } }, async (request, reply) => {
    const policy = await sla.getPolicy(requireActor(request), request.params.id);
    reply.header('etag', etag(policy.version));
    return policy;
  });

  app.patch(
    '/sla-policies/:id',
    {
      attachValidation: true,
      schema: { tags: ['sla'], summary: 'Change an SLA policy (admin); open tickets are recomputed', params: IdParams, headers: IfMatchHeaders, body: PolicyPatchSchema, response: { 200: PolicySchema } },
    },
    async (request, reply) => {
      rethrowUnlessBody(request);
      const policy = await sla.updatePolicy(requireActor(request), request.params.id, request.body as unknown, readIfMatch(request.headers['if-match']));
      reply.header('etag', etag(policy.version));
      return policy;
    },
  );

  app.delete('/sla-policies/:id', { schema: { tags: ['sla'], params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await sla.deletePolicy(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  // ----- tickets and tasks

  app.get('/tickets/:id/sla', { schema: { tags: ['sla'], summary: "A ticket's SLA targets with due times and remaining time", params: IdParams, response: { 200: TicketSlaSchema } } }, async (request) =>
    sla.getTicketSla(requireActor(request), request.params.id),
  );

  app.get(
    '/sla-tasks',
    {
      schema: {
        tags: ['sla'],
        summary: 'Escalation tasks ("contact the customer proactively"); mine=true: assigned to me or my teams',
        querystring: z.strictObject({
          mine: z.enum(['true', 'false']).optional(),
          status: z.enum(['open', 'done']).optional(),
          ticketId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: z.object({ items: z.array(TaskSchema) }) },
      },
    },
    async (request) => {
      const { mine, ...rest } = request.query;
      return { items: await sla.listTasks(requireActor(request), { ...rest, mine: mine === 'true' }) };
    },
  );

  app.post('/sla-tasks/:id/complete', { schema: { tags: ['sla'], params: IdParams, response: { 200: TaskSchema } } }, async (request) =>
    sla.completeTask(requireActor(request), request.params.id),
  );
};
