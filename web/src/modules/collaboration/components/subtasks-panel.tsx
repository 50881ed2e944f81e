import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, Modal, Progress, Skeleton, theme } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { ErrorAlert, useT } from '../../../shared/index.ts';
import type { Subtask } from '../api.ts';
import { useCancelSubtask, useTicketSubtasks, useUpdateSubtask } from '../hooks.ts';
import { SubtaskStatus } from './subtask-status.tsx';

const SubtaskFormModal = lazy(() => import('./subtask-form-modal.tsx'));

/** The ticket's sub-tasks with its progress ("n of m done"); live through the department's events. */
export function SubtasksPanel({ ticketId, canWrite }: { ticketId: string; canWrite: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  const subtasks = useTicketSubtasks(ticketId);
  const update = useUpdateSubtask();
  const cancel = useCancelSubtask();
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Subtask>();
  const [reason, setReason] = useState('');

  if (subtasks.error) return <ErrorAlert error={subtasks.error} />;
  if (!subtasks.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const { items, progress } = subtasks.data;

  return (
    <div data-testid="subtasks-panel">
      {progress.total > 0 && (
        <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
          <Progress percent={Math.round((progress.done / progress.total) * 100)} size="small" showInfo={false} style={{ flex: 1, margin: 0 }} />
          <span data-testid="subtasks-progress" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('collaboration.progress', progress)}
          </span>
        </Flex>
      )}
      {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('collaboration.none')} style={{ margin: '4px 0' }} />}
      <Flex vertical gap={8}>
        {items.map((subtask) => (
          <div key={subtask.id} data-testid="subtask-item" style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, paddingTop: 8 }}>
            <div translate="no" style={{ fontWeight: 500 }}>
              {subtask.title}
            </div>
            <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
              <span translate="no">{subtask.department.name}</span>
              {subtask.assignee && (
                <>
                  {' · '}
                  <span translate="no">{subtask.assignee.name}</span>
                </>
              )}
            </div>
            <div style={{ marginTop: 4 }}>
              <SubtaskStatus subtask={subtask} />
            </div>
            {subtask.resolution && (
              <div style={{ fontSize: 13, marginTop: 4 }}>
                {t('collaboration.resolutionShown')}{' '}
                <span translate="no">{subtask.resolution}</span>
              </div>
            )}
            {subtask.cancelReason && (
              <div style={{ fontSize: 13, marginTop: 4, color: token.colorTextSecondary }}>
                {t('collaboration.cancelledShown')}{' '}
                <span translate="no">{subtask.cancelReason}</span>
              </div>
            )}
            {canWrite && (
              <Flex gap={6} style={{ marginTop: 6 }}>
                {(subtask.status === 'open' || subtask.status === 'in_progress') && (
                  <Button size="small" onClick={() => setWithdrawing(subtask)}>
                    {t('collaboration.withdraw')}
                  </Button>
                )}
                {subtask.status === 'done' && (
                  <Button size="small" loading={update.isPending && update.variables?.id === subtask.id} onClick={() => update.mutate({ id: subtask.id, status: 'open' })}>
                    {t('collaboration.reopen')}
                  </Button>
                )}
              </Flex>
            )}
          </div>
        ))}
      </Flex>
      {canWrite && (
        <Button size="small" icon={<PlusOutlined aria-hidden />} style={{ marginTop: 10 }} onClick={() => setAdding(true)}>
          {t('collaboration.add')}
        </Button>
      )}
      {adding && (
        <Suspense fallback={null}>
          <SubtaskFormModal ticketId={ticketId} onClose={() => setAdding(false)} />
        </Suspense>
      )}
      <Modal
        open={!!withdrawing}
        title={t('collaboration.withdrawTitle')}
        okText={t('collaboration.withdraw')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: reason.trim() === '', danger: true }}
        confirmLoading={cancel.isPending}
        onCancel={() => setWithdrawing(undefined)}
        onOk={() =>
          withdrawing &&
          cancel.mutate(
            { id: withdrawing.id, reason },
            {
              onSuccess: () => {
                setWithdrawing(undefined);
                setReason('');
              },
            },
          )
        }
      >
        <Input.TextArea aria-label={t('collaboration.reason')} placeholder={t('collaboration.reason')} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} />
      </Modal>
    </div>
  );
}
