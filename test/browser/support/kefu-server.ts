import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../../src/http/app.ts';
import { createKernel, type Kernel } from '../../../src/kernel.ts';
import { createSmtpListener, type SmtpListener } from '../../../src/modules/channels/index.ts';
import type { Actor, Role } from '../../../src/platform/actor.ts';
import { ManualClock, systemClock, type Clock } from '../../../src/platform/clock.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { newId } from '../../../src/platform/ids.ts';
import { silentLogger } from '../../../src/platform/logger.ts';
import { createTestDb } from '../../../src/testing/test-db.ts';

export const PASSWORD = 'browser-journey-42';

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  name: string;
  role: Role;
  actor: Actor;
}

export interface SeededWorkspace {
  id: string;
  system: Actor;
  admin: SeededUser;
  addUser(role: Role, name: string, extra?: { teamIds?: string[]; locale?: 'en' | 'zh-CN' }): Promise<SeededUser>;
}

export interface KefuServer {
  url: string;
  /** The SMTP listener's port, for a server started with `smtp` (mail to the workspaces' addresses goes here). */
  smtpPort: number | null;
  kernel: Kernel;
  app: App;
  clock: Clock;
  /** Moves the server's clock on (only for a server started with `now`); due timers then fire in the background. */
  advanceMinutes(minutes: number): void;
  createWorkspace(options?: { locale?: 'en' | 'zh-CN'; timezone?: string; name?: string }): Promise<SeededWorkspace>;
  close(): Promise<void>;
}

/**
 * A real Kefu server in this process: kernel with its background loops (outbox dispatcher, timers),
 * the HTTP app serving web/dist and the API on 127.0.0.1, on a throw-away database
 * (in-memory PGlite, or a fresh database on the server when DATABASE_URL is set). With `smtp`, the SMTP
 * listener runs too, on a free port, as `kefu serve` runs it.
 */
export async function startKefu(options: { now?: string; env?: Record<string, string>; smtp?: boolean } = {}): Promise<KefuServer> {
  const testDb = await createTestDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-browser-'));
  const clock = options.now ? new ManualClock(options.now) : systemClock;
  const config = loadConfig({ KEFU_SECRET: 'browser-test-secret-0123456789', KEFU_LOG_LEVEL: 'silent', DATA_DIR: dataDir, KEFU_WORKERS: 'on', ...options.env });
  const kernel = await createKernel({ config, clock, db: testDb.db, logger: silentLogger, runWorkers: true });
  const app = await buildApp(kernel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let smtp: SmtpListener | null = null;
  let smtpPort: number | null = null;
  if (options.smtp) {
    const { email } = kernel.services.channels;
    smtp = createSmtpListener({ findMailboxes: email.findMailboxes, receive: email.receive, maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES, hostname: 'kefu.browser.test' });
    smtpPort = await smtp.listen(0, '127.0.0.1');
  }

  return {
    url: `http://127.0.0.1:${port}`,
    smtpPort,
    kernel,
    app,
    clock,
    advanceMinutes(minutes) {
      if (!(clock instanceof ManualClock)) throw new Error('start the server with `now` to move its clock');
      clock.advanceMinutes(minutes);
    },
    async createWorkspace(wsOptions = {}) {
      const slug = `journey-${newId().slice(0, 8)}`;
      const workspace = await kernel.services.workspaces.createWorkspace({
        name: wsOptions.name ?? '客服演示 Journey',
        slug,
        timezone: wsOptions.timezone ?? 'Asia/Shanghai',
        defaultLocale: wsOptions.locale ?? 'en',
      });
      const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
      const addUser: SeededWorkspace['addUser'] = async (role, name, extra = {}) => {
        const email = `${role}-${newId().slice(0, 6)}@${slug}.test`;
        const user = await kernel.services.identity.createUser(system, { email, name, role, password: PASSWORD, teamIds: extra.teamIds, locale: extra.locale });
        const actor: Actor = { workspaceId: workspace.id, kind: 'user', userId: user.id, role, teamIds: user.teamIds, locale: extra.locale ?? 'en' };
        return { id: user.id, email, password: PASSWORD, name, role, actor };
      };
      const admin = await addUser('admin', '管理员 Admin');
      return { id: workspace.id, system, admin, addUser };
    },
    async close() {
      await smtp?.close();
      await app.close();
      await kernel.close();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
