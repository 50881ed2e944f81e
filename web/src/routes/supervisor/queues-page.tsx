import { Card, Col, Empty, Progress, Row, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQueue, useQueues, type Queue, type QueueSummary } from '../../modules/routing/index.ts';
import { ErrorAlert, formatDateTime, labelOf, PageHeader, RelativeTime, useT } from '../../shared/index.ts';

type QueuedTicket = Queue['tickets'][number];
type TeamAgent = Queue['agents'][number];

/** The supervisors' queue view: every team's waiting tickets, and one team's queue in serving order with its agents' loads. */
export default function QueuesPage() {
  const t = useT();
  const queues = useQueues();
  const [teamId, setTeamId] = useState<string>();
  const selected = teamId ?? queues.data?.find((q) => q.waiting > 0)?.teamId ?? queues.data?.[0]?.teamId;
  const queue = useQueue(selected);

  return (
    <>
      <PageHeader title={t('routing.queuesTitle')} subtitle={t('routing.queuesSubtitle')} />
      <ErrorAlert error={queues.error ?? queue.error} />
      <Table<QueueSummary>
        rowKey="teamId"
        size="small"
        loading={queues.isPending}
        dataSource={queues.data ?? []}
        pagination={false}
        rowClassName={(row) => (row.teamId === selected ? 'ant-table-row-selected' : '')}
        onRow={(row) => ({ onClick: () => setTeamId(row.teamId), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('routing.team'), dataIndex: 'teamName' },
          { title: t('routing.strategy'), dataIndex: 'strategy', render: (strategy: string) => labelOf(t, 'routing.strategy', strategy) },
          { title: t('routing.waiting'), dataIndex: 'waiting', width: 100 },
          { title: t('routing.p1Waiting'), dataIndex: 'p1Waiting', width: 110, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
          { title: t('routing.oldestWait'), dataIndex: 'oldestQueuedAt', width: 150, render: (at: string | null) => <RelativeTime value={at} /> },
          { title: t('routing.agentsOnline'), dataIndex: 'agentsOnline', width: 120 },
        ]}
        style={{ marginBottom: 16 }}
      />
      {selected && (
        <Row gutter={16}>
          <Col xs={24} lg={15}>
            <Card size="small" title={queues.data?.find((q) => q.teamId === selected)?.teamName}>
              <Table<QueuedTicket>
                rowKey="ticketId"
                size="small"
                loading={queue.isPending}
                dataSource={queue.data?.tickets ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description={t('routing.emptyQueue')} /> }}
                columns={[
                  { title: t('routing.priority'), dataIndex: 'priority', width: 80, render: (p: string) => <Tag color={p === 'P1' ? 'red' : p === 'P2' ? 'orange' : 'default'}>{p}</Tag> },
                  { title: t('routing.subject'), key: 'subject', render: (_, row) => <Link to={`/tickets/${row.ticketId}`}>{row.number} · {row.subject}</Link> },
                  { title: t('routing.slaDue'), dataIndex: 'slaDueAt', width: 160, render: (at: string | null) => (at ? formatDateTime(at) : '—') },
                  { title: t('routing.queuedAt'), dataIndex: 'queuedAt', width: 130, render: (at: string) => <RelativeTime value={at} /> },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={9}>
            <Card size="small" title={t('routing.agents')}>
              <Table<TeamAgent>
                rowKey="userId"
                size="small"
                dataSource={queue.data?.agents ?? []}
                pagination={false}
                columns={[
                  { title: t('routing.agent'), dataIndex: 'name' },
                  { title: t('routing.presence'), dataIndex: 'presence', width: 80, render: (p: string) => labelOf(t, 'presence', p) },
                  {
                    title: t('routing.ticketCapacity'),
                    key: 'load',
                    width: 150,
                    render: (_, agent) => (
                      <Progress
                        size="small"
                        percent={agent.ticketCapacity === 0 ? 100 : Math.round((agent.openTickets / agent.ticketCapacity) * 100)}
                        format={() => t('routing.load', { open: agent.openTickets, capacity: agent.ticketCapacity })}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
