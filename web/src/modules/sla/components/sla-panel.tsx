import { Flex, Skeleton, theme } from 'antd';
import { formatDateTime, labelOf, useT } from '../../../shared/index.ts';
import type { TargetView } from '../api.ts';
import { useTicketSla } from '../hooks.ts';
import { SlaBadge, type BadgeState } from './sla-badge.tsx';

function badgeStateOf(target: TargetView): BadgeState {
  if (target.status === 'active') return target.warnedAt ? 'warning' : 'active';
  return target.status;
}

/** The ticket's SLA targets: policy, each target's live countdown and its due time in the workspace calendar. */
export function SlaPanel({ ticketId }: { ticketId: string }) {
  const t = useT();
  const { token } = theme.useToken();
  const sla = useTicketSla(ticketId);
  if (sla.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (!sla.data) return <div style={{ color: token.colorTextTertiary }}>{t('sla.unavailable')}</div>;
  const { policy, targets } = sla.data;
  if (!policy || targets.length === 0) return <div style={{ color: token.colorTextTertiary }}>{t('sla.noPolicy')}</div>;
  return (
    <Flex vertical gap={10} data-testid="sla-panel">
      <div style={{ color: token.colorTextSecondary }}>{t('sla.policyApplied', { name: policy.name })}</div>
      {targets.map((target) => (
        <div key={`${target.metric}-${target.cycle}`} data-testid={`sla-target-${target.metric}`}>
          <Flex justify="space-between" align="center" gap={8}>
            <span>{labelOf(t, 'metric', target.metric)}</span>
            <SlaBadge state={badgeStateOf(target)} dueAt={target.dueAt} warnAt={target.warnAt} remainingMs={target.remainingMs} />
          </Flex>
          <div style={{ color: token.colorTextTertiary, fontSize: 12 }}>
            {target.status === 'met' && target.metAt
              ? t('sla.metAt', { time: formatDateTime(target.metAt) })
              : target.dueAt
                ? t('sla.dueAt', { time: formatDateTime(target.dueAt) })
                : t('sla.pausedHint')}
            {target.businessTime ? ` · ${t('sla.businessHours')}` : ''}
          </div>
        </div>
      ))}
    </Flex>
  );
}
