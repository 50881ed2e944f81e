/**
 * Rules and macros are data: this file is their one contract, used by the API to refuse bad input field by field and
 * by the engine to read what is stored.
 */
import { z } from 'zod';
import { ACTION_TYPES, CONDITION_FIELDS, CONDITION_OPERATORS, CUSTOM_FIELD_PREFIX, EVENT_TRIGGERS, SETTABLE_FIELDS, VALUELESS_OPERATORS } from '../../contracts/automation.ts';
import { TICKET_STATUSES } from '../../contracts/tickets.ts';
import { jsonValue, longText, text } from '../../platform/validation/index.ts';

const FIELD_KEY = /^[a-z][a-z0-9_]{0,63}$/;

export const ConditionFieldSchema = z
  .string()
  .max(100)
  .refine((field) => (CONDITION_FIELDS as readonly string[]).includes(field) || (field.startsWith(CUSTOM_FIELD_PREFIX) && FIELD_KEY.test(field.slice(CUSTOM_FIELD_PREFIX.length))), {
    message: 'unknown field',
  });

const ConditionValue = z.union([text(500), z.number(), z.boolean(), z.array(z.union([text(200), z.number()])).max(100)]);

export const ConditionSchema = z
  .strictObject({ field: ConditionFieldSchema, op: z.enum(CONDITION_OPERATORS), value: ConditionValue.optional() })
  .superRefine((condition, ctx) => {
    if (!VALUELESS_OPERATORS.includes(condition.op) && condition.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'required' });
    if (condition.op === 'in' && !Array.isArray(condition.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'expected a list' });
    if ((condition.op === 'gt' || condition.op === 'lt' || condition.op === 'hours_since') && typeof condition.value !== 'number' && typeof condition.value !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'expected a number' });
    }
  });
export type Condition = z.infer<typeof ConditionSchema>;

const Match = z.enum(['all', 'any']);
/** A group of conditions; a group may hold groups one level down ("all of: A, any of (B, C)"). */
export const ConditionGroupSchema = z.strictObject({
  match: Match,
  conditions: z.array(z.union([ConditionSchema, z.strictObject({ match: Match, conditions: z.array(ConditionSchema).max(50) })])).max(50),
});
export type ConditionGroup = z.infer<typeof ConditionGroupSchema>;

export const TriggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: z.enum(EVENT_TRIGGERS) }),
  // Time-based: the ticket has been in this status for so many hours ("pending 48 h", "solved 7 days → close").
  z.strictObject({ kind: z.literal('time'), status: z.enum(TICKET_STATUSES), hours: z.number().int().min(1).max(24 * 365) }),
]);
export type Trigger = z.infer<typeof TriggerSchema>;

const Tags = z.array(text(50, 1)).min(1).max(20);
const Id = z.uuid();

export const ActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set_field'), field: z.enum(SETTABLE_FIELDS), value: text(64, 1) }),
  z.strictObject({ type: z.literal('set_custom_field'), key: z.string().regex(FIELD_KEY), value: jsonValue }),
  z.strictObject({ type: z.literal('add_tags'), tags: Tags }),
  z.strictObject({ type: z.literal('remove_tags'), tags: Tags }),
  z.strictObject({ type: z.literal('assign_agent'), userId: Id }),
  z.strictObject({ type: z.literal('assign_team'), teamId: Id }),
  // Until the routing module fills its seam, the ticket goes to the team (or stays with its own) unassigned.
  z.strictObject({ type: z.literal('assign_by_routing'), teamId: Id.optional() }),
  z.strictObject({ type: z.literal('escalate_to_supervisor'), reason: text(500).optional() }),
  z.strictObject({ type: z.literal('add_note'), body: longText(5000, 1) }),
  z.strictObject({ type: z.literal('add_reply'), body: longText(5000, 1) }),
  z.strictObject({ type: z.literal('notify'), userIds: z.array(Id).min(1).max(50), message: text(500, 1) }),
  z.strictObject({ type: z.literal('send_template'), template: text(100, 1) }),
  z.strictObject({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }).max(2000), secret: text(200, 8) }),
  z.strictObject({ type: z.literal('link_earlier_ticket'), withinDays: z.number().int().min(1).max(365), sameType: z.boolean(), note: longText(2000).optional() }),
  z.strictObject({ type: z.literal('create_subtask'), departmentId: Id, title: text(200, 1), description: longText(5000).optional() }),
]);
export type Action = z.infer<typeof ActionSchema>;
// Every action type of the contract has its schema.
const _allTypes: Record<(typeof ACTION_TYPES)[number], true> = Object.fromEntries(ACTION_TYPES.map((type) => [type, true])) as never;
void _allTypes;

export const RuleDefinitionSchema = z.strictObject({
  trigger: TriggerSchema,
  conditions: ConditionGroupSchema,
  actions: z.array(ActionSchema).min(1).max(20),
  stopFurther: z.boolean().optional(),
});
export type RuleDefinition = z.infer<typeof RuleDefinitionSchema>;

export interface RuleSnapshot {
  id: string;
  name: string;
  version: number;
  definition: RuleDefinition;
}
