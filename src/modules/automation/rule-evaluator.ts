/**
 * Whether a rule's conditions hold for a ticket at one moment: a pure function of the facts (the ticket as it is, its
 * customer, the message or event that triggered, what changed, the time). The live engine and the dry run both call it.
 */
import { CUSTOM_FIELD_PREFIX } from '../../contracts/automation.ts';
import { PRIORITIES, URGENCIES } from '../../contracts/tickets.ts';
import type { Condition, ConditionGroup } from './rule-schema.ts';

export interface TicketFacts {
  id: string;
  number: string;
  subject: string;
  description?: string;
  status: string;
  priority: string;
  urgency: string;
  type: string;
  channel: string;
  tags: readonly string[];
  customFields: Record<string, unknown>;
  teamId: string | null;
  assigneeId: string | null;
  departmentId: string | null;
  customerId: string;
  createdAt: Date | string;
  updatedAt?: Date | string;
}

export interface Facts {
  ticket: TicketFacts;
  customer: { name: string; tags: readonly string[]; organizationName: string | null } | null;
  message: { body: string; kind: string; authorType: string } | null;
  /** What the trigger carries beyond the ticket (an SLA event's metric, a CSAT score). */
  event: Record<string, unknown>;
  /** Ticket fields the triggering change touched, by the ticket's field name (`status`, `customFields`, …). */
  changes: Readonly<Record<string, { from: unknown; to: unknown }>>;
  now: Date;
}

/** Ordered vocabularies compare by rank (P1 is the highest priority), not alphabetically. */
const RANKS: Record<string, readonly string[]> = {
  'ticket.priority': [...PRIORITIES].reverse(),
  'ticket.urgency': URGENCIES,
};

export function readField(facts: Facts, field: string): unknown {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) return facts.ticket.customFields[field.slice(CUSTOM_FIELD_PREFIX.length)];
  const [scope, name] = field.split('.', 2) as [string, string];
  const source = scope === 'ticket' ? facts.ticket : scope === 'customer' ? facts.customer : scope === 'message' ? facts.message : scope === 'event' ? facts.event : null;
  return source ? (source as Record<string, unknown>)[name] : undefined;
}

/** The change the trigger made to a field, if it made one. */
function changeOf(facts: Facts, field: string): { from: unknown; to: unknown } | undefined {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) {
    const key = field.slice(CUSTOM_FIELD_PREFIX.length);
    const change = facts.changes.customFields as { from: Record<string, unknown> | null; to: Record<string, unknown> | null } | undefined;
    if (!change) return undefined;
    const from = change.from?.[key];
    const to = change.to?.[key];
    return sameValue(from, to) ? undefined : { from, to };
  }
  if (!field.startsWith('ticket.')) return undefined;
  return facts.changes[field.slice('ticket.'.length)];
}

const ASCII = /^[\x20-\x7e]*$/;
/** Compared as people read them: full-width and half-width alike, any case; plain ASCII skips the Unicode pass. */
const normalise = (value: unknown): string => {
  const text = String(value ?? '');
  return (ASCII.test(text) ? text : text.normalize('NFKC')).toLowerCase();
};

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return normalise(a) === normalise(b);
}

function isOne(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => sameValue(item, expected));
  if (actual === undefined || actual === null) return expected === null || expected === '';
  return sameValue(actual, expected);
}

function compare(field: string, actual: unknown, expected: unknown): number | null {
  const ranks = RANKS[field];
  if (ranks) {
    const a = ranks.indexOf(String(actual));
    const b = ranks.indexOf(String(expected));
    return a < 0 || b < 0 ? null : a - b;
  }
  const a = actual instanceof Date ? actual.getTime() : Number(actual);
  const b = Number(expected);
  if (actual === null || actual === undefined || actual === '' || Number.isNaN(a) || Number.isNaN(b)) return null;
  return a - b;
}

function hoursSince(actual: unknown, now: Date): number | null {
  if (actual === null || actual === undefined || actual === '') return null;
  const at = actual instanceof Date ? actual : new Date(String(actual));
  return Number.isNaN(at.getTime()) ? null : (now.getTime() - at.getTime()) / 3_600_000;
}

export function evaluateCondition(condition: Condition, facts: Facts): boolean {
  const actual = readField(facts, condition.field);
  const expected = condition.value;
  switch (condition.op) {
    case 'is':
      return isOne(actual, expected);
    case 'is_not':
      return !isOne(actual, expected);
    case 'contains':
      return Array.isArray(actual) ? isOne(actual, expected) : normalise(actual).includes(normalise(expected));
    case 'not_contains':
      return Array.isArray(actual) ? !isOne(actual, expected) : !normalise(actual).includes(normalise(expected));
    case 'in':
      return Array.isArray(expected) && expected.some((candidate) => isOne(actual, candidate));
    case 'gt': {
      const order = compare(condition.field, actual, expected);
      return order !== null && order > 0;
    }
    case 'lt': {
      const order = compare(condition.field, actual, expected);
      return order !== null && order < 0;
    }
    case 'changed':
      return changeOf(facts, condition.field) !== undefined;
    case 'changed_to': {
      const change = changeOf(facts, condition.field);
      return change !== undefined && isOne(change.to, expected);
    }
    case 'hours_since': {
      const hours = hoursSince(actual, facts.now);
      return hours !== null && hours >= Number(expected);
    }
  }
}

/** All or any of a group; an empty group holds (a rule with no conditions fires on every trigger). */
export function evaluateGroup(group: ConditionGroup, facts: Facts): boolean {
  if (group.conditions.length === 0) return true;
  const holds = (item: ConditionGroup['conditions'][number]) => ('op' in item ? evaluateCondition(item, facts) : evaluateGroup({ match: item.match, conditions: item.conditions }, facts));
  // Stops at the first condition that decides: every rule of the workspace is evaluated on every event.
  return group.match === 'all' ? group.conditions.every(holds) : group.conditions.some(holds);
}
