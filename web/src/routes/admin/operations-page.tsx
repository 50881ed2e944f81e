import { Badge, Button, Popconfirm, Table, Typography } from 'antd';
import { useDeadLetters, useRetryAll, useRetryDelivery, useRetryTimer, type DeadDelivery, type DeadTimer } from '../../modules/operations/index.ts';
import { ErrorAlert, formatDateTime, PageHeader, useT } from '../../shared/index.ts';

/** Names, keys and error texts come from the server as they are: data, not interface text. */
function Code({ children }: { children: string }) {
  return (
    <Typography.Text code translate="no">
      {children}
    </Typography.Text>
  );
}

function LastError({ text }: { text: string }) {
  return (
    <Typography.Paragraph type="danger" translate="no" ellipsis={{ rows: 2, expandable: 'collapsible', tooltip: text }} style={{ marginBottom: 0 }}>
      {text}
    </Typography.Paragraph>
  );
}

export default function OperationsPage() {
  const t = useT();
  const deadLetters = useDeadLetters();
  const retryDelivery = useRetryDelivery();
  const retryTimer = useRetryTimer();
  const retryAll = useRetryAll();
  const counts = deadLetters.data?.counts ?? { deliveries: 0, timers: 0 };
  const total = counts.deliveries + counts.timers;
  const isRetrying = (delivery: DeadDelivery) => retryDelivery.isPending && retryDelivery.variables?.eventId === delivery.eventId && retryDelivery.variables.subscriber === delivery.subscriber;

  return (
    <>
      <PageHeader
        title={t('nav.operations')}
        subtitle={t('operations.subtitle')}
        extra={
          <>
            <Button onClick={() => void deadLetters.refetch()} loading={deadLetters.isFetching && !deadLetters.isPending}>
              {t('common.refresh')}
            </Button>
            <Popconfirm title={t('operations.retryAllConfirm', { count: total })} onConfirm={() => retryAll.mutate()} disabled={total === 0}>
              <Button type="primary" disabled={total === 0} loading={retryAll.isPending}>
                {t('operations.retryAll')}
              </Button>
            </Popconfirm>
          </>
        }
      />
      <ErrorAlert error={deadLetters.error} />

      <h2 style={{ fontSize: 16, margin: '8px 0 12px' }}>
        {t('operations.deliveries')} <Badge count={counts.deliveries} showZero color={counts.deliveries > 0 ? 'red' : 'green'} />
      </h2>
      <Table<DeadDelivery>
        rowKey={(row) => `${row.eventId}|${row.subscriber}`}
        size="small"
        loading={deadLetters.isPending}
        dataSource={deadLetters.data?.deliveries ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('operations.noDeliveries') }}
        columns={[
          { title: t('operations.deadAt'), dataIndex: 'deadAt', width: 160, render: (value: string) => formatDateTime(value) },
          { title: t('operations.event'), key: 'event', width: 200, render: (_, row) => <Code>{row.eventType}</Code> },
          { title: t('operations.subscriber'), dataIndex: 'subscriber', width: 180, render: (value: string) => <Code>{value}</Code> },
          { title: t('operations.object'), key: 'object', width: 200, render: (_, row) => <span translate="no">{`${row.aggregateType} · ${row.aggregateId.slice(0, 8)}`}</span> },
          { title: t('operations.attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
          { title: t('operations.lastError'), dataIndex: 'lastError', render: (value: string) => <LastError text={value} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, row) => (
              <Button size="small" onClick={() => retryDelivery.mutate(row)} loading={isRetrying(row)} aria-label={t('operations.retryDelivery', { subscriber: row.subscriber, event: row.eventType })}>
                {t('operations.retry')}
              </Button>
            ),
          },
        ]}
      />

      <h2 style={{ fontSize: 16, margin: '24px 0 12px' }}>
        {t('operations.timers')} <Badge count={counts.timers} showZero color={counts.timers > 0 ? 'red' : 'green'} />
      </h2>
      <Table<DeadTimer>
        rowKey="key"
        size="small"
        loading={deadLetters.isPending}
        dataSource={deadLetters.data?.timers ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('operations.noTimers') }}
        columns={[
          { title: t('operations.deadAt'), dataIndex: 'deadAt', width: 160, render: (value: string) => formatDateTime(value) },
          { title: t('operations.timerKind'), dataIndex: 'kind', width: 180, render: (value: string) => <Code>{value}</Code> },
          { title: t('operations.timerKey'), dataIndex: 'key', width: 260, render: (value: string) => <Code>{value}</Code> },
          { title: t('operations.attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
          { title: t('operations.lastError'), dataIndex: 'lastError', render: (value: string) => <LastError text={value} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, row) => (
              <Button size="small" onClick={() => retryTimer.mutate(row)} loading={retryTimer.isPending && retryTimer.variables?.key === row.key} aria-label={t('operations.retryTimer', { key: row.key })}>
                {t('operations.retry')}
              </Button>
            ),
          },
        ]}
      />
      {total > (deadLetters.data?.deliveries.length ?? 0) + (deadLetters.data?.timers.length ?? 0) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('operations.moreNotShown')}
        </Typography.Paragraph>
      )}
    </>
  );
}
