import { useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../format/time.ts';
import { useNow } from '../format/use-now.ts';

/** "5 min ago" for recent times, the date beyond a week; the exact time on hover. */
export function RelativeTime({ value }: { value: string | null | undefined }) {
  const t = useT();
  const now = useNow();
  if (!value) return null;
  const ms = now - Date.parse(value);
  const minutes = Math.floor(ms / 60_000);
  let text: string;
  if (minutes < 1) text = t('time.justNow');
  else if (minutes < 60) text = t('time.minutesAgo', { count: minutes });
  else if (minutes < 24 * 60) text = t('time.hoursAgo', { count: Math.floor(minutes / 60) });
  else if (minutes < 7 * 24 * 60) text = t('time.daysAgo', { count: Math.floor(minutes / 1440) });
  else text = formatDateTime(value).slice(0, 10);
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {text}
    </time>
  );
}
