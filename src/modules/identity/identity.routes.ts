import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../platform/actor.ts';
import { requireActor } from '../../platform/actor.ts';
import { EmailSchema, IdParams, LocaleSchema, OkSchema, text } from '../../platform/validation/index.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';
import { WorkspaceSchema, type WorkspacesService } from '../workspaces/index.ts';
import type { IdentityService } from './identity.service.ts';
import { assertCan, PERMISSIONS } from './permissions.ts';

const RoleSchema = z.enum(ROLES);
const SkillSchema = z.strictObject({ skill: text(50, 1), level: z.number().int().min(1).max(5) });
const Password = z.string().min(8).max(200);

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  locale: LocaleSchema.nullable(),
  theme: z.string(),
  isActive: z.boolean(),
  maxLoad: z.number(),
  presence: z.string(),
  teamIds: z.array(z.string()),
  skills: z.array(z.object({ skill: z.string(), level: z.number() })),
  createdAt: z.date(),
});

const TeamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['team', 'department']),
  description: z.string(),
  memberIds: z.array(z.string()),
  createdAt: z.date(),
});

const ApiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  tokenPrefix: z.string(),
  scopes: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const SessionSchema = z.object({ user: UserSchema, workspace: WorkspaceSchema, expiresAt: z.date(), permissions: z.array(z.string()) });

export const identityRoutes: FastifyPluginAsync<{
  identity: IdentityService;
  workspaces: WorkspacesService;
  secureCookies: boolean;
}> = async (plugin, { identity, workspaces, secureCookies }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const permissionsOf = (actor: Parameters<typeof assertCan>[0]) =>
    PERMISSIONS.filter((permission) => {
      try {
        assertCan(actor, permission);
        return true;
      } catch {
        return false;
      }
    });

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: z.strictObject({ email: EmailSchema, password: z.string().min(1).max(200) }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const result = await identity.login({ ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, result.token, sessionCookieOptions(result.expiresAt, secureCookies));
      const workspace = await workspaces.getWorkspace(result.actor.workspaceId);
      return { user: result.user, workspace, expiresAt: result.expiresAt, permissions: permissionsOf(result.actor) };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], response: { 200: OkSchema } } }, async (request, reply) => {
    const actor = requireActor(request);
    if (request.sessionToken) await identity.logout(actor, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post('/auth/logout-everywhere', { config: { sessionOnly: true }, schema: { tags: ['auth'], summary: 'Ends every session of the current user', response: { 200: OkSchema } } }, async (request, reply) => {
    await identity.logoutEverywhere(requireActor(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/me', { schema: { tags: ['auth'], response: { 200: SessionSchema.omit({ expiresAt: true }) } } }, async (request) => {
    const actor = requireActor(request);
    return { user: await identity.getMe(actor), workspace: await workspaces.getWorkspace(actor.workspaceId), permissions: permissionsOf(actor) };
  });

  app.patch(
    '/me',
    {
      config: { sessionOnly: true },
      schema: {
        tags: ['auth'],
        body: z.strictObject({
          name: text(100, 1).optional(),
          locale: LocaleSchema.nullable().optional(),
          theme: z.enum(['light', 'dark']).optional(),
          presence: z.enum(['online', 'away', 'offline']).optional(),
        }),
        response: { 200: UserSchema },
      },
    },
    async (request) => identity.updateMe(requireActor(request), request.body),
  );

  app.post(
    '/me/password',
    { config: { sessionOnly: true }, schema: { tags: ['auth'], body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password }), response: { 200: OkSchema } } },
    async (request) => {
      await identity.changeMyPassword(requireActor(request), request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        querystring: z.strictObject({ role: RoleSchema.optional(), teamId: z.uuid().optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(UserSchema) }) },
      },
    },
    async (request) => {
      const { role, teamId, active } = request.query;
      return { items: await identity.listUsers(requireActor(request), { role, teamId, isActive: active === undefined ? undefined : active === 'true' }) };
    },
  );

  app.get('/users/:id', { schema: { tags: ['users'], params: IdParams, response: { 200: UserSchema } } }, async (request) =>
    identity.getUser(requireActor(request), request.params.id),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Invite a user (admin)',
        body: z.strictObject({
          email: EmailSchema,
          name: text(100, 1),
          role: RoleSchema,
          password: Password.optional(),
          locale: LocaleSchema.nullable().optional(),
          teamIds: z.array(z.uuid()).max(50).optional(),
          skills: z.array(SkillSchema).max(50).optional(),
          maxLoad: z.number().int().min(0).max(1000).optional(),
        }),
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createUser(requireActor(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: IdParams,
        body: z.strictObject({
          name: text(100, 1).optional(),
          role: RoleSchema.optional(),
          isActive: z.boolean().optional(),
          locale: LocaleSchema.nullable().optional(),
          teamIds: z.array(z.uuid()).max(50).optional(),
          skills: z.array(SkillSchema).max(50).optional(),
          maxLoad: z.number().int().min(0).max(1000).optional(),
          password: Password.optional(),
        }),
        response: { 200: UserSchema },
      },
    },
    async (request) => identity.updateUser(requireActor(request), request.params.id, request.body),
  );

  app.get('/teams', { schema: { tags: ['teams'], response: { 200: z.object({ items: z.array(TeamSchema) }) } } }, async (request) => ({
    items: await identity.listTeams(requireActor(request)),
  }));

  app.post(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        body: z.strictObject({ name: text(100, 1), kind: z.enum(['team', 'department']), description: text(500).optional(), memberIds: z.array(z.uuid()).max(500).optional() }),
        response: { 201: TeamSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createTeam(requireActor(request), request.body)),
  );

  app.patch(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        params: IdParams,
        body: z.strictObject({ name: text(100, 1).optional(), description: text(500).optional(), memberIds: z.array(z.uuid()).max(500).optional() }),
        response: { 200: TeamSchema },
      },
    },
    async (request) => identity.updateTeam(requireActor(request), request.params.id, request.body),
  );

  app.delete('/teams/:id', { schema: { tags: ['teams'], params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await identity.deleteTeam(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/api-tokens', { config: { sessionOnly: true }, schema: { tags: ['api-tokens'], response: { 200: z.object({ items: z.array(ApiTokenSchema) }) } } }, async (request) => ({
    items: await identity.listApiTokens(requireActor(request)),
  }));

  app.post(
    '/api-tokens',
    {
      config: { sessionOnly: true },
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token; the secret is shown once',
        body: z.strictObject({ name: text(100, 1), scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length), expiresAt: z.coerce.date().nullable().optional() }),
        response: { 201: z.object({ token: z.string(), apiToken: ApiTokenSchema }) },
      },
    },
    async (request, reply) => {
      const { token, record } = await identity.createApiToken(requireActor(request), request.body);
      return reply.status(201).send({ token, apiToken: record });
    },
  );

  app.delete('/api-tokens/:id', { config: { sessionOnly: true }, schema: { tags: ['api-tokens'], params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await identity.revokeApiToken(requireActor(request), request.params.id);
    return { ok: true as const };
  });
};
