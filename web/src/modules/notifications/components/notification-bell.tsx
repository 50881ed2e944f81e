import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Popover } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useT } from '../../../shared/index.ts';
import { useUnreadCount } from '../hooks.ts';

// The list loads the first time the bell is opened: the header ships in the first bundle.
const NotificationPanel = lazy(() => import('./notification-panel.tsx'));

/** The header's bell: the unread count (kept live by the socket) and, on click, the latest notifications. */
export function NotificationBell() {
  const t = useT();
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
        <Badge count={count} overflowCount={99} size="small" offset={[4, -2]}>
          <BellOutlined aria-hidden style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
