import { Link } from 'react-router-dom';
import { useTeams, useUserNames } from '../../identity/index.ts';
import { labelOf, useT, type Translate } from '../../../shared/index.ts';
import type { Effect } from '../api.ts';

function patchText(t: Translate, patch: Record<string, unknown>, names: { user: (id: string) => string; team: (id: string) => string }): string {
  return Object.entries(patch)
    .map(([field, value]) => {
      const shown =
        field === 'assigneeId' ? names.user(String(value)) :
        field === 'teamId' ? names.team(String(value)) :
        field === 'tags' ? (value as string[]).join(', ') :
        field === 'customFields' ? Object.entries(value as Record<string, unknown>).map(([key, v]) => `${key}=${String(v)}`).join(', ') :
        labelOf(t, field, String(value));
      return `${labelOf(t, 'automation.patchField', field)} → ${shown}`;
    })
    .join('; ');
}

/** What a rule or macro does (or would do) to one ticket, one line per effect, in the UI language. */
export function EffectList({ effects }: { effects: Effect[] }) {
  const t = useT();
  const userName = useUserNames();
  const teams = useTeams().data ?? [];
  const names = { user: userName, team: (id: string) => teams.find((team) => team.id === id)?.name ?? id.slice(0, 8) };
  const line = (effect: Effect) => {
    switch (effect.kind) {
      case 'update':
        return t('automation.effect.update', { changes: patchText(t, effect.patch as Record<string, unknown>, names) });
      case 'note':
        return t('automation.effect.note', { body: String(effect.body) });
      case 'reply':
        return t('automation.effect.reply', { body: String(effect.body) });
      case 'notify':
        return t('automation.effect.notify', { count: (effect.userIds as string[]).length, message: String(effect.message) });
      case 'escalate':
        return t('automation.effect.escalate', { count: (effect.supervisorIds as string[]).length });
      case 'template':
        return t('automation.effect.template', { template: labelOf(t, 'automation.templateName', String(effect.template)) });
      case 'webhook':
        return t('automation.effect.webhook', { url: String(effect.url) });
      case 'link':
        return (
          <>
            {t('automation.effect.link')} <Link to={`/tickets/${String(effect.ticketId)}`}>{String(effect.number)}</Link>
            {effect.note ? ` · ${String(effect.note)}` : ''}
          </>
        );
      case 'subtask':
        return t('automation.effect.subtask', { department: names.team(String(effect.departmentId)), title: String(effect.title) });
      default:
        return effect.kind;
    }
  };
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="effect-list">
      {effects.map((effect, index) => (
        <li key={index}>{line(effect)}</li>
      ))}
    </ul>
  );
}
