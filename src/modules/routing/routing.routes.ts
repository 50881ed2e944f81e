import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { IdParams, longText, text } from '../../platform/validation/index.ts';
import type { RoutingService } from './routing.service.ts';
import { SKILL_RULE_FIELDS, STRATEGIES } from './routing-strategies.ts';

const SkillRuleSchema = z.strictObject({
  field: z.enum(SKILL_RULE_FIELDS).describe('What of the ticket the rule looks at (a tag: the ticket holds it)'),
  value: text(100, 1),
  skill: text(100, 1),
  minLevel: z.number().int().min(1).max(5),
});

const TimeRangeSchema = z.strictObject({ start: z.string().max(5), end: z.string().max(5) });
const WeeklyHoursSchema = z
  .strictObject({ mon: z.array(TimeRangeSchema), tue: z.array(TimeRangeSchema), wed: z.array(TimeRangeSchema), thu: z.array(TimeRangeSchema), fri: z.array(TimeRangeSchema), sat: z.array(TimeRangeSchema), sun: z.array(TimeRangeSchema) })
  .describe("Working hours per weekday as 'HH:MM' ranges in the workspace's time zone (end before start crosses midnight); a day without ranges is off");

export const TeamRoutingSchema = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  kind: z.enum(['team', 'department']),
  strategy: z.enum(STRATEGIES),
  skillRules: z.array(SkillRuleSchema),
  reminderMinutes: z.number().int().nullable(),
  schedule: WeeklyHoursSchema.nullable(),
  updatedAt: z.date().nullable(),
});

export const TeamRoutingBody = z.strictObject({
  strategy: z.enum(STRATEGIES).describe("manual: nobody is assigned automatically; skills: the team's skill rules decide who may take a ticket"),
  skillRules: z.array(SkillRuleSchema).max(200).optional(),
  reminderMinutes: z.number().int().min(1).max(10080).nullable().optional().describe("Minutes a ticket may wait unassigned before the team's supervisors are reminded; null: never"),
  schedule: WeeklyHoursSchema.nullable().optional().describe("The members' working hours (routing assigns only inside them); null: always; omitted: unchanged"),
});

export const AgentRoutingSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.string(),
  presence: z.string(),
  teamIds: z.array(z.uuid()),
  skills: z.array(z.object({ skill: z.string(), level: z.number().int() })),
  ticketCapacity: z.number().int(),
  chatCapacity: z.number().int(),
  openTickets: z.number().int(),
  openChats: z.number().int(),
  schedule: WeeklyHoursSchema.nullable(),
});

export const AgentCapacityBody = z.strictObject({
  ticketCapacity: z.number().int().min(0).max(1000).optional().describe('Open tickets at once (the user’s max load)'),
  chatCapacity: z.number().int().min(0).max(100).optional().describe('Live chats at once'),
  schedule: WeeklyHoursSchema.nullable().optional().describe("The agent's own working hours, overriding their teams'; null: their teams' hours"),
});

export const QueueSummarySchema = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  strategy: z.enum(STRATEGIES),
  waiting: z.number().int(),
  p1Waiting: z.number().int(),
  oldestQueuedAt: z.date().nullable(),
  agentsOnline: z.number().int(),
});

export const QueueSchema = z.object({
  tickets: z.array(
    z.object({
      ticketId: z.uuid(),
      number: z.string(),
      subject: z.string(),
      priority: z.string(),
      channel: z.string(),
      slaDueAt: z.date().nullable(),
      createdAt: z.date(),
      queuedAt: z.date(),
    }),
  ),
  agents: z.array(AgentRoutingSchema),
});

export const TransferBody = z.strictObject({
  assigneeId: z.uuid().nullable().optional().describe('The person; null leaves it to the team'),
  teamId: z.uuid().nullable().optional(),
  reason: longText(1000, 1).describe('Shown on the ticket timeline'),
});

export const TransferResultSchema = z.object({ ticketId: z.uuid(), assigneeId: z.uuid().nullable(), teamId: z.uuid().nullable() });

const TeamParams = z.strictObject({ teamId: z.uuid() });
const UserParams = z.strictObject({ userId: z.uuid() });

export const routingRoutes: FastifyPluginAsync<{ routing: RoutingService }> = async (plugin, { routing }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['routing'];

  app.get('/routing/teams', { schema: { tags, summary: "Every team's routing strategy, skill rules and reminder", response: { 200: z.object({ items: z.array(TeamRoutingSchema) }) } } }, async (request) => ({
    items: await routing.listTeamRouting(requireActor(request)),
  }));

  app.put(
    '/routing/teams/:teamId',
    { schema: { tags, summary: "Set a team's routing strategy, skill rules and unassigned reminder", params: TeamParams, body: TeamRoutingBody, response: { 200: TeamRoutingSchema } } },
    async (request) => routing.setTeamRouting(requireActor(request), request.params.teamId, request.body),
  );

  app.get('/routing/agents', { schema: { tags, summary: 'Agents with presence, capacities and current load', response: { 200: z.object({ items: z.array(AgentRoutingSchema) }) } } }, async (request) => ({
    items: await routing.listAgents(requireActor(request)),
  }));

  app.put(
    '/routing/agents/:userId',
    { schema: { tags, summary: "Set an agent's capacities (open tickets, live chats) and working hours", params: UserParams, body: AgentCapacityBody, response: { 200: AgentRoutingSchema } } },
    async (request) => routing.setAgentCapacity(requireActor(request), request.params.userId, request.body),
  );

  app.get('/routing/queues', { schema: { tags, summary: "Every team's queue: waiting, P1 waiting, longest wait, agents online", response: { 200: z.object({ items: z.array(QueueSummarySchema) }) } } }, async (request) => ({
    items: await routing.listQueues(requireActor(request)),
  }));

  app.get(
    '/routing/queues/:teamId',
    { schema: { tags, summary: "A team's queue in serving order (P1 first, then SLA due time, then age) and its agents", params: TeamParams, response: { 200: QueueSchema } } },
    async (request) => routing.getQueue(requireActor(request), request.params.teamId),
  );

  app.post(
    '/tickets/:id/transfer',
    { schema: { tags, summary: 'Assign or transfer a ticket by hand, with the reason on its timeline', params: IdParams, body: TransferBody, response: { 200: TransferResultSchema } } },
    async (request) => routing.transferTicket(requireActor(request), request.params.id, request.body),
  );
};
