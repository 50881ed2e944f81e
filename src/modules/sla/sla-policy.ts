/**
 * SLA policies as data: their shape and validation, the matching of a ticket to the first applicable policy,
 * the warning point of a target and the default P1/P2/P3 tiers. Pure: no I/O.
 */
import { z } from 'zod';
import { ESCALATION_ACTIONS, ESCALATION_TRIGGERS, METRICS } from '../../contracts/sla.ts';
import { URGENCIES } from '../../contracts/tickets.ts';
import { text } from '../../platform/validation/index.ts';

export { METRICS, ESCALATION_TRIGGERS, ESCALATION_ACTIONS, type Metric, type EscalationTrigger, type EscalationAction } from '../../contracts/sla.ts';

/** A year: longer targets are typing mistakes, and they keep due-time arithmetic bounded. */
export const MAX_TARGET_MINUTES = 525_600;
export const MAX_POLICIES = 100;

const list = <T extends z.ZodType>(item: T) => z.array(item).max(50).optional();

export const PolicyConditionsSchema = z.strictObject({
  priorities: list(text(30, 1)),
  urgencies: list(z.enum(URGENCIES)),
  types: list(text(50, 1)),
  channels: list(text(50, 1)),
  teamIds: list(z.uuid()),
  customerTags: list(text(50, 1)),
  /** Organisation names, compared case-insensitively. */
  customerOrganizations: list(text(200, 1)),
});
export type PolicyConditions = z.infer<typeof PolicyConditionsSchema>;

export const WarnSchema = z.strictObject({
  percentUsed: z.number().int().min(1).max(99).optional(),
  minutesBefore: z.number().min(1).max(MAX_TARGET_MINUTES).optional(),
});

export const TargetSchema = z.strictObject({
  metric: z.enum(METRICS),
  minutes: z.number().min(1).max(MAX_TARGET_MINUTES),
  businessTime: z.boolean().default(false),
  warn: WarnSchema.optional(),
});
export type PolicyTarget = z.infer<typeof TargetSchema>;

