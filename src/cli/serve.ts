import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../http/app.ts';
import { createKernel } from '../kernel.ts';
import type { Config } from '../platform/config.ts';
import { ensureDemoWorkspace } from './seed-demo.ts';

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
  const demo = config.KEFU_SEED_DEMO === 'auto' ? await ensureDemoWorkspace(kernel, { tickets: 300 }) : undefined;
  const app = await buildApp(kernel);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.KEFU_PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  const mode = kernel.db.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server';
  console.log(`\nKefu is running at ${url}  (${mode}, ready in ${Math.round(performance.now() - startedAt)} ms)`);
  console.log(`API docs: ${url}/api/docs`);
  if (demo) {
    console.log(`Demo workspace "${demo.workspaceName}" — sign in with:`);
    for (const login of demo.logins) console.log(`  ${login.role.padEnd(10)} ${login.email}  /  ${login.password}`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    await kernel.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
