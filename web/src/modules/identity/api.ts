import type { z } from 'zod';
import type { AuditEntry as AuditRecord } from '../../../../src/modules/audit/index.ts';
import type { ApiTokenRecord, IdentityService, TeamRecord, UserSchema } from '../../../../src/modules/identity/index.ts';
import type { Workspace as WorkspaceRecord } from '../../../../src/modules/workspaces/index.ts';
import { api, type Role, type Wire } from '../../shared/index.ts';

// Response shapes are the server's (type-only: nothing of the server is bundled). Teams, tokens and the
// workspace come from its service types, as their route schemas are not exported.
export type User = Wire<z.infer<typeof UserSchema>>;
export type Team = Wire<TeamRecord>;
export type ApiToken = Omit<Wire<ApiTokenRecord>, 'workspaceId'>;
export type Workspace = Omit<Wire<WorkspaceRecord>, 'createdAt'>;
export type AuditEntry = Omit<Wire<AuditRecord>, 'requestId'>;
// Request shapes are the service's inputs (the routes pass them through).
export type MePatch = Parameters<IdentityService['updateMe']>[1];
export type NewUser = Parameters<IdentityService['createUser']>[1];
export type UserUpdate = Parameters<IdentityService['updateUser']>[2];
export type NewTeam = Parameters<IdentityService['createTeam']>[1];
export type TeamUpdate = Parameters<IdentityService['updateTeam']>[2];
export type NewApiToken = Wire<Parameters<IdentityService['createApiToken']>[1]>;
export type Presence = NonNullable<MePatch['presence']>;

export interface Session {
  user: User;
  workspace: Workspace;
  permissions: string[];
  expiresAt?: string;
}

export const identityApi = {
  me: () => api.get<Session>('/api/v1/me', { expectUnauthenticated: true }),
  login: (body: { email: string; password: string }) => api.post<Session>('/api/v1/auth/login', body, { expectUnauthenticated: true }),
  logout: () => api.post<{ ok: true }>('/api/v1/auth/logout', {}, { expectUnauthenticated: true }),
  logoutEverywhere: () => api.post<{ ok: true }>('/api/v1/auth/logout-everywhere', {}, { expectUnauthenticated: true }),
  updateMe: (body: MePatch) => api.patch<User>('/api/v1/me', body),
  changePassword: (body: { currentPassword: string; newPassword: string }) => api.post<{ ok: true }>('/api/v1/me/password', body),
  listUsers: (query: { role?: Role; teamId?: string; active?: 'true' | 'false' } = {}) => api.get<{ items: User[] }>('/api/v1/users', { query }),
  createUser: (body: NewUser) => api.post<User>('/api/v1/users', body),
  updateUser: (id: string, body: UserUpdate) => api.patch<User>(`/api/v1/users/${id}`, body),
  listTeams: () => api.get<{ items: Team[] }>('/api/v1/teams'),
  createTeam: (body: NewTeam) => api.post<Team>('/api/v1/teams', body),
  updateTeam: (id: string, body: TeamUpdate) => api.patch<Team>(`/api/v1/teams/${id}`, body),
  deleteTeam: (id: string) => api.delete<{ ok: true }>(`/api/v1/teams/${id}`),
  listTokens: () => api.get<{ items: ApiToken[] }>('/api/v1/api-tokens'),
  createToken: (body: NewApiToken) => api.post<{ token: string; apiToken: ApiToken }>('/api/v1/api-tokens', body),
  revokeToken: (id: string) => api.delete<{ ok: true }>(`/api/v1/api-tokens/${id}`),
  getWorkspace: () => api.get<Workspace>('/api/v1/workspace'),
  updateWorkspace: (body: Partial<Omit<Workspace, 'id' | 'slug'>>) => api.patch<Workspace>('/api/v1/workspace', body),
  auditLog: (query: { entityType?: string; entityId?: string; before?: number; limit?: number }) => api.get<{ items: AuditEntry[] }>('/api/v1/audit-log', { query }),
};
