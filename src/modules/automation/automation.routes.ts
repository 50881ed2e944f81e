import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { etag, IdParams, IfMatchHeaders, OkSchema, readIfMatch, text } from '../../platform/validation/index.ts';
import type { AutomationService } from './automation.service.ts';
import { ActionSchema, ConditionGroupSchema, RuleDefinitionSchema, TriggerSchema } from './rule-schema.ts';

export const RuleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  trigger: TriggerSchema,
  conditions: ConditionGroupSchema,
  actions: z.array(ActionSchema),
  stopFurther: z.boolean(),
  position: z.number().int(),
  isEnabled: z.boolean(),
  version: z.number().int().describe('Each edit of name, trigger, conditions, actions or stop flag is a new version'),
  isDefault: z.boolean().describe('One of the rules a new workspace starts with'),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const DraftFields = {
  trigger: TriggerSchema,
  conditions: ConditionGroupSchema,
  actions: z.array(ActionSchema).min(1).max(20),
  stopFurther: z.boolean().optional().describe('When this rule fires, the rules after it do not run for this trigger'),
};

export const RuleDraftBody = z.strictObject(DraftFields);
export const CreateRuleBody = z.strictObject({ name: text(200, 1), ...DraftFields, isEnabled: z.boolean().optional(), position: z.number().int().min(0).max(1_000_000).optional() });
export const UpdateRuleBody = z.strictObject({
  name: text(200, 1).optional(),
  trigger: DraftFields.trigger.optional(),
  conditions: DraftFields.conditions.optional(),
  actions: DraftFields.actions.optional(),
  stopFurther: z.boolean().optional(),
  isEnabled: z.boolean().optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
});

export const RuleVersionSchema = z.object({
  version: z.number().int(),
  name: z.string(),
  definition: RuleDefinitionSchema,
  createdBy: z.uuid().nullable().describe('The user who saved this version; null for the defaults a workspace starts with'),
  createdAt: z.date(),
});
const RuleVersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) });
export const ReorderRulesBody = z.strictObject({ ruleIds: z.array(z.uuid()).max(1000).describe("Every rule of the workspace, each once, in the order they are to run") });

const EffectSchema = z.object({ kind: z.string() }).catchall(z.unknown());

export const DryRunBody = z
  .strictObject({
    ruleId: z.uuid().optional().describe('A saved rule; or give `rule`, an unsaved draft'),
    rule: RuleDraftBody.optional(),
    from: z.coerce.date(),
    to: z.coerce.date(),
    limit: z.number().int().min(1).max(2000).optional(),
  })
  .refine((body) => (body.ruleId === undefined) !== (body.rule === undefined), { message: 'give ruleId or rule', path: ['rule'] });

export const DryRunSchema = z.object({
  scanned: z.number().int(),
  matched: z.number().int(),
  truncated: z.boolean(),
  items: z.array(z.object({ ticketId: z.uuid(), number: z.string(), subject: z.string(), createdAt: z.date(), effects: z.array(EffectSchema) })),
});

const FiringSchema = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ruleVersion: z.number().int(),
  ticketId: z.uuid(),
  chainId: z.string(),
  depth: z.number().int(),
  trigger: z.string(),
  effects: z.array(z.unknown()),
  firedAt: z.date(),
});

export const MacroSchema = z.object({ id: z.uuid(), name: z.string(), actions: z.array(ActionSchema), isShared: z.boolean(), isMine: z.boolean(), createdAt: z.date(), updatedAt: z.date() });
export const CreateMacroBody = z.strictObject({ name: text(200, 1), actions: z.array(ActionSchema).min(1).max(20), isShared: z.boolean().optional().describe('Shared with everyone (administrators only); otherwise your own') });
export const UpdateMacroBody = z.strictObject({ name: text(200, 1).optional(), actions: z.array(ActionSchema).min(1).max(20).optional() });
const EffectsSchema = z.object({ effects: z.array(EffectSchema) });
const TicketMacroParams = z.strictObject({ id: z.uuid(), macroId: z.uuid() });
const FiringsQuery = z.strictObject({ ruleId: z.string().max(64).optional(), ticketId: z.string().max(64).optional() });

