import { Button, Checkbox, Descriptions, Drawer, Empty, Flex, Form, Input, Segmented, Skeleton, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useRequiredSession, useSession } from '../../modules/identity/index.ts';
import { SubtaskStatus, useCompleteSubtask, useSubtask, useSubtasks, useUpdateSubtask, type Subtask, type SubtaskQuery } from '../../modules/collaboration/index.ts';
import { ErrorAlert, formatDateTime, labelOf, PageHeader, RelativeTime, useT } from '../../shared/index.ts';

/** One sub-task with what the department needs of the parent ticket, and the way to report it done. */
function SubtaskDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const session = useRequiredSession();
  const { can } = useSession();
  const detail = useSubtask(id);
  const update = useUpdateSubtask();
  const complete = useCompleteSubtask();
  const [form] = Form.useForm<{ resolution: string; notifyCustomer: boolean }>();
  const subtask = detail.data;
  const isActive = subtask?.status === 'open' || subtask?.status === 'in_progress';
  const canWrite = can('tickets.write');

  return (
    <Drawer open onClose={onClose} size={520} title={subtask ? <span translate="no">{subtask.title}</span> : t('collaboration.task')} destroyOnHidden>
      <ErrorAlert error={detail.error} />
      {!subtask ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <div>
            <SubtaskStatus subtask={subtask} />
          </div>
          {subtask.description && (
            <div translate="no" style={{ whiteSpace: 'pre-wrap' }}>
              {subtask.description}
            </div>
          )}
          <Descriptions size="small" column={1} bordered title={t('collaboration.parent', { number: subtask.parent.number })}>
            <Descriptions.Item label={t('collaboration.parentSubject')}>
              <span translate="no">{subtask.parent.subject}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('ticket.priority')}>
              {subtask.parent.priority} · {labelOf(t, 'urgency', subtask.parent.urgency)}
            </Descriptions.Item>
            {subtask.parent.customerName && (
              <Descriptions.Item label={t('collaboration.customer')}>
                <span translate="no">{subtask.parent.customerName}</span>
              </Descriptions.Item>
            )}
            {subtask.parent.description && (
              <Descriptions.Item label={t('collaboration.parentDescription')}>
                <span translate="no" style={{ whiteSpace: 'pre-wrap' }}>
                  {subtask.parent.description}
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
          {subtask.createdBy && <div style={{ fontSize: 13 }}>{t('collaboration.requestedBy', { name: subtask.createdBy.name })}</div>}
          {subtask.parent.canOpen && <Link to={`/tickets/${subtask.parent.id}`}>{t('collaboration.openTicket')}</Link>}
          {subtask.resolution && (
            <div>
              {t('collaboration.resolutionShown')}{' '}
              <span translate="no">{subtask.resolution}</span>
            </div>
          )}
          {canWrite && isActive && (
            <>
              <Flex gap={8}>
                {subtask.assignee?.id !== session.user.id && session.user.teamIds.includes(subtask.department.id) && (
                  <Button onClick={() => update.mutate({ id, assigneeId: session.user.id })} loading={update.isPending}>
                    {t('collaboration.takeIt')}
                  </Button>
                )}
                {subtask.status === 'open' && (
                  <Button onClick={() => update.mutate({ id, status: 'in_progress' })} loading={update.isPending}>
                    {t('collaboration.start')}
                  </Button>
                )}
              </Flex>
              <Form
                form={form}
                layout="vertical"
                name="complete-subtask"
                initialValues={{ notifyCustomer: subtask.notifyCustomer }}
                onFinish={(values) => complete.mutate({ id, resolution: values.resolution, notifyCustomer: values.notifyCustomer }, { onSuccess: onClose })}
              >
                <Form.Item name="resolution" label={t('collaboration.resolution')} rules={[{ required: true, message: t('form.required') }]}>
                  <Input.TextArea rows={3} placeholder={t('collaboration.resolutionPlaceholder')} />
                </Form.Item>
                <Form.Item name="notifyCustomer" valuePropName="checked">
                  <Checkbox>{t('collaboration.notifyCustomer')}</Checkbox>
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={complete.isPending}>
                  {t('collaboration.complete')}
                </Button>
              </Form>
            </>
          )}
        </Flex>
      )}
    </Drawer>
  );
}

/** The work other teams handed to my departments (or to me), soonest due first; live. */
export default function SubtasksPage() {
  const t = useT();
  const session = useRequiredSession();
  const isSpecialist = session.user.role === 'specialist';
  const [query, setQuery] = useState<SubtaskQuery>({ scope: isSpecialist ? 'departments' : 'all', state: 'active' });
  const [open, setOpen] = useState<string>();
  const subtasks = useSubtasks(query);
  const scopes = isSpecialist ? (['departments', 'mine'] as const) : (['all', 'departments', 'mine'] as const);

  return (
    <>
      <PageHeader title={t('collaboration.nav')} subtitle={t('collaboration.subtitle')} />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('collaboration.scope')}
          value={query.scope}
          onChange={(scope) => setQuery((current) => ({ ...current, scope: scope as SubtaskQuery['scope'] }))}
          options={scopes.map((scope) => ({ value: scope, label: t(`collaboration.scope.${scope}`) }))}
        />
        <Segmented
          aria-label={t('collaboration.state')}
          value={query.state}
          onChange={(state) => setQuery((current) => ({ ...current, state: state as SubtaskQuery['state'] }))}
          options={(['active', 'done', 'all'] as const).map((state) => ({ value: state, label: t(`collaboration.state.${state}`) }))}
        />
      </Flex>
      <ErrorAlert error={subtasks.error} />
      <Table<Subtask>
        rowKey="id"
        size="middle"
        data-testid="subtask-queue"
        loading={subtasks.isPending}
        dataSource={subtasks.data ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        onRow={(subtask) => ({ onClick: () => setOpen(subtask.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('collaboration.emptyQueue')} /> }}
        columns={[
          { title: t('collaboration.ticket'), dataIndex: 'ticketNumber', width: 170, render: (number: string) => <span translate="no" style={{ fontFamily: 'ui-monospace, monospace' }}>{number}</span> },
          {
            title: t('collaboration.task'),
            dataIndex: 'title',
            render: (title: string, subtask) => (
              <>
                <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => setOpen(subtask.id)}>
                  <span translate="no">{title}</span>
                </Button>
                <div translate="no" style={{ opacity: 0.7, fontSize: 13 }}>
                  {subtask.ticketSubject}
                </div>
              </>
            ),
          },
          { title: t('collaboration.department'), dataIndex: ['department', 'name'], width: 140, render: (name: string) => <span translate="no">{name}</span> },
          { title: t('collaboration.assignee'), dataIndex: ['assignee', 'name'], width: 130, render: (name?: string) => (name ? <span translate="no">{name}</span> : '—') },
          { title: t('collaboration.dueAt'), dataIndex: 'dueAt', width: 150, render: (due: string | null) => (due ? <span title={formatDateTime(due)}><RelativeTime value={due} /></span> : t('collaboration.noDue')) },
          { title: t('collaboration.status'), key: 'status', width: 200, render: (_, subtask) => <SubtaskStatus subtask={subtask} /> },
        ]}
      />
      {open && <SubtaskDrawer id={open} onClose={() => setOpen(undefined)} />}
    </>
  );
}
