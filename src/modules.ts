import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Db } from './platform/db.ts';
import type { Logger } from './platform/logger.ts';
import type { OutboxDispatcher } from './platform/outbox.ts';
import type { TimerRunner } from './platform/timers.ts';
import type { AuditService } from './modules/audit/index.ts';
import type { IdentityService } from './modules/identity/index.ts';
import type { WorkspacesService } from './modules/workspaces/index.ts';
import { createCustomersService } from './modules/customers/index.ts';
import { registerTicketsModule } from './modules/tickets/index.ts';
import { createSlaModule } from './modules/sla/index.ts';
import { createNotificationsModule } from './modules/notifications/index.ts';

export interface BaseServices {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
  dispatcher: OutboxDispatcher;
  timers: TimerRunner;
  audit: AuditService;
  workspaces: WorkspacesService;
  identity: IdentityService;
}

/**
 * Creates the domain modules above identity, in dependency order, and wires their event subscribers
 * and timer handlers. One line per module.
 */
export async function registerModules(base: BaseServices) {
  const customers = createCustomersService({ db: base.db, clock: base.clock, audit: base.audit });
  const tickets = registerTicketsModule({ ...base, customers });
  const sla = createSlaModule({ ...base, tickets, customers });
  const notifications = createNotificationsModule(base);
  return { customers, tickets, sla, notifications };
}
