/** The vocabularies of cross-department sub-tasks, shared by the server and the web app. Pure constants: no imports. */

/** `open` = waiting for the department, `in_progress` = someone works on it, `done` = completed, `cancelled` = withdrawn. */
export const SUBTASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type SubtaskStatus = (typeof SUBTASK_STATUSES)[number];

/** Statuses in which a sub-task still waits for its department. */
export const ACTIVE_SUBTASK_STATUSES: readonly SubtaskStatus[] = ['open', 'in_progress'];

/** Which status a sub-task may move to: a completed one can be reopened, a cancelled one is final. */
export const NEXT_SUBTASK_STATUSES: Readonly<Record<SubtaskStatus, readonly SubtaskStatus[]>> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: [],
};

export function canMoveSubtask(from: SubtaskStatus, to: SubtaskStatus): boolean {
  return NEXT_SUBTASK_STATUSES[from].includes(to);
}

/** A sub-task's own SLA: `none` without a due time; `met`/`missed` once done, before or after it. */
export const SUBTASK_SLA_STATES = ['none', 'active', 'warning', 'breached', 'met', 'missed'] as const;
export type SubtaskSlaState = (typeof SUBTASK_SLA_STATES)[number];

/** Who asked for a sub-task. */
export const SUBTASK_ORIGINS = ['manual', 'automation', 'complaint', 'api'] as const;
export type SubtaskOrigin = (typeof SUBTASK_ORIGINS)[number];
