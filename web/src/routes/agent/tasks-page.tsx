import { useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Flex, Segmented, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type SlaTask, type TaskFilter, useCompleteTask, useSlaTasks } from '../../modules/sla/index.ts';
import { ErrorAlert, formatDateTime, labelOf, PageHeader, RelativeTime, useRealtimeEvents, useT } from '../../shared/index.ts';

// Escalation creates tasks (sla.escalated) and someone completes them: either changes the list.
const TASK_EVENTS = new Set(['sla.escalated', 'sla.task_completed']);

/** The follow-up tasks SLA escalation created ("contact the customer proactively"): mine or all, open or done. */
export default function TasksPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<TaskFilter>({ mine: true, status: 'open' });
  const tasks = useSlaTasks(filter);
  const complete = useCompleteTask();

  useRealtimeEvents((message) => {
    if (TASK_EVENTS.has(message.type)) void queryClient.invalidateQueries({ queryKey: ['sla', 'tasks'] });
  });

  return (
    <>
      <PageHeader title={t('nav.tasks')} subtitle={t('tasks.subtitle')} />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('tasks.whose')}
          value={filter.mine ? 'mine' : 'all'}
          onChange={(value) => setFilter((current) => ({ ...current, mine: value === 'mine' }))}
          options={[
            { value: 'mine', label: t('tasks.mine') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Segmented
          aria-label={t('tasks.state')}
          value={filter.status}
          onChange={(value) => setFilter((current) => ({ ...current, status: value as TaskFilter['status'] }))}
          options={[
            { value: 'open', label: t('tasks.open') },
            { value: 'done', label: t('tasks.done') },
          ]}
        />
      </Flex>
      <ErrorAlert error={tasks.error} />
      <Table<SlaTask>
        rowKey="id"
        size="middle"
        data-testid="sla-tasks"
        loading={tasks.isPending}
        dataSource={tasks.data ?? []}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter.status === 'open' ? t('tasks.noneOpen') : t('tasks.noneDone')} /> }}
        columns={[
          {
            title: t('tasks.ticket'),
            dataIndex: 'ticketNumber',
            width: 170,
            render: (number: string, task) => (
              <Link to={`/tickets/${task.ticketId}`} translate="no" style={{ fontFamily: 'ui-monospace, monospace' }}>
                {number}
              </Link>
            ),
          },
          {
            title: t('tasks.task'),
            dataIndex: 'title',
            render: (title: string, task) => (
              <>
                <div>{title}</div>
                {task.note && (
                  <div translate="no" style={{ opacity: 0.7, fontSize: 13 }}>
                    {task.note}
                  </div>
                )}
              </>
            ),
          },
          { title: t('tasks.metric'), dataIndex: 'metric', width: 130, render: (metric: string | null) => (metric ? labelOf(t, 'metric', metric) : '—') },
          {
            title: filter.status === 'open' ? t('tasks.created') : t('tasks.completedAt'),
            key: 'at',
            width: 140,
            render: (_, task) => (filter.status === 'open' ? <RelativeTime value={task.createdAt} /> : formatDateTime(task.completedAt ?? task.createdAt)),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_, task) =>
              task.status === 'open' ? (
                <Button size="small" type="primary" loading={complete.isPending && complete.variables === task.id} onClick={() => complete.mutate(task.id)}>
                  {t('tasks.complete')}
                </Button>
              ) : (
                t('tasks.done')
              ),
          },
        ]}
      />
    </>
  );
}
