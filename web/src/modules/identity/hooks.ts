import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { identityApi, type MePatch, type NewApiToken, type NewTeam, type NewUser, type Session, type TeamUpdate, type User, type UserUpdate, type Workspace } from './api.ts';

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

export function useApiTokens() {
  return useQuery({ queryKey: identityKeys.tokens, queryFn: () => identityApi.listTokens().then((r) => r.items) });
}

export function useWorkspace() {
  return useQuery({ queryKey: identityKeys.workspace, queryFn: identityApi.getWorkspace });
}

// ---- changes ----

export function useCreateUser(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (user: NewUser) => identityApi.createUser(user), invalidates: [identityKeys.users] }, { success: 'users.invited', ...feedback });
}

export function useUpdateUser(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ id, ...patch }: UserUpdate & { id: string }) => identityApi.updateUser(id, patch), invalidates: [identityKeys.users] }, { success: 'common.saved', ...feedback });
}

/** Skills live on users: one change per user whose skills move (the skills screen edits a skill across people). */
export function useUpdateSkills(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: async (changes: { user: User; skills: User['skills'] }[]) => {
        for (const { user, skills } of changes) await identityApi.updateUser(user.id, { skills });
      },
      invalidates: [identityKeys.users],
    },
    { success: 'common.saved', ...feedback },
  );
}

/** Creates a team, or updates the one with `id` (its kind is fixed once created). */
export function useSaveTeam(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: ({ id, kind, ...patch }: NewTeam & { id?: string }) => (id ? identityApi.updateTeam(id, patch satisfies TeamUpdate) : identityApi.createTeam({ kind, ...patch })),
      // Membership is also each user's teamIds.
      invalidates: [identityKeys.teams, identityKeys.users],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useDeleteTeam(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => identityApi.deleteTeam(id), invalidates: [identityKeys.teams, identityKeys.users] }, { success: 'common.deleted', ...feedback });
}

/** Answers the token's secret, which the server shows only this once. */
export function useCreateToken(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (token: NewApiToken) => identityApi.createToken(token), invalidates: [identityKeys.tokens] }, feedback);
}

export function useRevokeToken(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => identityApi.revokeToken(id), invalidates: [identityKeys.tokens] }, { success: 'tokens.revoked', ...feedback });
}

export function useUpdateWorkspace(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: (patch: Partial<Omit<Workspace, 'id' | 'slug'>>) => identityApi.updateWorkspace(patch),
      update: (queryClient, workspace) => queryClient.setQueryData(identityKeys.workspace, workspace),
      // The session carries the workspace (its time zone and default language).
      invalidates: [identityKeys.me],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useUpdateMe(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: (patch: MePatch) => identityApi.updateMe(patch),
      update: (queryClient, user) => queryClient.setQueryData<Session | null>(identityKeys.me, (session) => (session ? { ...session, user } : session)),
      invalidates: [identityKeys.users],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useChangePassword(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: { currentPassword: string; newPassword: string }) => identityApi.changePassword(body) }, { success: 'profile.passwordChanged', ...feedback });
}
