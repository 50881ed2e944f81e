import { BellOutlined } from '@ant-design/icons';
import { Button, Popover, theme } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useT } from '../../../shared/index.ts';
import { useUnreadCount } from '../hooks.ts';

// The list loads the first time the bell is opened: the header ships in the first bundle.
const NotificationPanel = lazy(() => import('./notification-panel.tsx'));

/** The header's bell: the unread count (kept live by the socket) and, on click, the latest notifications. */
export function NotificationBell() {
  const t = useT();
  const { token } = theme.useToken();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  const label = count > 0 ? t('notifications.bellUnread', { count: unread.data?.capped ? `${count}+` : count }) : t('notifications.title');
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      arrow={false}
      open={open}
      onOpenChange={setOpen}
      // Rendered on first open only, and unmounted when closed: a closed list does not refetch on every event.
      destroyOnHidden
      content={
        <Suspense fallback={<div style={{ width: 360, height: 120 }} />}>
          <NotificationPanel onClose={() => setOpen(false)} />
        </Suspense>
      }
    >
      <Button type="text" title={label} aria-label={label} aria-haspopup="dialog" aria-expanded={open} data-testid="notification-bell" data-unread={count} style={{ height: 40 }}>
        {/* A plain count bubble: antd's Badge would add 3 KB gzip to the first screen. */}
        <span style={{ position: 'relative', display: 'inline-flex' }}>
          <BellOutlined aria-hidden style={{ fontSize: 18 }} />
          {count > 0 && (
            <span
              aria-hidden
              style={{
                position: 'absolute',
                top: -7,
                left: 10,
                minWidth: 16,
                height: 16,
                padding: '0 4px',
                borderRadius: 8,
                background: token.colorError,
                color: '#fff',
                fontSize: 11,
                lineHeight: '16px',
                textAlign: 'center',
                boxShadow: `0 0 0 1px ${token.colorBgContainer}`,
              }}
            >
              {count > 99 ? '99+' : count}
            </span>
          )}
        </span>
      </Button>
    </Popover>
  );
}
