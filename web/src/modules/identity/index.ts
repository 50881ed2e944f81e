/** Users, teams, tokens, the workspace and the signed-in session: the door other modules and the pages use. */
export { identityApi, type ApiToken, type AuditEntry, type NewUser, type Presence, type Session, type Team, type User, type UserUpdate, type Workspace } from './api.ts';
export { SkillsEditor } from './components/skills-editor.tsx';
export {
  identityKeys,
  useApiTokens,
  useChangePassword,
  useCreateToken,
  useCreateUser,
  useDeleteTeam,
  useRevokeToken,
  useSaveTeam,
  useTeams,
  useUpdateMe,
  useUpdateSkills,
  useUpdateUser,
  useUserNames,
  useUsers,
  useUpdateWorkspace,
  useWorkspace,
} from './hooks.ts';
export { SessionProvider, useRequiredSession, useSession } from './session.tsx';
