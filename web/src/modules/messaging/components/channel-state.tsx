import { theme } from 'antd';
import { RelativeTime, useT } from '../../../shared/index.ts';

/** When a channel last received something and its last error, for an admin checking that it works. */
export function ChannelState({ lastAt, lastError, lastErrorAt }: { lastAt: string | null; lastError: string | null; lastErrorAt: string | null }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <div style={{ fontSize: 12 }} data-testid="channel-state">
      <div>{lastAt ? <>{t('messaging.lastReceived')} <RelativeTime value={lastAt} /></> : <span style={{ color: token.colorTextTertiary }}>{t('messaging.nothingYet')}</span>}</div>
      {lastError && (
        <div style={{ color: token.colorErrorText }} role="status">
          {t('messaging.lastError')} {lastErrorAt && <RelativeTime value={lastErrorAt} />}: <span translate="no">{lastError}</span>
        </div>
      )}
    </div>
  );
}
