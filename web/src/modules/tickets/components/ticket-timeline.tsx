import { FileOutlined, LockOutlined } from '@ant-design/icons';
import { Avatar, Flex, theme } from 'antd';
import { labelOf } from '../../../components/labels.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { formatDateTime } from '../../../components/time.ts';
import { useT, type Translate } from '../../../i18n/index.tsx';
import type { Message, TimelineEntry } from '../api.ts';

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

function formatValue(t: Translate, names: TimelineNames, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('timeline.empty');
  if (field === 'status') return labelOf(t, 'status', String(value));
  if (field === 'assigneeId') return names.user(String(value));
  if (field === 'teamId' || field === 'departmentId') return names.team(String(value));
  if (field === 'type') return names.type(String(value));
  if (field === 'channel') return labelOf(t, 'channel', String(value));
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
      return t('timeline.updated', { who });
  }
}

function ChangeList({ entry, names }: { entry: TimelineEntry; names: TimelineNames }) {
  const t = useT();
  const { token } = theme.useToken();
  const fields = Object.entries(entry.changes).filter(([field]) => !(entry.kind === 'status_changed' && field === 'status') && !(entry.kind === 'assigned' && field === 'assigneeId'));
  if (fields.length === 0) return null;
  return (
    <ul style={{ margin: '2px 0 0', paddingLeft: 18, color: token.colorTextSecondary, fontSize: 12 }}>
      {fields.map(([field, change]) => (
        <li key={field}>
          {labelOf(t, 'field', field)}: {formatValue(t, names, field, change.from)} → {formatValue(t, names, field, change.to)}
        </li>
      ))}
    </ul>
  );
}

function MessageCard({ message, entry }: { message: Message; entry?: TimelineEntry }) {
  const t = useT();
  const { token } = theme.useToken();
  const isNote = message.kind === 'note';
  const isCustomer = message.authorType === 'customer';
  const author = message.author?.name ?? (isCustomer ? t('timeline.customer') : message.authorType === 'system' ? t('timeline.system') : t('timeline.someone'));
  return (
    <article
      data-testid="timeline-message"
      data-kind={message.kind}
      aria-label={isNote ? t('timeline.noteBy', { who: author }) : t('timeline.replyBy', { who: author })}
      style={{
        border: `1px solid ${isNote ? token.colorWarningBorder : token.colorBorderSecondary}`,
        background: isNote ? token.colorWarningBg : isCustomer ? token.colorBgContainer : token.colorFillQuaternary,
        borderRadius: token.borderRadiusLG,
        padding: '10px 14px',
      }}
    >
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 6 }}>
        <Flex align="center" gap={8}>
          <Avatar size="small" style={{ background: isCustomer ? token.colorInfo : token.colorPrimary }}>
            {author.slice(0, 1)}
          </Avatar>
          <span style={{ fontWeight: 500 }}>{author}</span>
          {isNote && (
            <span style={{ color: token.colorWarningText, fontSize: 12 }}>
              <LockOutlined aria-hidden /> {t('composer.note')}
            </span>
          )}
          {message.isAutoReply && <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>{t('timeline.autoReply')}</span>}
        </Flex>
        <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>
          <RelativeTime value={message.createdAt} />
        </span>
      </Flex>
      <div className="kefu-timeline-body" translate="no">
        {message.body}
      </div>
      {message.attachments.length > 0 && (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {message.attachments.map((attachment) => (
            <a key={attachment.id} href={attachment.url} target="_blank" rel="noreferrer" style={{ fontSize: 12 }}>
              <FileOutlined aria-hidden /> {attachment.filename} ({Math.max(1, Math.round(attachment.sizeBytes / 1024))} KB)
            </a>
          ))}
        </Flex>
      )}
      {entry?.nextStep && <div style={{ marginTop: 6, fontSize: 12, color: token.colorTextSecondary }}>{t('timeline.nextStep', { step: entry.nextStep })}</div>}
    </article>
  );
}

export function TicketTimeline({ entries, messages, names }: { entries: TimelineEntry[]; messages: Message[]; names: TimelineNames }) {
  const t = useT();
  const { token } = theme.useToken();
  const items = mergeTimeline(entries, messages);
  return (
    <ol aria-label={t('timeline.title')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 10 }}>
      {items.map((item) =>
        item.kind === 'message' ? (
          <li key={`m-${item.message.id}`}>
            <MessageCard message={item.message} entry={item.entry} />
          </li>
        ) : (
          <li key={`e-${item.entry.id}`} data-testid="timeline-event" data-kind={item.entry.kind} style={{ display: 'flex', gap: 10, padding: '2px 14px', color: token.colorTextSecondary, fontSize: 13 }}>
            <span aria-hidden style={{ width: 8, height: 8, borderRadius: '50%', marginTop: 6, flex: 'none', background: item.entry.kind.startsWith('sla.') ? token.colorWarning : token.colorBorder }} />
            <div style={{ flex: 1 }}>
              <span>{describeEntry(t, names, item.entry)}</span>
              <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>
                {' · '}
                <RelativeTime value={item.entry.at} />
              </span>
              <ChangeList entry={item.entry} names={names} />
              {item.entry.nextStep && <div style={{ fontSize: 12 }}>{t('timeline.nextStep', { step: item.entry.nextStep })}</div>}
            </div>
          </li>
        ),
      )}
    </ol>
  );
}
