import { Button, Empty, Segmented, Spin, theme } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type AppNotification, NotificationItem, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../../modules/notifications/index.ts';
import { ErrorAlert, PageHeader, useT } from '../../shared/index.ts';

const PAGE = 30;

/** All of the user's notifications, or the unread ones, page by page; opening one goes to its ticket. */
export default function NotificationsPage() {
  const t = useT();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [show, setShow] = useState<'all' | 'unread'>('all');
  const list = useNotifications({ unread: show === 'unread', limit: PAGE });
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead({ success: 'notifications.allMarked' });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const open = (notification: AppNotification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    if (notification.ticketId) navigate(`/tickets/${notification.ticketId}`);
  };

  return (
    <>
      <PageHeader
        title={t('nav.notifications')}
        subtitle={t('notifications.subtitle')}
        extra={
          <Button disabled={!unread.data?.unread} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Segmented
        aria-label={t('notifications.show')}
        value={show}
        onChange={(value) => setShow(value as 'all' | 'unread')}
        options={[
          { value: 'all', label: t('common.all') },
          { value: 'unread', label: t('notifications.unreadOnly') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={list.error} />
      {list.isPending && <Spin style={{ display: 'block', marginTop: 40 }} />}
      {list.isSuccess && items.length === 0 && <Empty description={show === 'unread' ? t('notifications.noneUnread') : t('notifications.empty')} />}
      {items.length > 0 && (
        <div style={{ maxWidth: 760, background: token.colorBgContainer, borderRadius: token.borderRadiusLG, border: `1px solid ${token.colorBorderSecondary}`, padding: 6 }}>
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onOpen={open} />
          ))}
        </div>
      )}
      {list.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
