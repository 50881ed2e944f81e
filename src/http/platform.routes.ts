import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../platform/errors.ts';
import { registerMessages } from '../platform/i18n.ts';
import { EmailSchema, LocaleSchema, text } from '../platform/validation/index.ts';
import { UserSchema, type IdentityService } from '../modules/identity/index.ts';
import { WORKSPACE_SLUG, WorkspaceSchema, type WorkspacesService } from '../modules/workspaces/index.ts';

registerMessages({
  en: { 'platform.unauthenticated': 'The platform API needs the operator token (Authorization: Bearer …) set in KEFU_PLATFORM_TOKEN.' },
  'zh-CN': { 'platform.unauthenticated': '平台接口需要运维令牌（Authorization: Bearer …），即 KEFU_PLATFORM_TOKEN 中配置的值。' },
});

const CreateWorkspaceBody = z.strictObject({
  name: text(100, 1),
  slug: z.string().regex(WORKSPACE_SLUG).describe('2–40 lower-case letters, digits or dashes; the workspace address'),
  timezone: text(64, 1).optional().describe('IANA time zone (default Asia/Shanghai)'),
  defaultLocale: LocaleSchema.optional(),
  ticketPrefix: z.string().regex(/^[A-Z]{1,6}$/).optional(),
  admin: z.strictObject({
    email: EmailSchema,
    name: text(100, 1),
    password: z.string().min(8).max(200).optional().describe('Omitted: a random password is generated and returned once'),
    locale: LocaleSchema.nullable().optional(),
  }),
});

const ProvisionedSchema = z.object({
  workspace: WorkspaceSchema,
  admin: UserSchema,
  generatedPassword: z.string().nullable().describe('The administrator’s password when none was sent; shown only in this answer'),
});

const ListQuery = z.strictObject({ after: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

/** A hash, so comparing tokens of different lengths takes the same time and leaks nothing. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The platform operator's API (not a workspace user's): creating workspaces with their first administrator, and
 * listing them. It answers only to `Authorization: Bearer <KEFU_PLATFORM_TOKEN>`; with no token configured, to
 * nobody.
 */
export const platformRoutes: FastifyPluginAsync<{ identity: IdentityService; workspaces: WorkspacesService; platformToken: string | undefined }> = async (
  plugin,
  { identity, workspaces, platformToken },
) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const expected = platformToken ? digest(platformToken) : null;

  // Before validation, so a caller without the token learns nothing about the body's shape.
  app.addHook('preValidation', async (request) => {
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!expected || !presented || !timingSafeEqual(digest(presented), expected)) throw new AppError('unauthenticated', 'platform.unauthenticated');
  });

  app.post(
    '/workspaces',
    {
      schema: {
        tags: ['platform'],
        summary: 'Create a workspace (tenant) with its first administrator, in one transaction',
        security: [{ platform: [] }],
        body: CreateWorkspaceBody,
        response: { 201: ProvisionedSchema },
      },
      config: { public: true },
    },
    async (request, reply) => {
      const provisioned = await identity.provisionWorkspace(request.body);
      return reply.code(201).send(provisioned);
    },
  );

  app.get(
    '/workspaces',
    {
      schema: {
        tags: ['platform'],
        summary: 'Every workspace, by slug, a page at a time',
        security: [{ platform: [] }],
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(WorkspaceSchema), nextAfter: z.string().nullable() }) },
      },
      config: { public: true },
    },
    async (request) => {
      const items = await workspaces.listWorkspaces({ afterSlug: request.query.after, limit: request.query.limit });
      return { items, nextAfter: items.length === request.query.limit ? items.at(-1)!.slug : null };
    },
  );
};
