import { AudioOutlined } from '@ant-design/icons';
import { useT } from '../../../shared/index.ts';

/** A recorded call on a ticket's timeline: its note and the link to the recording (the sentence above says who, how long, how it ended). */
export function CallDetails({ details, content }: { details: Record<string, unknown>; content: string | null }) {
  const t = useT();
  const recordingUrl = typeof details.recordingUrl === 'string' && /^https?:\/\//.test(details.recordingUrl) ? details.recordingUrl : null;
  if (!recordingUrl && !content) return null;
  return (
    <div data-testid="call-details" style={{ fontSize: 12, marginTop: 2 }}>
      {content && <div translate="no">{content}</div>}
      {recordingUrl && (
        <a href={recordingUrl} target="_blank" rel="noreferrer">
          <AudioOutlined aria-hidden /> {t('messaging.call.recording')}
        </a>
      )}
    </div>
  );
}

/** "4 min 35 s" in the UI's language: how long a call took. */
export function formatCallDuration(t: ReturnType<typeof useT>, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? t('messaging.call.minutesSeconds', { minutes: String(minutes), seconds: String(rest) }) : t('messaging.call.seconds', { seconds: String(rest) });
}
