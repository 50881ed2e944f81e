/** The ids and names an action refers to must exist in the workspace: checked when a rule or macro is saved. */
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { Sql } from '../../platform/db.ts';
import type { AutomationContext } from './automation.context.ts';
import type { Action } from './rule-schema.ts';

/** The templates a rule may send: the ones about the customer's ticket. */
export const REPLY_TEMPLATES = ['ticket.acknowledged', 'ticket.progress', 'ticket.solved'] as const;

export async function assertActionReferences(ctx: AutomationContext, sql: Sql, workspaceId: string, actions: readonly Action[], path: string): Promise<void> {
  const teamIds = new Set<string>();
  const userIds = new Set<string>();
  for (const action of actions) {
    if (action.type === 'assign_team') teamIds.add(action.teamId);
    if (action.type === 'assign_by_routing' && action.teamId) teamIds.add(action.teamId);
    if (action.type === 'create_subtask') teamIds.add(action.departmentId);
    if (action.type === 'assign_agent') userIds.add(action.userId);
    if (action.type === 'notify') action.userIds.forEach((id) => userIds.add(id));
  }
  const [teams, users] = await Promise.all([ctx.deps.identity.getTeamsByIds(workspaceId, [...teamIds], sql), ctx.deps.identity.getUsersByIds(workspaceId, [...userIds], sql)]);
  const knownTeams = new Set(teams.map((team) => team.id));
  const departments = new Set(teams.filter((team) => team.kind === 'department').map((team) => team.id));
  const activeUsers = new Set(users.filter((user) => user.isActive).map((user) => user.id));
  const problems: FieldProblem[] = [];
  actions.forEach((action, index) => {
    const at = `${path}[${index}]`;
    if (action.type === 'assign_team' && !knownTeams.has(action.teamId)) problems.push({ field: `${at}.teamId`, messageKey: 'automation.unknown_team' });
    if (action.type === 'assign_by_routing' && action.teamId && !knownTeams.has(action.teamId)) problems.push({ field: `${at}.teamId`, messageKey: 'automation.unknown_team' });
    if (action.type === 'create_subtask' && !departments.has(action.departmentId)) problems.push({ field: `${at}.departmentId`, messageKey: 'collaboration.unknown_department' });
    if (action.type === 'assign_agent' && !activeUsers.has(action.userId)) problems.push({ field: `${at}.userId`, messageKey: 'automation.unknown_user' });
    if (action.type === 'notify') {
      action.userIds.forEach((id, i) => {
        if (!activeUsers.has(id)) problems.push({ field: `${at}.userIds[${i}]`, messageKey: 'automation.unknown_user' });
      });
    }
    if (action.type === 'send_template' && !(REPLY_TEMPLATES as readonly string[]).includes(action.template)) problems.push({ field: `${at}.template`, messageKey: 'automation.unknown_template' });
  });
  if (problems.length > 0) throw new AppError('validation', 'errors.validation', { fields: problems });
}
