import { theme, Tooltip } from 'antd';
import { formatDateTime, formatDuration, type MessageKey, useNow, useT } from '../../../shared/index.ts';
import { liveState, type BadgeState } from '../live-state.ts';

export type { BadgeState } from '../live-state.ts';

interface SlaBadgeProps {
  state: BadgeState;
  dueAt: string | null;
  warnAt?: string | null;
  /** For a paused target: the time it had left when the clock stopped. */
  remainingMs?: number;
  /** Names the target ("First response") in the badge and its tooltip. */
  label?: string;
  size?: 'small' | 'default';
}

const STATE_LABEL: Record<BadgeState, MessageKey> = {
  none: 'sla.state.none',
  active: 'sla.state.active',
  warning: 'sla.state.warning',
  breached: 'sla.state.breached',
  paused: 'sla.state.paused',
  met: 'sla.state.met',
  cancelled: 'sla.state.cancelled',
};

/** A live SLA countdown: green while on time, amber from the warning point, red once breached, grey while paused. */
export function SlaBadge({ state, dueAt, warnAt = null, remainingMs, label, size = 'default' }: SlaBadgeProps) {
  const t = useT();
  const now = useNow();
  const { token } = theme.useToken();
  const current = liveState(state, now, dueAt, warnAt);
  if (current === 'none') return null;
  const units = { d: t('time.unit.d'), h: t('time.unit.h'), m: t('time.unit.m'), s: t('time.unit.s') };
  const palette: Record<BadgeState, { color: string; background: string; border: string }> = {
    active: { color: token.colorSuccessText, background: token.colorSuccessBg, border: token.colorSuccessBorder },
    warning: { color: token.colorWarningText, background: token.colorWarningBg, border: token.colorWarningBorder },
    breached: { color: token.colorErrorText, background: token.colorErrorBg, border: token.colorErrorBorder },
    paused: { color: token.colorTextSecondary, background: token.colorFillTertiary, border: token.colorBorder },
    met: { color: token.colorSuccessText, background: 'transparent', border: token.colorSuccessBorder },
    cancelled: { color: token.colorTextTertiary, background: 'transparent', border: token.colorBorderSecondary },
    none: { color: token.colorText, background: 'transparent', border: token.colorBorder },
  };
  let text: string;
  if (current === 'paused') text = remainingMs !== undefined ? t('sla.pausedLeft', { time: formatDuration(remainingMs, units) }) : t('sla.state.paused');
  else if (current === 'met' || current === 'cancelled') text = t(STATE_LABEL[current]);
  else if (!dueAt) text = t(STATE_LABEL[current]);
  else if (current === 'breached') text = t('sla.overdueBy', { time: formatDuration(now - Date.parse(dueAt), units) });
  else text = t('sla.dueIn', { time: formatDuration(Date.parse(dueAt) - now, units) });
  const colors = palette[current];
  const title = [label, t(STATE_LABEL[current]), dueAt ? t('sla.dueAt', { time: formatDateTime(dueAt) }) : ''].filter(Boolean).join(' · ');
  return (
    <Tooltip title={title}>
      <span
        data-testid="sla-badge"
        data-state={current}
        aria-label={title}
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 4,
          padding: size === 'small' ? '0 6px' : '1px 8px',
          fontSize: size === 'small' ? 12 : 13,
          lineHeight: size === 'small' ? '20px' : '22px',
          borderRadius: 10,
          border: `1px solid ${colors.border}`,
          background: colors.background,
          color: colors.color,
          whiteSpace: 'nowrap',
          fontVariantNumeric: 'tabular-nums',
        }}
      >
        <span aria-hidden style={{ width: 6, height: 6, borderRadius: '50%', background: colors.color, opacity: current === 'paused' ? 0.6 : 1 }} />
        {label && <span>{label}</span>}
        <span>{text}</span>
      </span>
    </Tooltip>
  );
}
