import { theme, Tooltip } from 'antd';
import { labelOf, useT, type Priority, type TicketStatus, type Urgency } from '../../../shared/index.ts';

/** P1 red, P2 orange, P3 blue: the tier code with its meaning on hover. */
export function PriorityPill({ priority }: { priority: Priority }) {
  const t = useT();
  const { token } = theme.useToken();
  const color = priority === 'P1' ? token.colorError : priority === 'P2' ? token.colorWarning : token.colorInfo;
  return (
    <Tooltip title={labelOf(t, 'priority', priority)}>
      <span
        aria-label={labelOf(t, 'priority', priority)}
        style={{ display: 'inline-block', minWidth: 26, textAlign: 'center', fontSize: 12, fontWeight: 600, lineHeight: '20px', borderRadius: 4, color: '#fff', background: color }}
      >
        {priority}
      </span>
    </Tooltip>
  );
}

const STATUS_TONE: Record<TicketStatus, 'info' | 'primary' | 'warning' | 'default' | 'success'> = {
  new: 'info',
  open: 'primary',
  pending: 'warning',
  on_hold: 'default',
  solved: 'success',
  closed: 'default',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const t = useT();
  const { token } = theme.useToken();
  const tone = STATUS_TONE[status];
  const colors = {
    info: [token.colorInfoText, token.colorInfoBg],
    primary: [token.colorPrimaryText, token.colorPrimaryBg],
    warning: [token.colorWarningText, token.colorWarningBg],
    success: [token.colorSuccessText, token.colorSuccessBg],
    default: [token.colorTextSecondary, token.colorFillTertiary],
  }[tone];
  return (
    <span data-testid="status-tag" data-status={status} style={{ display: 'inline-block', padding: '0 8px', fontSize: 12, lineHeight: '22px', borderRadius: 4, color: colors[0], background: colors[1], whiteSpace: 'nowrap' }}>
      {labelOf(t, 'status', status)}
    </span>
  );
}

/** How soon the customer needs it, beside the priority; nothing while it is normal, so the unusual stands out. */
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const t = useT();
  const { token } = theme.useToken();
  if (urgency === 'normal') return null;
  const [color, background] = urgency === 'critical' ? [token.colorErrorText, token.colorErrorBg] : [token.colorWarningText, token.colorWarningBg];
  return (
    <span data-testid="urgency-tag" data-urgency={urgency} style={{ display: 'inline-block', padding: '0 6px', fontSize: 12, lineHeight: '20px', borderRadius: 4, color, background, whiteSpace: 'nowrap' }}>
      {labelOf(t, 'urgency', urgency)}
    </span>
  );
}
