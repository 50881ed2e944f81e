import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Col, Empty, Flex, Row, Statistic, theme } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { SlaBadge } from '../../modules/sla/index.ts';
import { PriorityPill, StatusTag, type TicketListItem, ticketsApi, useTicketCounts } from '../../modules/tickets/index.ts';
import { ACTIVE_STATUSES, type ChartOption, EChart, ErrorAlert, labelOf, PageHeader, PRIORITIES, type RealtimeMessage, RelativeTime, useRealtimeEvents, useT } from '../../shared/index.ts';

interface FeedItem {
  key: string;
  type: string;
  ticketId: string;
  at: number;
}

function TicketLine({ ticket, extra }: { ticket: TicketListItem; extra?: React.ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Link to={`/tickets/${ticket.id}`} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '6px 0', color: token.colorText, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
      <PriorityPill priority={ticket.priority} />
      <span translate="no" style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        <span style={{ color: token.colorTextSecondary, fontFamily: 'ui-monospace, monospace', fontSize: 12 }}>{ticket.number}</span> {ticket.subject}
      </span>
      {extra}
    </Link>
  );
}

export default function SupervisorPage() {
  const t = useT();
  const { token } = theme.useToken();
  const queryClient = useQueryClient();
  // Counted by the server in one statement; refreshed on ticket events at most every few seconds.
  const counts = useTicketCounts();
  const oldest = useQuery({ queryKey: ['supervisor', 'oldest'], queryFn: () => ticketsApi.list({ view: 'all', status: ['new', 'open'], sort: 'created_at', order: 'asc' }, null, 8) });
  const risk = useQuery({ queryKey: ['supervisor', 'risk'], queryFn: () => ticketsApi.list({ view: 'sla_at_risk' }, null, 12) });
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const statsTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(statsTimer.current), []);

  useRealtimeEvents((message: RealtimeMessage) => {
    // Counts follow ticket changes too, at most every few seconds however busy the workspace is.
    if (message.aggregateType === 'ticket' && statsTimer.current === undefined) {
      statsTimer.current = window.setTimeout(() => {
        statsTimer.current = undefined;
        void counts.refetch();
      }, 3000);
    }
    if (message.type !== 'sla.breached' && message.type !== 'sla.warning') return;
    setFeed((items) => [{ key: `${message.id}`, type: message.type, ticketId: message.aggregateId, at: Date.now() }, ...items].slice(0, 30));
    void queryClient.prefetchQuery({ queryKey: ['tickets', 'detail', message.aggregateId], queryFn: () => ticketsApi.get(message.aggregateId) });
  });

  const stats = useMemo(() => {
    const data = counts.data;
    return {
      byStatus: ACTIVE_STATUSES.map((status) => data?.byStatus[status] ?? 0),
      byPriority: PRIORITIES.map((priority) => data?.byPriority[priority] ?? 0),
      byTeam: data?.byTeam ?? [],
    };
  }, [counts.data]);

  const barOption = (labels: string[], values: number[], color: string): ChartOption => ({
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: [{ type: 'bar', data: values, itemStyle: { color, borderRadius: [0, 4, 4, 0] }, barMaxWidth: 22, label: { show: true, position: 'right' } }],
  });
  const teamName = (team: { name: string } | null) => (team ? team.name || '…' : t('ticket.noTeam'));

  return (
    <>
      <PageHeader title={t('nav.supervisor')} subtitle={t('supervisor.subtitle')} />
      <ErrorAlert error={counts.error ?? risk.error ?? oldest.error} />
      <Row gutter={[16, 16]}>
        {[
          { label: t('supervisor.open'), value: counts.data?.open ?? 0, color: token.colorText },
          { label: t('supervisor.unassigned'), value: counts.data?.unassigned ?? 0, color: token.colorWarningText },
          { label: t('supervisor.atRisk'), value: counts.data?.bySlaState.warning ?? 0, color: token.colorWarningText },
          { label: t('supervisor.breached'), value: counts.data?.bySlaState.breached ?? 0, color: token.colorErrorText },
          { label: t('supervisor.createdToday'), value: counts.data?.today.created ?? 0, color: token.colorText },
          { label: t('supervisor.solvedToday'), value: counts.data?.today.solved ?? 0, color: token.colorSuccessText },
        ].map((kpi) => (
          <Col key={kpi.label} xs={12} md={8} xl={4}>
            <Card size="small" loading={counts.isPending}>
              <Statistic title={kpi.label} value={kpi.value} styles={{ content: { color: kpi.color } }} />
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={8}>
          <Card size="small" title={t('supervisor.byStatus')} loading={counts.isPending}>
            <EChart label={t('supervisor.byStatus')} option={barOption(ACTIVE_STATUSES.map((s) => labelOf(t, 'status', s)), stats.byStatus, token.colorPrimary)} height={180} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('supervisor.byPriority')} loading={counts.isPending}>
            <EChart label={t('supervisor.byPriority')} option={barOption([...PRIORITIES], stats.byPriority, token.colorWarning)} height={180} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('supervisor.byTeam')} loading={counts.isPending}>
            <EChart label={t('supervisor.byTeam')} option={barOption(stats.byTeam.map((row) => teamName(row.team)), stats.byTeam.map((row) => row.count), token.colorInfo)} height={180} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('supervisor.slaRisk')}>
            {risk.data?.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervisor.noRisk')} />}
            {risk.data?.items.map((ticket) => <TicketLine key={ticket.id} ticket={ticket} extra={<SlaBadge state={ticket.slaState} dueAt={ticket.slaNextDueAt} size="small" />} />)}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('supervisor.oldest')}>
            {oldest.data?.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervisor.noneWaiting')} />}
            {oldest.data?.items.map((ticket) => (
              <TicketLine
                key={ticket.id}
                ticket={ticket}
                extra={
                  <Flex gap={6} align="center">
                    <StatusTag status={ticket.status} />
                    <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>
                      <RelativeTime value={ticket.createdAt} />
                    </span>
                  </Flex>
                }
              />
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('supervisor.breachFeed')}>
            {feed.length === 0 && <div style={{ color: token.colorTextTertiary }}>{t('supervisor.feedEmpty')}</div>}
            <ol aria-live="polite" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="breach-feed">
              {feed.map((item) => {
                const ticket = queryClient.getQueryData<TicketListItem>(['tickets', 'detail', item.ticketId]);
                return (
                  <li key={item.key} style={{ padding: '6px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
                    <SlaBadge state={item.type === 'sla.breached' ? 'breached' : 'warning'} dueAt={null} size="small" />{' '}
                    <Link to={`/tickets/${item.ticketId}`} translate="no">
                      {ticket ? `${ticket.number} ${ticket.subject}` : item.ticketId.slice(0, 8)}
                    </Link>
                  </li>
                );
              })}
            </ol>
          </Card>
        </Col>
      </Row>
    </>
  );
}
