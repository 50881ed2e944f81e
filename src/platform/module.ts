import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import type { Logger } from './logger.ts';
import type { ObjectStore } from './storage/index.ts';
import type { Subscriber } from './outbox.ts';
import type { TimerHandler } from './timers.ts';

/** What every module is created from; the services of the modules below it come on top. */
export interface ModulePlatform {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** Where attachment bytes live (local disk or an S3-compatible store, by configuration). */
  attachmentStore: ObjectStore;
}

/** A kind of durable timer and the handler that fires it, inside the transaction that claimed it. */
export interface TimerKind {
  kind: string;
  handle: TimerHandler;
}

/**
 * What a domain module hands the kernel. Creating it registers nothing: the kernel subscribes the subscribers,
 * registers the timer kinds and mounts the routes (a Fastify plugin, under /api/v1), so a seeder or a benchmark
 * can create a module for its service alone.
 */
export interface KefuModule<Service> {
  service: Service;
  routes: FastifyPluginAsync;
  /** Routes for inbound providers (WeChat, webhooks, telephony), mounted under /hooks: no session, each checks its caller's signature. */
  hooks?: FastifyPluginAsync;
  /**
   * Routes for audiences that do not sign in as users (the help center's readers, the chat widget's visitors),
   * mounted at the root: each route names its audience's prefix (`/api/help/…`, `/api/widget/…`).
   */
  publicRoutes?: FastifyPluginAsync;
  subscribers: readonly Subscriber[];
  timers: readonly TimerKind[];
}
