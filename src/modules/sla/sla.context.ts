/**
 * What the SLA service's parts share: their dependencies, the validation error they throw, the version check,
 * and the step every configuration change ends with (open tickets pick up the change).
 */
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import * as calendarsRepo from './sla-calendars.repository.ts';
import * as policiesRepo from './sla-policies.repository.ts';
import type { SlaEngine } from './sla.engine.ts';

export interface SlaServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  engine: SlaEngine;
  /** Throws not_found/forbidden when the actor may not see the ticket (the tickets module's rule). */
  assertCanViewTicket?: (actor: Actor, ticketId: string) => Promise<void>;
}

export function validationError(fields: FieldProblem[]): AppError {
  return new AppError('validation', 'errors.validation', { fields });
}

export const checkVersion = (current: number, expected: number | undefined): void => {
  if (expected !== undefined && expected !== current) throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current } });
};

export async function checkCalendarRef(tx: Sql, workspaceId: string, calendarId: string | null | undefined): Promise<void> {
  if (calendarId && !(await calendarsRepo.selectCalendar(tx, workspaceId, calendarId))) {
    throw validationError([{ field: 'calendarId', messageKey: 'sla.unknown_calendar' }]);
  }
}

export function createSlaContext(deps: SlaServiceDeps) {
  const { engine } = deps;

  /** Makes open tickets pick up the change, in batches, on whichever node sweeps timers next. */
  async function markConfigChanged(tx: Sql, workspaceId: string): Promise<void> {
    await engine.ensureDefaults(tx, workspaceId);
    await policiesRepo.bumpConfigEpoch(tx, workspaceId);
    await engine.scheduleRecompute(tx, workspaceId);
  }

  return { ...deps, markConfigChanged };
}

export type SlaContext = ReturnType<typeof createSlaContext>;