export const EscalationStepSchema = z.strictObject({
  trigger: z.enum(ESCALATION_TRIGGERS),
  /** Omitted: every metric. Ignored for the `applied` trigger. */
  metric: z.enum(METRICS).optional(),
  action: z.enum(ESCALATION_ACTIONS),
  /** assign_to: the user (e.g. the technical lead) or team to route the ticket to. */
  userId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  note: text(500).optional(),
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

const policyFields = {
  name: text(100, 1),
  description: text(1000).optional(),
  isActive: z.boolean().optional(),
  conditions: PolicyConditionsSchema.optional(),
  targets: z.array(TargetSchema).min(1).max(METRICS.length),
  calendarId: z.uuid().nullable().optional(),
  countBotReplies: z.boolean().optional(),
  reopenRestartsResolution: z.boolean().optional(),
  escalation: z.array(EscalationStepSchema).max(20).optional(),
};

export const PolicyCreateSchema = z.strictObject({ ...policyFields, position: z.number().int().min(0).max(MAX_POLICIES).optional() }).superRefine(checkPolicy);
export const PolicyPatchSchema = z
  .strictObject({ ...policyFields, name: policyFields.name.optional(), targets: policyFields.targets.optional() })
  .superRefine(checkPolicy);
export type PolicyCreate = z.infer<typeof PolicyCreateSchema>;
export type PolicyPatch = z.infer<typeof PolicyPatchSchema>;

/** Rules across fields that a per-field schema cannot state. */
function checkPolicy(value: { targets?: PolicyTarget[]; escalation?: EscalationStep[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  value.targets?.forEach((target, index) => {
    if (seen.has(target.metric)) ctx.addIssue({ code: 'custom', path: ['targets', index, 'metric'], message: 'sla.duplicate_metric' });
    seen.add(target.metric);
    if (target.warn?.minutesBefore !== undefined && target.warn.minutesBefore >= target.minutes) {
      ctx.addIssue({ code: 'custom', path: ['targets', index, 'warn', 'minutesBefore'], message: 'sla.warn_after_due' });
    }
    if (target.warn && target.warn.percentUsed === undefined && target.warn.minutesBefore === undefined) {
      ctx.addIssue({ code: 'custom', path: ['targets', index, 'warn'], message: 'sla.warn_empty' });
    }
  });
  value.escalation?.forEach((step, index) => {
    const hasTarget = (step.userId ? 1 : 0) + (step.teamId ? 1 : 0);
    if (step.action === 'assign_to' && hasTarget !== 1) ctx.addIssue({ code: 'custom', path: ['escalation', index], message: 'sla.assign_needs_target' });
    if (step.action !== 'assign_to' && hasTarget > 0) ctx.addIssue({ code: 'custom', path: ['escalation', index, step.userId ? 'userId' : 'teamId'], message: 'sla.target_only_for_assign' });
  });
}

export const ReorderSchema = z.strictObject({ ids: z.array(z.uuid()).min(1).max(MAX_POLICIES) });

// ---------------------------------------------------------------------------------------------------------------
// Matching

export interface MatchablePolicy {
  id: string;
  position: number;
  isActive: boolean;
  conditions: PolicyConditions;
}

/** What a policy can match on, copied from ticket events and the customer's summary. */
export interface TicketFacts {
  priority: string | null;
  urgency: string | null;
  type: string | null;
  channel: string | null;
  teamId: string | null;
  customerTags: readonly string[];
  customerOrganization: string | null;
}

const includesValue = (wanted: readonly string[] | undefined, actual: string | null): boolean =>
  !wanted || wanted.length === 0 || (actual !== null && wanted.includes(actual));

/** Conditions AND across fields and OR within a field; an empty condition matches everything. */
export function matchesConditions(conditions: PolicyConditions, facts: TicketFacts): boolean {
  if (!includesValue(conditions.priorities, facts.priority)) return false;
  if (!includesValue(conditions.urgencies, facts.urgency)) return false;
  if (!includesValue(conditions.types, facts.type)) return false;
  if (!includesValue(conditions.channels, facts.channel)) return false;
  if (!includesValue(conditions.teamIds, facts.teamId)) return false;
  if (conditions.customerTags && conditions.customerTags.length > 0) {
    const tags = new Set(facts.customerTags.map((tag) => tag.toLowerCase()));
    if (!conditions.customerTags.some((tag) => tags.has(tag.toLowerCase()))) return false;
  }
  if (conditions.customerOrganizations && conditions.customerOrganizations.length > 0) {
    const organization = facts.customerOrganization?.toLowerCase();
    if (!organization || !conditions.customerOrganizations.some((name) => name.toLowerCase() === organization)) return false;
  }
  return true;
}

/** The first active policy, by position, whose conditions the ticket meets. */
export function matchPolicy<T extends MatchablePolicy>(policies: readonly T[], facts: TicketFacts): T | undefined {
  return [...policies].sort((a, b) => a.position - b.position).find((policy) => policy.isActive && matchesConditions(policy.conditions, facts));
}

/**
 * Elapsed ms at which a target warns: the earlier of "percentUsed % used" and "minutesBefore left";
 * null without a warning. 0 means "warn as soon as it starts" (the target is shorter than the lead time).
 */
export function warnElapsedMs(target: Pick<PolicyTarget, 'minutes' | 'warn'>): number | null {
  const targetMs = Math.round(target.minutes * 60_000);
  const points: number[] = [];
  if (target.warn?.percentUsed !== undefined) points.push(Math.round((targetMs * target.warn.percentUsed) / 100));
  if (target.warn?.minutesBefore !== undefined) points.push(Math.max(0, targetMs - Math.round(target.warn.minutesBefore * 60_000)));
  return points.length === 0 ? null : Math.min(...points);
}

// ---------------------------------------------------------------------------------------------------------------
// Defaults (PRODUCT.md §3)

export interface DefaultPolicy {
  name: string;
  description: string;
  conditions: PolicyConditions;
  targets: PolicyTarget[];
  escalation: EscalationStep[];
}

const warn80 = { percentUsed: 80 };

/** P1/P2/P3 of the product brief: P1 5 min / 2 h / every 30 min, P2 15 min / 24 h / every 4 h, P3 24 h. */
export function defaultPolicies(): DefaultPolicy[] {
  return [
    {
      name: 'P1',
      description: 'Critical failure 紧急故障',
      conditions: { priorities: ['P1'] },
      targets: [
        { metric: 'first_response', minutes: 5, businessTime: false, warn: warn80 },
        { metric: 'resolution', minutes: 120, businessTime: false, warn: warn80 },
        { metric: 'progress_update', minutes: 30, businessTime: false, warn: warn80 },
      ],
      escalation: [
        { trigger: 'warning', action: 'notify_supervisor' },
        { trigger: 'breached', action: 'notify_supervisor' },
      ],
    },
    {
      name: 'P2',
      description: 'General inquiry 一般咨询',
      conditions: { priorities: ['P2'] },
      targets: [
        { metric: 'first_response', minutes: 15, businessTime: false, warn: warn80 },
        { metric: 'resolution', minutes: 24 * 60, businessTime: false, warn: warn80 },
        { metric: 'progress_update', minutes: 4 * 60, businessTime: false, warn: warn80 },
      ],
      escalation: [
        { trigger: 'breached', action: 'create_task' },
        { trigger: 'breached', metric: 'resolution', action: 'notify_supervisor' },
      ],
    },
    {
      name: 'P3',
      description: 'Suggestion / feedback 建议反馈',
      conditions: { priorities: ['P3'] },
      targets: [{ metric: 'first_response', minutes: 24 * 60, businessTime: false, warn: warn80 }],
      escalation: [],
    },
  ];
}
