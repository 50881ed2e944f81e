import { Alert, theme } from 'antd';
import { formatDateTime, useNow, useT } from '../../../shared/index.ts';
import type { WechatConversation } from '../api.ts';

/**
 * Above the composer of a WeChat ticket: until when a public reply still reaches the follower, and a warning once
 * WeChat's 48-hour window has closed (a reply is then refused and says so on the ticket).
 */
export function ReplyWindowNotice({ conversation }: { conversation: WechatConversation | null | undefined }) {
  const t = useT();
  const now = useNow();
  const { token } = theme.useToken();
  if (!conversation) return null;
  const endsAt = conversation.replyWindowEndsAt;
  const isOpen = endsAt !== null && Date.parse(endsAt) >= now;
  if (!isOpen || !conversation.isSubscribed) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="wechat-window-closed"
        title={conversation.isSubscribed ? t('messaging.wechat.windowClosed', { time: formatDateTime(endsAt) }) : t('messaging.wechat.unsubscribed')}
      />
    );
  }
  return (
    <div data-testid="wechat-window-open" style={{ fontSize: 12, color: token.colorTextSecondary }}>
      {t('messaging.wechat.windowOpen', { time: formatDateTime(endsAt) })}
    </div>
  );
}
