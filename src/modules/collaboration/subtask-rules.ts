/**
 * The rules of sub-tasks, without I/O: who sees one, a ticket's progress, a sub-task's SLA state and when its own
 * clock warns and is due.
 */
import { ACTIVE_SUBTASK_STATUSES, type SubtaskSlaState, type SubtaskStatus } from '../../contracts/collaboration.ts';

export interface SubtaskViewer {
  role: string;
  userId: string | null;
  teamIds: readonly string[];
}

/**
 * Specialists see the sub-tasks of their departments and those assigned to them — never the rest of the desk's work;
 * every other role that reads tickets sees them all.
 */
export function canSeeSubtask(viewer: SubtaskViewer, subtask: { departmentId: string; assigneeId: string | null }): boolean {
  if (viewer.role !== 'specialist') return true;
  if (subtask.assigneeId !== null && subtask.assigneeId === viewer.userId) return true;
  return viewer.teamIds.includes(subtask.departmentId);
}

export interface Progress {
  done: number;
  /** Sub-tasks that count: cancelled ones do not. */
  total: number;
}

/** "n of m done" for a ticket: cancelled sub-tasks are left out of both counts. */
export function progressOf(subtasks: readonly { status: SubtaskStatus }[]): Progress {
  const counted = subtasks.filter((subtask) => subtask.status !== 'cancelled');
  return { done: counted.filter((subtask) => subtask.status === 'done').length, total: counted.length };
}

export function isActiveSubtask(status: SubtaskStatus): boolean {
  return ACTIVE_SUBTASK_STATUSES.includes(status);
}

/** The state of a sub-task's own clock at `now`. */
export function subtaskSlaState(
  subtask: { status: SubtaskStatus; dueAt: Date | null; warnAt: Date | null; completedAt: Date | null },
  now: Date,
): SubtaskSlaState {
  if (!subtask.dueAt || subtask.status === 'cancelled') return 'none';
  if (subtask.status === 'done') return subtask.completedAt && subtask.completedAt <= subtask.dueAt ? 'met' : 'missed';
  if (now >= subtask.dueAt) return 'breached';
  if (subtask.warnAt && now >= subtask.warnAt) return 'warning';
  return 'active';
}

export interface SubtaskTarget {
  minutes: number;
  businessTime: boolean;
  warnPercent: number;
}

/**
 * Due and warning instants of a target started at `start`. `addMinutes` counts business minutes on the
 * department's calendar for a business-time target (and plain minutes otherwise); the warning is at the given share
 * of the target, counted the same way.
 */
export function dueTimesOf(
  target: SubtaskTarget,
  start: Date,
  addMinutes: (start: Date, minutes: number) => Date,
): { dueAt: Date; warnAt: Date } {
  const add = target.businessTime ? addMinutes : (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);
  return { dueAt: add(start, target.minutes), warnAt: add(start, (target.minutes * target.warnPercent) / 100) };
}

/** A warning instant for an explicit due time: the same share of the time between creation and due. */
export function warnAtFor(start: Date, dueAt: Date, warnPercent: number): Date | null {
  const span = dueAt.getTime() - start.getTime();
  if (span <= 0) return null;
  return new Date(start.getTime() + Math.round((span * warnPercent) / 100));
}

/**
 * Withdrawing or reopening a request belongs to the side that asked for it: anyone but the department's specialists,
 * or the specialist who created it.
 */
export function canManageRequest(viewer: SubtaskViewer, subtask: { createdBy: string | null }): boolean {
  return viewer.role !== 'specialist' || (subtask.createdBy !== null && subtask.createdBy === viewer.userId);
}
