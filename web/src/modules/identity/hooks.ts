import { useQuery } from '@tanstack/react-query';
import { identityApi } from './api.ts';

export const identityKeys = {
  me: ['identity', 'me'] as const,
  users: ['identity', 'users'] as const,
  teams: ['identity', 'teams'] as const,
  tokens: ['identity', 'tokens'] as const,
  workspace: ['identity', 'workspace'] as const,
  audit: (filter: object) => ['identity', 'audit', filter] as const,
};

/** Everyone in the workspace (names for assignees, authors, members). Cached: it changes rarely. */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: identityKeys.users, queryFn: () => identityApi.listUsers().then((r) => r.items), staleTime: 60_000, enabled });
}

export function useTeams(enabled = true) {
  return useQuery({ queryKey: identityKeys.teams, queryFn: () => identityApi.listTeams().then((r) => r.items), staleTime: 60_000, enabled });
}

export function useUserNames(): (id: string | null | undefined) => string {
  const { data } = useUsers();
  return (id) => (id ? (data?.find((user) => user.id === id)?.name ?? id.slice(0, 8)) : '');
}
