import { formatDateTime, labelOf, type MessageKey, type Translate } from '../../shared/index.ts';
import type { Message, TimelineEntry } from './api.ts';

export interface TimelineNames {
  user(id: string | null | undefined): string;
  team(id: string | null | undefined): string;
  type(key: string): string;
}

type Item = { kind: 'message'; at: string; message: Message; entry?: TimelineEntry } | { kind: 'event'; at: string; entry: TimelineEntry };

/** Messages and the steps around them in one chronological thread (a message without a step still shows). */
export function mergeTimeline(entries: TimelineEntry[], messages: Message[]): Item[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const shown = new Set<string>();
  const items: Item[] = [];
  for (const entry of entries) {
    const message = entry.messageId ? byId.get(entry.messageId) : undefined;
    if (message) {
      shown.add(message.id);
      items.push({ kind: 'message', at: entry.at, message, entry });
    } else items.push({ kind: 'event', at: entry.at, entry });
  }
  for (const message of messages) if (!shown.has(message.id)) items.push({ kind: 'message', at: message.createdAt, message });
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export function formatValue(t: Translate, names: TimelineNames, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('timeline.empty');
  if (field === 'status') return labelOf(t, 'status', String(value));
  if (field === 'assigneeId') return names.user(String(value));
  if (field === 'teamId' || field === 'departmentId') return names.team(String(value));
  if (field === 'type') return names.type(String(value));
  if (field === 'channel') return labelOf(t, 'channel', String(value));
  if (field === 'urgency') return labelOf(t, 'urgency', String(value));
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One sentence per step, in the UI language. */
export function describeEntry(t: Translate, names: TimelineNames, entry: TimelineEntry): string {
  const who = entry.operator.name ?? (entry.operator.type === 'system' ? t('timeline.system') : entry.operator.type === 'customer' ? t('timeline.customer') : t('timeline.someone'));
  const details = entry.details;
  const metric = typeof details.metric === 'string' ? labelOf(t, 'metric', details.metric) : '';
  switch (entry.kind) {
    case 'created':
      return t('timeline.created', { who });
    case 'status_changed': {
      const change = entry.changes.status;
      return t('timeline.statusChanged', { who, from: formatValue(t, names, 'status', change?.from), to: formatValue(t, names, 'status', change?.to) });
    }
    case 'assigned': {
      const to = entry.changes.assigneeId?.to;
      return to ? t('timeline.assigned', { who, to: names.user(String(to)) }) : t('timeline.unassigned', { who });
    }
    case 'transferred': {
      const change = entry.changes.departmentId ?? entry.changes.teamId;
      return t('timeline.transferred', { who, to: formatValue(t, names, 'teamId', change?.to) });
    }
    case 'merged':
      return t('timeline.merged', { who, number: String(details.targetNumber ?? '') });
    case 'merged_from':
      return t('timeline.mergedFrom', { who, number: String(details.sourceNumber ?? '') });
    case 'linked':
      return t('timeline.linked', { who, number: String(details.linkedNumber ?? details.number ?? '') });
    case 'unlinked':
      return t('timeline.unlinked', { who, number: String(details.linkedNumber ?? details.number ?? '') });
    case 'sla.policy_applied':
      return details.policyName ? t('timeline.slaApplied', { name: String(details.policyName) }) : t('timeline.slaRemoved');
    case 'sla.warning':
      return t('timeline.slaWarning', { metric, time: typeof details.dueAt === 'string' ? formatDateTime(details.dueAt) : '' });
    case 'sla.breached':
      return t('timeline.slaBreached', { metric, time: typeof details.dueAt === 'string' ? formatDateTime(details.dueAt) : '' });
    case 'sla.escalated':
      return t('timeline.slaEscalated', { metric, action: labelOf(t, 'escalationAction', String(details.action ?? '')) });
    default:
      return describeOwnStep(t, who, details) ?? t('timeline.updated', { who });
  }
}

/**
 * A step another module wrote (sub-tasks, rules, routing) names its own catalogue entry in `details.summaryKey` and
 * the entry's parameters in `details.summaryParams`; the operator is `{who}`. Undefined when the key is unknown here.
 */
function describeOwnStep(t: Translate, who: string, details: Record<string, unknown>): string | undefined {
  const key = details.summaryKey;
  if (typeof key !== 'string') return undefined;
  const params: Record<string, string | number> = { who };
  const given = details.summaryParams;
  if (given && typeof given === 'object') {
    for (const [name, value] of Object.entries(given)) if (typeof value === 'string' || typeof value === 'number') params[name] = value;
  }
  const text = t(key as MessageKey, params);
  return text === key ? undefined : text;
}
