import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../http/app.ts';
import { createKernel, type Kernel } from '../kernel.ts';
import type { Actor, Role } from '../platform/actor.ts';
import { ManualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { newId } from '../platform/ids.ts';
import { silentLogger } from '../platform/logger.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  cookie: string;
  actor: Actor;
}

export interface TestWorkspace {
  id: string;
  admin: TestUser;
  /** Creates a user with the role and returns it signed in. */
  addUser(role: Role, extra?: { teamIds?: string[]; name?: string }): Promise<TestUser>;
}

export interface TestContext {
  kernel: Kernel;
  app: App;
  clock: ManualClock;
  testDb: TestDb;
  createWorkspace(options?: { timezone?: string; locale?: 'en' | 'zh-CN' }): Promise<TestWorkspace>;
  /**
   * app.inject with the user's session cookie and a JSON body. A session the server rotated (tests move the clock
   * past rotations) is kept on the user, so later requests stay signed in.
   */
  request(user: TestUser | undefined, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Delivers outbox events and fires due timers until both are quiet, as the background loops would. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const PASSWORD = 'correct-horse-42';

/**
 * A kernel and HTTP app on a throw-away database, with a manual clock and no background loops
 * (tests drive the dispatcher and timers explicitly).
 */
export async function createTestContext(options: { start?: string; runWorkers?: boolean; env?: Record<string, string> } = {}): Promise<TestContext> {
  const testDb = await createTestDb();
  const clock = new ManualClock(options.start ?? '2026-03-02T01:00:00Z');
  const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data', ...options.env });
  const kernel = await createKernel({ config, clock, db: testDb.db, logger: silentLogger, runWorkers: options.runWorkers ?? false });
  const app = await buildApp(kernel);
  await app.ready();

  const signIn = async (email: string, password: string): Promise<string> => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'kefu_session');
    return `kefu_session=${cookie!.value}`;
  };

  return {
    kernel,
    app,
    clock,
    testDb,
    async createWorkspace(wsOptions = {}) {
      const slug = `ws-${newId().slice(0, 8)}`;
      const workspace = await kernel.services.workspaces.createWorkspace({ name: `Workspace ${slug}`, slug, timezone: wsOptions.timezone ?? 'Asia/Shanghai', defaultLocale: wsOptions.locale ?? 'en' });
      const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
      const addUser = async (role: Role, extra: { teamIds?: string[]; name?: string } = {}): Promise<TestUser> => {
        const email = `${role}-${newId().slice(0, 8)}@${slug}.test`;
        const user = await kernel.services.identity.createUser(system, { email, name: extra.name ?? `${role} ${slug}`, role, password: PASSWORD, teamIds: extra.teamIds });
        const cookie = await signIn(email, PASSWORD);
        const actor: Actor = { workspaceId: workspace.id, kind: 'user', userId: user.id, role, teamIds: user.teamIds, locale: 'en' };
        return { id: user.id, email, password: PASSWORD, role, cookie, actor };
      };
      const admin = await addUser('admin');
      return { id: workspace.id, admin, addUser };
    },
    async request(user, method, url, body, headers = {}) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(user ? { cookie: user.cookie } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      const rotated = response.cookies.find((c) => c.name === 'kefu_session');
      if (user && rotated?.value && !headers.cookie) user.cookie = `kefu_session=${rotated.value}`;
      return response;
    },
    async settle() {
      for (let round = 0; round < 10; round++) {
        const events = await kernel.dispatcher.drain();
        const timers = await kernel.timers.drain();
        if (events + timers === 0) return;
      }
    },
    async close() {
      await app.close();
      await kernel.close();
      await testDb.drop();
    },
  };
}
