/** Sub-tasks handed to departments: the ticket's panel, the department queue's pieces, departments' targets. */
export { collaborationApi, type Subtask, type SubtaskDetail, type SubtaskQuery, type SubtaskTarget } from './api.ts';
export { SubtaskStatus } from './components/subtask-status.tsx';
export { SubtasksPanel } from './components/subtasks-panel.tsx';
export { collaborationKeys, useCancelSubtask, useCompleteSubtask, useSaveSubtaskTarget, useSubtask, useSubtasks, useSubtaskTargets, useTicketSubtasks, useUpdateSubtask } from './hooks.ts';
