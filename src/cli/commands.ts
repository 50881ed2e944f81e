import { createKernel } from '../kernel.ts';
import { ROLES, type Actor, type Role } from '../platform/actor.ts';
import type { Config } from '../platform/config.ts';
import { EmailSchema } from '../platform/validation/index.ts';
import { isLocale, SUPPORTED_LOCALES } from '../platform/i18n.ts';
import { MIN_PASSWORD_LENGTH } from '../modules/identity/index.ts';
import { WORKSPACE_SLUG } from '../modules/workspaces/index.ts';
import { openDb } from '../platform/db.ts';
import { migrate } from '../platform/migrate.ts';
import { join } from 'node:path';
import { flagNumber, flagString } from './args.ts';
import { createProgressBar } from './progress.ts';
import { ensureDemoWorkspace, seedDemoData } from './seed-demo.ts';

export async function runMigrate(config: Config): Promise<void> {
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite') });
  const { applied } = await migrate(db);
  await db.flush();
  await db.close();
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
}

export async function runSeed(config: Config, flags: Record<string, string | true>): Promise<void> {
  if (!flags.demo) throw new Error('Usage: kefu seed --demo [--tickets N]');
  const kernel = await createKernel({ config, runWorkers: false });
  try {
    const tickets = flagNumber(flags, 'tickets', 300);
    const onProgress = createProgressBar('Seeding demo tickets');
    const result = await ensureDemoWorkspace(kernel, { tickets, onProgress });
    // An existing demo workspace gets N more tickets.
    if (!result.created) await seedDemoData(kernel, result.workspaceId, { tickets, onProgress });
    console.log(`Demo workspace ready: ${result.workspaceName}`);
  } finally {
    await kernel.close();
  }
}


/**
 * A new workspace (tenant) with its first administrator, who then manages everything else in the web
 * app or the API. Without --admin-password a random one is generated and printed once.
 */
export async function runWorkspace(config: Config, sub: string | undefined, flags: Record<string, string | true>): Promise<{ workspaceId: string; adminPassword: string }> {
  if (sub !== 'create') throw new Error('Usage: kefu workspace create --name N --slug S --admin-email E --admin-name N [--admin-password P] [--timezone TZ] [--locale zh-CN|en]');
  const slug = required(flags, 'slug');
  if (!WORKSPACE_SLUG.test(slug)) throw new Error('--slug must be 2–40 lower-case letters, digits or dashes, starting with a letter or digit');
  const locale = flagString(flags, 'locale') ?? 'zh-CN';
  if (!isLocale(locale)) throw new Error(`--locale must be one of ${SUPPORTED_LOCALES.join(', ')}`);
  const admin = { email: required(flags, 'admin-email'), name: required(flags, 'admin-name'), password: flagString(flags, 'admin-password') };
  if (!EmailSchema.safeParse(admin.email).success) throw new Error('--admin-email must be an e-mail address');
  if (admin.password !== undefined && admin.password.length < MIN_PASSWORD_LENGTH) throw new Error(`--admin-password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const kernel = await createKernel({ config, runWorkers: false });
  try {
    const { workspace, generatedPassword } = await kernel.services.identity.provisionWorkspace({
      name: required(flags, 'name'),
      slug,
      timezone: flagString(flags, 'timezone'),
      defaultLocale: locale,
      admin,
    });
    const password = admin.password ?? generatedPassword!;
    console.log(`Created workspace "${workspace.name}" (${workspace.slug}, ${workspace.timezone}, ${workspace.defaultLocale}).`);
    console.log(`Administrator: ${admin.email}${generatedPassword ? `  /  ${generatedPassword}  (shown once: change it after signing in)` : ''}`);
    return { workspaceId: workspace.id, adminPassword: password };
  } finally {
    await kernel.close();
  }
}

function required(flags: Record<string, string | true>, name: string): string {
  const value = flagString(flags, name);
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

export async function runUserOrToken(config: Config, command: 'user' | 'token', sub: string | undefined, flags: Record<string, string | true>): Promise<void> {
  if (sub !== 'create') throw new Error(`Usage: kefu ${command} create …`);
  const kernel = await createKernel({ config, runWorkers: false });
  try {
    const workspace = await kernel.services.workspaces.findWorkspaceBySlug(required(flags, 'workspace'));
    if (!workspace) throw new Error('No workspace with that slug');
    const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
    if (command === 'user') {
      const role = required(flags, 'role');
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      const user = await kernel.services.identity.createUser(system, {
        email: required(flags, 'email'),
        name: required(flags, 'name'),
        role: role as Role,
        password: flagString(flags, 'password'),
      });
      console.log(`Created ${user.role} ${user.email} (${user.id})`);
      return;
    }
    const users = await kernel.services.identity.listUsers(system);
    const owner = users.find((u) => u.email.toLowerCase() === required(flags, 'email').toLowerCase());
    if (!owner) throw new Error('No user with that e-mail in the workspace');
    const actor: Actor = { ...system, kind: 'user', userId: owner.id, role: owner.role };
    const { token } = await kernel.services.identity.createApiToken(actor, { name: required(flags, 'name'), scopes: required(flags, 'scopes').split(',') });
    console.log(token);
  } finally {
    await kernel.close();
  }
}
