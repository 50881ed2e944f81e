import { Button, Empty, Flex, Spin, theme } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert, useT } from '../../../shared/index.ts';
import type { AppNotification } from '../api.ts';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../hooks.ts';
import { NotificationItem } from './notification-item.tsx';

const LATEST = 8;

/** The bell's drop-down: the latest notifications, mark all read, and the way to the full list. */
export default function NotificationPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const latest = useNotifications({ unread: false, limit: LATEST });
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const items = latest.data?.pages[0]?.items ?? [];

  const open = (notification: AppNotification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    onClose();
    if (notification.ticketId) navigate(`/tickets/${notification.ticketId}`);
  };

  return (
    <div role="dialog" aria-label={t('notifications.title')} data-testid="notification-panel" style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }}>
      <Flex align="center" justify="space-between" style={{ padding: '0 4px 8px', borderBottom: `1px solid ${token.colorSplit}` }}>
        <strong>{t('notifications.title')}</strong>
        <Button size="small" type="link" disabled={!unread.data?.unread} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()}>
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <ErrorAlert error={latest.error} />
      {latest.isPending && <Spin style={{ display: 'block', margin: '24px auto' }} />}
      {latest.isSuccess && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />}
      <div style={{ maxHeight: 420, overflowY: 'auto', padding: '4px 0' }}>
        {items.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} onOpen={open} />
        ))}
      </div>
      <div style={{ borderTop: `1px solid ${token.colorSplit}`, paddingTop: 6, textAlign: 'center' }}>
        <Button
          type="link"
          size="small"
          onClick={() => {
            onClose();
            navigate('/notifications');
          }}
        >
          {t('notifications.seeAll')}
        </Button>
      </div>
    </div>
  );
}
