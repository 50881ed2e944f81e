import { Tag } from 'antd';
import { formatDateTime, labelOf, useT } from '../../../shared/index.ts';
import type { Subtask } from '../api.ts';

const STATUS_COLORS: Record<Subtask['status'], string> = { open: 'blue', in_progress: 'gold', done: 'green', cancelled: 'default' };
const SLA_COLORS: Partial<Record<Subtask['slaState'], string>> = { warning: 'orange', breached: 'red', missed: 'red', met: 'green' };

/** A sub-task's status and, when it has a due time, how its own clock stands. */
export function SubtaskStatus({ subtask }: { subtask: Subtask }) {
  const t = useT();
  return (
    <>
      <Tag color={STATUS_COLORS[subtask.status]}>{labelOf(t, 'collaboration.subtaskStatus', subtask.status)}</Tag>
      {subtask.dueAt && subtask.slaState !== 'none' && (
        <Tag color={SLA_COLORS[subtask.slaState]} title={t('collaboration.due', { time: formatDateTime(subtask.dueAt) })}>
          {labelOf(t, 'collaboration.sla', subtask.slaState)} · {t('collaboration.due', { time: formatDateTime(subtask.dueAt) })}
        </Tag>
      )}
    </>
  );
}
