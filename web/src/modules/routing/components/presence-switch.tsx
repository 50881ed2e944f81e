import { Select } from 'antd';
import { useEffect, useRef } from 'react';
import { useRequiredSession, useUpdateMe, type Presence } from '../../identity/index.ts';
import { labelOf, useT } from '../../../shared/index.ts';

/** Minutes without a key press, click or pointer move before an online agent is set to away. */
export const AUTO_AWAY_MINUTES = 10;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
const COLOURS: Record<Presence, string> = { online: '#52c41a', away: '#faad14', offline: '#bfbfbf' };

/**
 * The agent's presence in the header: routing gives work only to online agents. An online agent idle for
 * AUTO_AWAY_MINUTES is set to away, and set back online on their next activity (only if the idle timer set away).
 */
export function PresenceSwitch() {
  const t = useT();
  const session = useRequiredSession();
  const update = useUpdateMe({ success: undefined });
  const presence = session.user.presence as Presence;
  const autoAway = useRef(false);
  const mutate = useRef(update.mutate);
  mutate.current = update.mutate;

  useEffect(() => {
    if (presence !== 'online' && !(presence === 'away' && autoAway.current)) return;
    let timer = window.setTimeout(goAway, AUTO_AWAY_MINUTES * 60_000);
    function goAway() {
      if (presence !== 'online') return;
      autoAway.current = true;
      mutate.current({ presence: 'away' });
    }
    const onActivity = () => {
      if (presence === 'away' && autoAway.current) {
        autoAway.current = false;
        mutate.current({ presence: 'online' });
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(goAway, AUTO_AWAY_MINUTES * 60_000);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity);
    };
  }, [presence]);

  return (
    <Select<Presence>
      aria-label={t('routing.presenceLabel')}
      title={t('routing.autoAway', { minutes: AUTO_AWAY_MINUTES })}
      value={presence}
      loading={update.isPending}
      style={{ width: 120 }}
      onChange={(value) => {
        autoAway.current = false;
        update.mutate({ presence: value });
      }}
      options={(['online', 'away', 'offline'] as const).map((value) => ({
        value,
        label: (
          <span>
            <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: COLOURS[value], marginRight: 8 }} />
            {labelOf(t, 'presence', value)}
          </span>
        ),
      }))}
    />
  );
}
