import { api } from '../../api/client.ts';
import type { UiLocale } from '../../i18n/index.tsx';

export const ROLES = ['admin', 'supervisor', 'agent', 'specialist', 'analyst'] as const;
export type Role = (typeof ROLES)[number];
export type Presence = 'online' | 'away' | 'offline';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: UiLocale | null;
  theme: string;
  isActive: boolean;
  maxLoad: number;
  presence: Presence | string;
  teamIds: string[];
  skills: { skill: string; level: number }[];
  createdAt: string;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  defaultLocale: UiLocale;
  timezone: string;
  ticketPrefix: string;
}

export interface Session {
  user: User;
  workspace: Workspace;
  permissions: string[];
  expiresAt?: string;
}

export interface Team {
  id: string;
  name: string;
  kind: 'team' | 'department';
  description: string;
  memberIds: string[];
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export const PERMISSIONS = [
  'tickets.read',
  'tickets.write',
  'tickets.assign',
  'tickets.merge',
  'customers.read',
  'customers.write',
  'contacts.unmasked',
  'users.manage',
  'settings.manage',
  'tokens.manage',
  'audit.read',
  'analytics.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface UserInput {
  email?: string;
  name?: string;
  role?: Role;
  password?: string;
  locale?: UiLocale | null;
  teamIds?: string[];
  skills?: { skill: string; level: number }[];
  maxLoad?: number;
  isActive?: boolean;
}

export const identityApi = {
  me: () => api.get<Session>('/api/v1/me', { expectUnauthenticated: true }),
  login: (body: { email: string; password: string }) => api.post<Session>('/api/v1/auth/login', body, { expectUnauthenticated: true }),
  logout: () => api.post<{ ok: true }>('/api/v1/auth/logout', {}, { expectUnauthenticated: true }),
  logoutEverywhere: () => api.post<{ ok: true }>('/api/v1/auth/logout-everywhere', {}, { expectUnauthenticated: true }),
  updateMe: (body: { name?: string; locale?: UiLocale | null; theme?: 'light' | 'dark'; presence?: Presence }) => api.patch<User>('/api/v1/me', body),
  changePassword: (body: { currentPassword: string; newPassword: string }) => api.post<{ ok: true }>('/api/v1/me/password', body),
  listUsers: (query: { role?: Role; teamId?: string; active?: 'true' | 'false' } = {}) => api.get<{ items: User[] }>('/api/v1/users', { query }),
  createUser: (body: UserInput) => api.post<User>('/api/v1/users', body),
  updateUser: (id: string, body: UserInput) => api.patch<User>(`/api/v1/users/${id}`, body),
  listTeams: () => api.get<{ items: Team[] }>('/api/v1/teams'),
  createTeam: (body: { name: string; kind: Team['kind']; description?: string; memberIds?: string[] }) => api.post<Team>('/api/v1/teams', body),
  updateTeam: (id: string, body: { name?: string; description?: string; memberIds?: string[] }) => api.patch<Team>(`/api/v1/teams/${id}`, body),
  deleteTeam: (id: string) => api.delete<{ ok: true }>(`/api/v1/teams/${id}`),
  listTokens: () => api.get<{ items: ApiToken[] }>('/api/v1/api-tokens'),
  createToken: (body: { name: string; scopes: string[]; expiresAt?: string | null }) => api.post<{ token: string; apiToken: ApiToken }>('/api/v1/api-tokens', body),
  revokeToken: (id: string) => api.delete<{ ok: true }>(`/api/v1/api-tokens/${id}`),
  getWorkspace: () => api.get<Workspace>('/api/v1/workspace'),
  updateWorkspace: (body: Partial<Omit<Workspace, 'id' | 'slug'>>) => api.patch<Workspace>('/api/v1/workspace', body),
  auditLog: (query: { entityType?: string; entityId?: string; before?: number; limit?: number }) => api.get<{ items: AuditEntry[] }>('/api/v1/audit-log', { query }),
};
