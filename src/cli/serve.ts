import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hostname } from 'node:os';
import { buildApp } from '../http/app.ts';
import { createKernel } from '../kernel.ts';
import type { Config } from '../platform/config.ts';
import { createSmtpListener, type SmtpListener } from '../modules/channels/index.ts';
import { ensureDemoWorkspace, seedDemoData } from './seed-demo.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the web app once if its bundle is missing, so `npm start` works on a fresh clone. */
function ensureWebBuild(): void {
  if (existsSync(`${ROOT}web/dist/index.html`) || !existsSync(`${ROOT}web/index.html`)) return;
  console.log('Building the web app (first start only)…');
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) console.error('The web app could not be built; the API still runs.');
}

export async function serve(config: Config): Promise<void> {
  const startedAt = performance.now();
  ensureWebBuild();
  const kernel = await createKernel({ config });
  // The demo's users exist before the URL is printed; its tickets are written once the server already answers
  // (on the embedded database they would otherwise queue ahead of the app's own start-up queries).
  const demo = config.KEFU_SEED_DEMO === 'auto' ? await ensureDemoWorkspace(kernel, { tickets: 0 }) : undefined;
  const app = await buildApp(kernel);
  await app.listen({ port: config.PORT, host: config.HOST });
  let smtp: SmtpListener | undefined;
  let smtpPort: number | undefined;
  if (config.SMTP_PORT > 0) {
    const email = kernel.services.channels.email;
    smtp = createSmtpListener({ findMailboxes: email.findMailboxes, receive: email.receive, logger: kernel.logger, maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES, hostname: config.SMTP_HOSTNAME ?? hostname() });
    smtpPort = await smtp.listen(config.SMTP_PORT, config.HOST);
  }
  const seeding = demo?.created ? seedDemoData(kernel, demo.workspaceId, { tickets: 300 }) : undefined;
  seeding?.catch((error: unknown) => kernel.logger.error({ err: error }, 'demo data seeding failed'));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.KEFU_PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  const mode = kernel.db.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server';
  console.log(`\nKefu is running at ${url}  (${mode}, ready in ${Math.round(performance.now() - startedAt)} ms)`);
  console.log(`API docs: ${url}/api/docs`);
  if (smtpPort) console.log(`Inbound mail: SMTP on ${config.HOST}:${smtpPort}`);
  if (demo) {
    console.log(`Demo workspace "${demo.workspaceName}" — sign in with:`);
    for (const login of demo.logins) console.log(`  ${login.role.padEnd(10)} ${login.email}  /  ${login.password}`);
    if (seeding) console.log('Writing 300 demo tickets in the background…');
    void seeding?.then(() => console.log('Demo tickets are ready.'));
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      // A second Ctrl-C means "now": skip the wait (committed data is safe, see platform/durability.ts).
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    closing = true;
    kernel.beginShutdown();
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 15 s; exiting anyway');
      process.exit(1);
    }, 15_000);
    force.unref();
    let code = 0;
    // New connections are refused, in-flight requests and SMTP sessions finish; then the loops end their
    // current batch, the embedded database is flushed and closed.
    await smtp?.close().catch((error: unknown) => app.log.error({ err: error }, 'closing the SMTP listener failed'));
    await app.close().catch((error: unknown) => {
      app.log.error({ err: error }, 'closing the HTTP server failed');
      code = 1;
    });
    await kernel.close().catch((error: unknown) => {
      app.log.error({ err: error }, 'closing the database failed');
      code = 1;
    });
    app.log.info({ code }, 'shut down');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
