export { routingApi, type TeamRouting, type AgentRouting, type QueueSummary, type Queue, type Strategy, type SkillRule, type TransferInput } from './api.ts';
export { routingKeys, useTeamRouting, useRoutingAgents, useQueues, useQueue, useSaveTeamRouting, useSaveAgentCapacity, useTransferTicket } from './hooks.ts';
export { PresenceSwitch } from './components/presence-switch.tsx';
export { ScheduleEditor, ScheduleSummary, type WeeklyHours } from './components/schedule-editor.tsx';
