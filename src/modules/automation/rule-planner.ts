/**
 * What a rule's (or macro's) actions would do to one ticket: concrete effects, worked out from the facts and from
 * read-only lookups (the team's supervisors, the customer's earlier ticket, the routing decision). The live engine
 * applies these effects; the dry run and a macro's preview only show them — the same plan either way.
 */
import type { Action } from './rule-schema.ts';
import type { TicketFacts } from './rule-evaluator.ts';

export interface TicketPatch {
  status?: string;
  priority?: string;
  urgency?: string;
  type?: string;
  teamId?: string | null;
  assigneeId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
}

export type Effect =
  | { kind: 'update'; patch: TicketPatch }
  | { kind: 'note'; body: string }
  | { kind: 'reply'; body: string }
  | { kind: 'notify'; userIds: string[]; message: string }
  | { kind: 'escalate'; supervisorIds: string[]; reason: string | null }
  | { kind: 'template'; template: string }
  | { kind: 'webhook'; url: string; secret: string }
  | { kind: 'link'; ticketId: string; number: string; note: string | null }
  | { kind: 'subtask'; departmentId: string; title: string; description: string };

/** Reads the plan may need; none of them changes anything. */
export interface PlanLookups {
  supervisorIds(teamId: string | null): Promise<string[]>;
  /** The customer's latest ticket before this one, created since `since` (of the same type when asked). */
  earlierTicket(ticket: TicketFacts, since: Date, sameType: boolean): Promise<{ id: string; number: string } | null>;
  /** The routing module's pick of an agent in the team; null leaves the ticket with the team, unassigned. */
  routeAssignee(ticket: TicketFacts, teamId: string | null): Promise<string | null>;
}

const DAY_MS = 86_400_000;

/** The effect a webhook has as it is shown and stored: the secret stays in the rule. */
export function publicEffect(effect: Effect): Effect | { kind: 'webhook'; url: string } {
  return effect.kind === 'webhook' ? { kind: 'webhook', url: effect.url } : effect;
}

export async function planEffects(actions: readonly Action[], ticket: TicketFacts, lookups: PlanLookups, now: Date): Promise<Effect[]> {
  const fields: Record<string, unknown> = {};
  let tags = [...ticket.tags];
  const customFields: Record<string, unknown> = {};
  const effects: Effect[] = [];

  for (const action of actions) {
    switch (action.type) {
      case 'set_field':
        fields[action.field] = action.value;
        break;
      case 'set_custom_field':
        customFields[action.key] = action.value;
        break;
      case 'add_tags':
        tags = [...new Set([...tags, ...action.tags])];
        break;
      case 'remove_tags':
        tags = tags.filter((tag) => !action.tags.includes(tag));
        break;
      case 'assign_agent':
        fields.assigneeId = action.userId;
        break;
      case 'assign_team':
        fields.teamId = action.teamId;
        break;
      case 'assign_by_routing': {
        const teamId = action.teamId ?? (fields.teamId as string | null | undefined) ?? ticket.teamId;
        fields.teamId = teamId;
        const assigneeId = await lookups.routeAssignee(ticket, teamId);
        if (assigneeId) fields.assigneeId = assigneeId;
        break;
      }
      case 'escalate_to_supervisor': {
        const supervisorIds = await lookups.supervisorIds((fields.teamId as string | null | undefined) ?? ticket.teamId);
        effects.push({ kind: 'escalate', supervisorIds, reason: action.reason ?? null });
        break;
      }
      case 'add_note':
        effects.push({ kind: 'note', body: action.body });
        break;
      case 'add_reply':
        effects.push({ kind: 'reply', body: action.body });
        break;
      case 'notify':
        effects.push({ kind: 'notify', userIds: [...new Set(action.userIds)], message: action.message });
        break;
      case 'send_template':
        effects.push({ kind: 'template', template: action.template });
        break;
      case 'webhook':
        effects.push({ kind: 'webhook', url: action.url, secret: action.secret });
        break;
      case 'link_earlier_ticket': {
        const earlier = await lookups.earlierTicket(ticket, new Date(now.getTime() - action.withinDays * DAY_MS), action.sameType);
        if (earlier) effects.push({ kind: 'link', ticketId: earlier.id, number: earlier.number, note: action.note?.trim() ? action.note : null });
        break;
      }
      case 'create_subtask':
        effects.push({ kind: 'subtask', departmentId: action.departmentId, title: action.title, description: action.description ?? '' });
        break;
    }
  }

  const patch: TicketPatch = {};
  for (const [field, value] of Object.entries(fields)) {
    if ((ticket as unknown as Record<string, unknown>)[field] !== value) (patch as Record<string, unknown>)[field] = value;
  }
  const sameTags = tags.length === ticket.tags.length && tags.every((tag, index) => tag === ticket.tags[index]);
  if (!sameTags) patch.tags = tags;
  const changedCustom = Object.entries(customFields).filter(([key, value]) => JSON.stringify(ticket.customFields[key] ?? null) !== JSON.stringify(value ?? null));
  if (changedCustom.length > 0) patch.customFields = Object.fromEntries(changedCustom);
  // Field changes first: a note or a hand-off then reads the ticket as the rule left it.
  return Object.keys(patch).length > 0 ? [{ kind: 'update', patch }, ...effects] : effects;
}
