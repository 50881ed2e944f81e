import { Descriptions, Tag } from 'antd';
import { useTeams, useUserNames } from '../../identity/index.ts';
import { useTypeName } from '../../tickets/index.ts';
import { labelOf, useT, type Translate } from '../../../shared/index.ts';
import type { Rule, RuleAction, RuleCondition, RuleInput } from '../api.ts';

type Group = RuleInput['conditions'];

/** "A ticket is created", or "Pending for 48 h" for a time rule. */
export function triggerText(t: Translate, trigger: Rule['trigger']): string {
  return trigger.kind === 'event' ? labelOf(t, 'automation.trigger', trigger.event) : t('automation.trigger.timeSummary', { status: labelOf(t, 'status', trigger.status), hours: trigger.hours });
}

/** Ticket fields whose stored values have labels of their own ("complaint" reads 投诉). */
const LABELLED_FIELDS: Record<string, string> = { 'ticket.status': 'status', 'ticket.priority': 'priority', 'ticket.urgency': 'urgency', 'ticket.channel': 'channel' };

function conditionText(t: Translate, typeName: (key: string) => string, condition: RuleCondition): string {
  const labelPrefix = LABELLED_FIELDS[condition.field];
  // Ticket types are the workspace's own data, named by the admin in both languages.
  const show = (value: string | number | boolean) => (condition.field === 'ticket.type' ? typeName(String(value)) : labelPrefix ? labelOf(t, labelPrefix, String(value)) : String(value));
  const value = condition.value === undefined ? '' : Array.isArray(condition.value) ? condition.value.map(show).join(', ') : show(condition.value);
  return [labelOf(t, 'automation.field', condition.field), labelOf(t, 'automation.op', condition.op), value].filter(Boolean).join(' ');
}

/** The conditions as nested lists headed by their match ("All of these" / "Any of these"). */
function ConditionsSummary({ group }: { group: Group | Extract<Group['conditions'][number], { match: string }> }) {
  const t = useT();
  const typeName = useTypeName();
  if (group.conditions.length === 0) return <span>{t('automation.noConditions')}</span>;
  return (
    <div>
      {t(group.match === 'all' ? 'automation.match.all' : 'automation.match.any')}
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {group.conditions.map((item, index) => (
          <li key={index}>{'op' in item ? conditionText(t, typeName, item) : <ConditionsSummary group={item} />}</li>
        ))}
      </ul>
    </div>
  );
}

/** One action in a line: its kind and what it sets, names where an id is stored. */
function useActionText(): (action: RuleAction) => string {
  const t = useT();
  const userName = useUserNames();
  const teams = useTeams().data ?? [];
  const teamName = (id: string | undefined) => (id ? (teams.find((team) => team.id === id)?.name ?? id.slice(0, 8)) : t('automation.ticketTeam'));
  return (action) => {
    const detail = (() => {
      switch (action.type) {
        case 'set_field':
          return `${labelOf(t, 'automation.setField', action.field)} → ${labelOf(t, action.field, action.value)}`;
        case 'set_custom_field':
          return `${action.key} → ${JSON.stringify(action.value)}`;
        case 'add_tags':
        case 'remove_tags':
          return action.tags.join(', ');
        case 'assign_agent':
          return userName(action.userId);
        case 'assign_team':
          return teamName(action.teamId);
        case 'assign_by_routing':
          return teamName(action.teamId);
        case 'escalate_to_supervisor':
          return action.reason ?? '';
        case 'add_note':
        case 'add_reply':
          return action.body;
        case 'notify':
          return `${action.userIds.map(userName).join(', ')}: ${action.message}`;
        case 'send_template':
          return labelOf(t, 'automation.templateName', action.template);
        case 'webhook':
          return action.url;
        case 'link_earlier_ticket':
          return t('automation.summary.withinDays', { days: action.withinDays });
        case 'create_subtask':
          return `${teamName(action.departmentId)}: ${action.title}`;
      }
    })();
    const kind = labelOf(t, 'automation.action', action.type);
    return detail ? t('automation.summary.action', { kind, detail }) : kind;
  };
}

/** What a rule (or one of its versions) does, readable: when, if, then, and whether it stops the rules after it. */
export function RuleSummary({ definition }: { definition: Pick<RuleInput, 'trigger' | 'conditions' | 'actions' | 'stopFurther'> }) {
  const t = useT();
  const actionText = useActionText();
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'trigger', label: t('automation.trigger'), children: triggerText(t, definition.trigger) },
        { key: 'conditions', label: t('automation.conditions'), children: <ConditionsSummary group={definition.conditions} /> },
        {
          key: 'actions',
          label: t('automation.actions'),
          children: (
            <div>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {definition.actions.map((action, index) => (
                  <li key={index}>{actionText(action)}</li>
                ))}
              </ul>
              {definition.stopFurther && <Tag style={{ marginTop: 4 }}>{t('automation.stopFurther')}</Tag>}
            </div>
          ),
        },
      ]}
    />
  );
}
