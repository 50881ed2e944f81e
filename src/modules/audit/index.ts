import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import { auditRoutes } from './audit.routes.ts';
import { createAuditService, type AuditService } from './audit.service.ts';

export type { AuditEntry, AuditQuery, AuditService } from './audit.service.ts';

/** The audit trail: who changed what, when and from where; every module writes to it in its own transactions. */
export function createAuditModule(deps: Pick<ModulePlatform, 'db' | 'clock'>): KefuModule<AuditService> {
  const audit = createAuditService(deps);
  return { service: audit, routes: (app) => auditRoutes(app, { audit }), subscribers: [], timers: [] };
}
