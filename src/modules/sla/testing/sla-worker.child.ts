/**
 * A Kefu node for the multi-process SLA test: a kernel with its background workers (outbox dispatcher,
 * timer runner) on the PostgreSQL database given as the first argument, on the real clock, until killed.
 * Run with `node --import tsx sla-worker.child.ts <databaseUrl>`.
 */
import { createKernel } from '../../../kernel.ts';
import { loadConfig } from '../../../platform/config.ts';
import { silentLogger } from '../../../platform/logger.ts';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: sla-worker.child.ts <databaseUrl>');

const config = loadConfig({
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: '4',
  KEFU_SECRET: 'multi-process-test-secret',
  KEFU_LOG_LEVEL: 'silent',
  KEFU_WORKERS: 'on',
  DATA_DIR: '/tmp/kefu-sla-child',
});
const kernel = await createKernel({ config, logger: silentLogger, runWorkers: true });
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void kernel.close().then(() => process.exit(0));
});
