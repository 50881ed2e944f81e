import { FileOutlined, LockOutlined } from '@ant-design/icons';
import { Avatar, Flex, theme } from 'antd';
import type { ReactNode } from 'react';
import { labelOf, RelativeTime, useT } from '../../../shared/index.ts';
import type { Message, TimelineEntry } from '../api.ts';
import { describeEntry, formatValue, mergeTimeline, type TimelineNames } from '../timeline-items.ts';

export type { TimelineNames } from '../timeline-items.ts';

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
      {message.deliveryStatus === 'failed' && (
        <div role="status" data-testid="delivery-failed" style={{ marginTop: 8, fontSize: 12, color: token.colorErrorText }}>
          {t('messaging.deliveryFailed')}
          {message.deliveryError ? `: ${message.deliveryError}` : ''}
        </div>
      )}
    </article>
  );
}

/**
 * The ticket's thread. `renderEventDetails` lets the page add what another module knows of its own steps (a call's
 * recording link) under the step's sentence.
 */
export function TicketTimeline({ entries, messages, names, renderEventDetails }: { entries: TimelineEntry[]; messages: Message[]; names: TimelineNames; renderEventDetails?: (entry: TimelineEntry) => ReactNode }) {
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
              {renderEventDetails?.(item.entry)}
              {item.entry.nextStep && <div style={{ fontSize: 12 }}>{t('timeline.nextStep', { step: item.entry.nextStep })}</div>}
            </div>
          </li>
        ),
      )}
    </ol>
  );
}
