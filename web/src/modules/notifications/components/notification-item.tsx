import { AlertOutlined, BellOutlined, CheckSquareOutlined, ClockCircleOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { theme } from 'antd';
import type { ReactNode } from 'react';
import { RelativeTime, useT } from '../../../shared/index.ts';
import type { AppNotification } from '../api.ts';

const ICONS: Record<string, ReactNode> = {
  sla_warning: <ClockCircleOutlined aria-hidden />,
  sla_breached: <AlertOutlined aria-hidden />,
  sla_escalated: <AlertOutlined aria-hidden />,
  sla_task: <CheckSquareOutlined aria-hidden />,
  sla_assigned: <UserSwitchOutlined aria-hidden />,
};

/**
 * One notification as a button: opening it marks it read and goes to its ticket. Unread ones are bold with a dot;
 * the title and body come from the server in the UI's language.
 */
export function NotificationItem({ notification, onOpen }: { notification: AppNotification; onOpen: (notification: AppNotification) => void }) {
  const t = useT();
  const { token } = theme.useToken();
  const isUnread = notification.readAt === null;
  const tone = notification.kind === 'sla_breached' || notification.kind === 'sla_escalated' ? token.colorError : notification.kind === 'sla_warning' ? token.colorWarning : token.colorPrimary;
  return (
    <button
      type="button"
      data-testid="notification"
      data-unread={isUnread}
      onClick={() => onOpen(notification)}
      aria-label={isUnread ? `${notification.title} (${t('notifications.unread')})` : notification.title}
      style={{
        display: 'flex',
        gap: 10,
        width: '100%',
        padding: '8px 10px',
        border: 0,
        borderRadius: token.borderRadius,
        textAlign: 'left',
        cursor: 'pointer',
        background: isUnread ? token.colorPrimaryBg : 'transparent',
        color: token.colorText,
        font: 'inherit',
      }}
    >
      <span style={{ color: tone, fontSize: 16, lineHeight: '22px' }}>{ICONS[notification.kind] ?? <BellOutlined aria-hidden />}</span>
      <span style={{ flex: 1, minWidth: 0 }}>
        <span style={{ display: 'block', fontWeight: isUnread ? 600 : 400 }}>{notification.title}</span>
        {notification.body && (
          <span translate="no" style={{ display: 'block', color: token.colorTextSecondary, fontSize: 13 }}>
            {notification.body}
          </span>
        )}
        <span style={{ display: 'block', color: token.colorTextTertiary, fontSize: 12 }}>
          <RelativeTime value={notification.createdAt} />
        </span>
      </span>
      {isUnread && <span aria-hidden style={{ width: 8, height: 8, marginTop: 7, borderRadius: '50%', background: token.colorPrimary, flex: 'none' }} />}
    </button>
  );
}