export const automationRoutes: FastifyPluginAsync<{ automation: AutomationService }> = async (plugin, { automation }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['automation'];

  app.get('/automation/rules', { schema: { tags, summary: 'The rules, in the order they run', response: { 200: z.object({ items: z.array(RuleSchema) }) } } }, async (request) => ({
    items: await automation.listRules(requireActor(request)),
  }));

  app.post('/automation/rules', { schema: { tags, summary: 'Create a rule (disabled unless isEnabled)', body: CreateRuleBody, response: { 201: RuleSchema } } }, async (request, reply) => {
    const rule = await automation.createRule(requireActor(request), request.body);
    reply.code(201).header('etag', etag(rule.version));
    return rule;
  });

  // Declared before /automation/rules/:id so the whole-order write is never read as a rule id.
  app.put(
    '/automation/rules/order',
    { schema: { tags, summary: 'Set the running order of all rules at once (positions 10, 20, 30…)', body: ReorderRulesBody, response: { 200: z.object({ items: z.array(RuleSchema) }) } } },
    async (request) => ({ items: await automation.reorderRules(requireActor(request), request.body.ruleIds) }),
  );

  app.get('/automation/rules/:id/versions', { schema: { tags, summary: 'Every version of a rule, newest first', params: IdParams, response: { 200: z.object({ items: z.array(RuleVersionSchema) }) } } }, async (request) => ({
    items: await automation.listRuleVersions(requireActor(request), request.params.id),
  }));

  app.post(
    '/automation/rules/:id/versions/:version/restore',
    { schema: { tags, summary: "Make an earlier version's name and definition the rule's new current version", params: RuleVersionParams, headers: IfMatchHeaders, response: { 200: RuleSchema } } },
    async (request, reply) => {
      const rule = await automation.restoreRuleVersion(requireActor(request), request.params.id, request.params.version, { ifMatch: readIfMatch(request.headers['if-match']) });
      reply.header('etag', etag(rule.version));
      return rule;
    },
  );

  app.get('/automation/rules/:id', { schema: { tags, summary: 'One rule', params: IdParams, response: { 200: RuleSchema } } }, async (request, reply) => {
    const rule = await automation.getRule(requireActor(request), request.params.id);
    reply.header('etag', etag(rule.version));
    return rule;
  });

  app.patch(
    '/automation/rules/:id',
    { schema: { tags, summary: 'Edit, enable/disable or move a rule', params: IdParams, headers: IfMatchHeaders, body: UpdateRuleBody, response: { 200: RuleSchema } } },
    async (request, reply) => {
      const rule = await automation.updateRule(requireActor(request), request.params.id, request.body, { ifMatch: readIfMatch(request.headers['if-match']) });
      reply.header('etag', etag(rule.version));
      return rule;
    },
  );

  app.delete('/automation/rules/:id', { schema: { tags, summary: 'Delete a rule (its firings stay)', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await automation.deleteRule(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.post(
    '/automation/dry-run',
    { schema: { tags, summary: 'Run a rule or draft against the tickets of a past period without changing anything', body: DryRunBody, response: { 200: DryRunSchema } } },
    async (request) => {
      const { ruleId, rule, from, to, limit } = request.body;
      return automation.dryRun(requireActor(request), { ruleId, draft: rule, from, to, limit });
    },
  );

  app.get('/automation/firings', { schema: { tags, summary: 'Recent firings of a rule or on a ticket', querystring: FiringsQuery, response: { 200: z.object({ items: z.array(FiringSchema) }) } } }, async (request) => ({
    items: await automation.listFirings(requireActor(request), request.query),
  }));

  app.get('/automation/macros', { schema: { tags, summary: 'The shared macros and your own', response: { 200: z.object({ items: z.array(MacroSchema) }) } } }, async (request) => ({
    items: await automation.listMacros(requireActor(request)),
  }));

  app.post('/automation/macros', { schema: { tags, summary: 'Create a macro', body: CreateMacroBody, response: { 201: MacroSchema } } }, async (request, reply) => {
    reply.code(201);
    return automation.createMacro(requireActor(request), request.body);
  });

  app.patch('/automation/macros/:id', { schema: { tags, summary: 'Edit a macro', params: IdParams, body: UpdateMacroBody, response: { 200: MacroSchema } } }, async (request) =>
    automation.updateMacro(requireActor(request), request.params.id, request.body),
  );

  app.delete('/automation/macros/:id', { schema: { tags, summary: 'Delete a macro', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await automation.deleteMacro(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.post(
    '/tickets/:id/macros/:macroId/preview',
    { schema: { tags, summary: 'What applying a macro to the ticket would do (nothing is written)', params: TicketMacroParams, response: { 200: EffectsSchema } } },
    async (request) => automation.previewMacro(requireActor(request), request.params.id, request.params.macroId),
  );

  app.post(
    '/tickets/:id/macros/:macroId/apply',
    { schema: { tags, summary: 'Apply a macro to the ticket', params: TicketMacroParams, response: { 200: EffectsSchema } } },
    async (request) => automation.applyMacro(requireActor(request), request.params.id, request.params.macroId),
  );
};

export type RuleBody = z.input<typeof CreateRuleBody>;
export type RuleResponse = z.output<typeof RuleSchema>;
