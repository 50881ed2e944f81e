import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import { workspacesRoutes } from './workspaces.routes.ts';
import { createWorkspacesService, type WorkspacesService } from './workspaces.service.ts';

export { isValidTimezone, WORKSPACE_SLUG, type Workspace, type WorkspacesService } from './workspaces.service.ts';
export { WorkspaceSchema } from './workspaces.routes.ts';

/** Workspace settings, which every module above reads. */
export function createWorkspacesModule(deps: Pick<ModulePlatform, 'db' | 'clock'> & { audit: AuditService }): KefuModule<WorkspacesService> {
  const workspaces = createWorkspacesService(deps);
  return { service: workspaces, routes: (app) => workspacesRoutes(app, { workspaces }), subscribers: [], timers: [] };
}
