/**
 * The rules every new workspace (and the demo) starts with, worded in the workspace's language:
 * an urgent or critical complaint is escalated to a supervisor, and a customer's repeat issue of the same type within
 * seven days is linked to the earlier ticket with a note. Seeded once; an admin may edit, disable or delete them.
 */
import type { Sql } from '../../platform/db.ts';
import { translate, type Locale } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import type { Clock } from '../../platform/clock.ts';
import * as repo from './automation.repository.ts';
import type { RuleDefinition } from './rule-schema.ts';

export function defaultRules(locale: Locale): { seedKey: string; name: string; definition: RuleDefinition }[] {
  return [
    {
      seedKey: 'urgent_complaint',
      name: translate(locale, 'automation.default.urgent_complaint'),
      definition: {
        trigger: { kind: 'event', event: 'ticket.created' },
        conditions: { match: 'all', conditions: [{ field: 'ticket.type', op: 'is', value: 'complaint' }, { field: 'ticket.urgency', op: 'in', value: ['urgent', 'critical'] }] },
        actions: [{ type: 'escalate_to_supervisor', reason: translate(locale, 'automation.default.urgent_complaint_reason') }],
      },
    },
    {
      seedKey: 'repeat_issue',
      name: translate(locale, 'automation.default.repeat_issue'),
      definition: {
        trigger: { kind: 'event', event: 'ticket.created' },
        conditions: { match: 'all', conditions: [] },
        actions: [{ type: 'link_earlier_ticket', withinDays: 7, sameType: true, note: translate(locale, 'automation.default.repeat_issue_note') }],
      },
    },
  ];
}

/** Adds the defaults once per workspace: a workspace whose admin deleted one does not get it back. */
export async function seedDefaultRules(tx: Sql, clock: Clock, workspaceId: string, locale: Locale): Promise<number> {
  const now = clock.now();
  if (!(await repo.markSeeded(tx, workspaceId, now))) return 0;
  let position = await repo.nextPosition(tx, workspaceId);
  let seeded = 0;
  for (const rule of defaultRules(locale)) {
    if (await repo.insertRule(tx, workspaceId, { id: newId(), name: rule.name, definition: rule.definition, position, isEnabled: true, seedKey: rule.seedKey, createdBy: null, now })) seeded += 1;
    position += 10;
  }
  return seeded;
}
