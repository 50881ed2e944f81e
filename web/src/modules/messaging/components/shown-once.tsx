import { Alert, Typography } from 'antd';
import { useT } from '../../../shared/index.ts';

/** A secret the server shows this once (a signing secret, a WeChat token), with where it goes. */
export function ShownOnce({ label, value, hint, onClose }: { label: string; value: string; hint: string; onClose: () => void }) {
  const t = useT();
  return (
    <Alert
      type="success"
      showIcon
      closable={{ 'aria-label': t('messaging.dismiss') }}
      onClose={onClose}
      style={{ marginBottom: 16 }}
      title={t('messaging.shownOnce', { label })}
      description={
        <>
          <Typography.Text code copyable data-testid="shown-once-value" translate="no">
            {value}
          </Typography.Text>
          <div style={{ marginTop: 6 }}>{hint}</div>
        </>
      }
    />
  );
}

/** An inbound URL as the provider must be given it: absolute, on this server's address when the API answered a path. */
export const absoluteUrl = (url: string): string => (url.startsWith('/') ? `${window.location.origin}${url}` : url);
