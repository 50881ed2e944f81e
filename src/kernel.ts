import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import { PollingLoop } from './platform/background.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { openDb, type Db } from './platform/db.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { maintainTables, needsOwnMaintenance } from './platform/maintenance.ts';
import { migrate } from './platform/migrate.ts';
import { openAttachmentStore, type ObjectStore } from './platform/storage/index.ts';
import { OutboxDispatcher } from './platform/outbox.ts';
import { platformRetentionRules, RetentionSweeper, type RetentionRule } from './platform/retention.ts';
import { TimerRunner } from './platform/timers.ts';
import { createModules, servicesOf } from './modules.ts';

export interface KernelOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Use an already open database (tests). */
  db?: Db;
  /** Use this attachment store instead of the one the config names (tests). */
  attachmentStore?: ObjectStore;
  /** Start the outbox dispatcher and timer runner loops (default: config.KEFU_WORKERS). */
  runWorkers?: boolean;
}

const OUTBOX_LOOPS_ON_SERVER = 3;
/** As often as autovacuum looks at a database by default (autovacuum_naptime). */
const TABLE_UPKEEP_MS = 60_000;
/**
 * How often a node looks for search documents an older text pipeline built (after an upgrade, an import
 * or a rolling deploy). A look is one probe of an index that is empty once they are rebuilt.
 */
const SEARCH_REINDEX_IDLE_MS = 60_000;
/** How often a node looks for expired rows when the last look found none. */
const RETENTION_IDLE_MS = 15 * 60_000;
/** As often as a PostgreSQL server checkpoints by default (checkpoint_timeout). */
const EMBEDDED_CHECKPOINT_MS = 5 * 60_000;

/**
 * Everything a Kefu process runs: database, services, event dispatcher, timers and background loops.
 * The HTTP app, the CLI and the tests all start from here.
 */
export async function createKernel(options: KernelOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.KEFU_LOG_LEVEL);
  const db = options.db ?? (await openDb({ databaseUrl: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite'), poolSize: config.DATABASE_POOL_SIZE }));
  await migrate(db);
  const attachmentStore = options.attachmentStore ?? (await openAttachmentStore(config));

  const dispatcher = new OutboxDispatcher({ db, clock, logger, maxAttempts: config.KEFU_MAX_DELIVERY_ATTEMPTS });
  const timers = new TimerRunner({ db, clock, logger, maxAttempts: config.KEFU_MAX_DELIVERY_ATTEMPTS });
  const modules = createModules({ db, clock, logger, config, attachmentStore });
  for (const module of Object.values(modules)) {
    for (const subscriber of module.subscribers) dispatcher.subscribe(subscriber);
    for (const timer of module.timers) timers.register(timer.kind, timer.handle);
  }
  const services = servicesOf(modules);

  const retentionRules: RetentionRule[] = [
    ...platformRetentionRules(db, config),
    {
      name: 'orphan uploads',
      keepMs: config.KEFU_ORPHAN_UPLOAD_HOURS * 3_600_000,
      purge: (workspaceId, before, limit) => services.tickets.purgeOrphanAttachments(workspaceId, { uploadedBefore: before, limit }),
    },
  ];
  // Unset keeps the audit log forever.
  if (config.KEFU_RETAIN_AUDIT_DAYS !== undefined) {
    retentionRules.push({
      name: 'audit log',
      keepMs: config.KEFU_RETAIN_AUDIT_DAYS * 86_400_000,
      purge: (workspaceId, before, limit) => services.audit.purgeEntries(db, { workspaceId, before, limit }),
    });
  }
  const retention = new RetentionSweeper({ clock, logger, rules: retentionRules, listWorkspaceIds: () => services.workspaces.listWorkspaceIds() });

  let shuttingDown = false;
  // A delivery batch spends most of its time waiting on round trips, so on a server several run side by
  // side (as they would on several nodes: SKIP LOCKED gives each its own events). The embedded database
  // runs one transaction at a time, where a second loop would only wait.
  const outboxLoops = db.kind === 'postgres' ? OUTBOX_LOOPS_ON_SERVER : 1;
  const loops = [
    ...Array.from({ length: outboxLoops }, (_, index) => new PollingLoop(`outbox-${index + 1}`, () => dispatcher.dispatchBatch({ batchSize: 50 }), 100, logger)),
    new PollingLoop('timers', () => timers.fireDue(), 250, logger),
    // Runs at once on start: after an upgrade the backlog drains batch by batch while the node serves.
    new PollingLoop('search-reindex', () => services.tickets.reindexStaleSearchDocuments(), SEARCH_REINDEX_IDLE_MS, logger),
    new PollingLoop('retention', () => retention.sweep(), RETENTION_IDLE_MS, logger),
    ...modules.channels.loops,
    ...modules.bot.loops,
  ];
  if (await needsOwnMaintenance(db)) {
    if (db.kind === 'postgres') logger.warn('autovacuum is off on this PostgreSQL server: Kefu analyzes and vacuums its own tables every minute');
    const upkeep = async () => {
      const done = await maintainTables(db);
      if (done.analyzed.length > 0) logger.debug(done, 'table upkeep');
      return 0;
    };
    loops.push(new PollingLoop('table-upkeep', upkeep, TABLE_UPKEEP_MS, logger));
  }
  let flushInterval: NodeJS.Timeout | undefined;
  let checkpointInterval: NodeJS.Timeout | undefined;
  if (options.runWorkers ?? config.KEFU_WORKERS === 'on') for (const loop of loops) loop.start();
  if (db.kind === 'pglite' && config.KEFU_FSYNC_INTERVAL_MS > 0 && !options.db) {
    // An OS crash loses at most one interval of commits (a killed process loses none): see platform/durability.ts.
    const flush = () => void db.flush().catch((error) => logger.error({ err: error }, 'writing the embedded database to disk failed: recent commits may not survive an OS crash'));
    flushInterval = setInterval(flush, config.KEFU_FSYNC_INTERVAL_MS);
    flushInterval.unref();
    const checkpoint = () => void db.checkpoint().catch((error) => logger.error({ err: error }, 'embedded database checkpoint failed'));
    checkpointInterval = setInterval(checkpoint, EMBEDDED_CHECKPOINT_MS);
    checkpointInterval.unref();
  }

  const outboxBacklog = new Gauge({
    name: 'kefu_outbox_pending_events',
    help: 'Events written but not yet delivered',
    registers: [],
    async collect() {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL');
      this.set(rows[0]?.n ?? 0);
    },
  });

  const deadLetters = new Gauge({
    name: 'kefu_dead_letters',
    help: 'Event deliveries and timers that failed KEFU_MAX_DELIVERY_ATTEMPTS times and wait for an administrator',
    labelNames: ['kind'],
    registers: [],
    async collect() {
      const rows = await db.query<{ deliveries: number; timers: number }>(
        `SELECT (SELECT count(*) FROM outbox_deliveries WHERE dead_at IS NOT NULL)::int AS deliveries, (SELECT count(*) FROM timers WHERE dead_at IS NOT NULL)::int AS timers`,
      );
      this.set({ kind: 'delivery' }, rows[0]?.deliveries ?? 0);
      this.set({ kind: 'timer' }, rows[0]?.timers ?? 0);
    },
  });

  return {
    config,
    clock,
    logger,
    db,
    attachmentStore,
    dispatcher,
    timers,
    modules,
    retention,
    services,
    secret: resolveSecret(config),
    metrics: {
      registerOn(registry: Registry): void {
        registry.registerMetric(outboxBacklog);
        registry.registerMetric(deadLetters);
      },
    },
    isShuttingDown: () => shuttingDown,
    /** Marks the node as leaving (/readyz answers 503) while it still finishes in-flight work. */
    beginShutdown(): void {
      shuttingDown = true;
    },
    /** Stops background loops (finishing their current batch), flushes and closes the database. */
    async close(): Promise<void> {
      shuttingDown = true;
      clearInterval(flushInterval);
      clearInterval(checkpointInterval);
      await Promise.all(loops.map((loop) => loop.stop()));
      if (!options.attachmentStore) await attachmentStore.close();
      modules.channels.close();
      if (!options.db) {
        await db.flush().catch(() => undefined);
        await db.close();
      }
    },
  };
}

export type Kernel = Awaited<ReturnType<typeof createKernel>>;
export type Services = Kernel['services'];

/** KEFU_SECRET, or a random secret kept in the data directory so sessions survive restarts. */
function resolveSecret(config: Config): string {
  if (config.KEFU_SECRET) return config.KEFU_SECRET;
  const file = join(config.DATA_DIR, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
