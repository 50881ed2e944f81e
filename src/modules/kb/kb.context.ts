/** What the knowledge base's operations share: dependencies, the actor checks and the error helpers. */
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ObjectStore } from '../../platform/storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import { can } from '../identity/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import type { Permission } from '../../contracts/permissions.ts';

/** What the knowledge base asks of the tickets module (its index.ts contract). */
export type KbTickets = Pick<TicketsService, 'getTicket' | 'listMessages' | 'listTickets' | 'uploadAttachment'>;

export interface KbDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace' | 'findWorkspaceBySlug'>;
  tickets: KbTickets;
  attachmentStore: ObjectStore;
  config: { KEFU_MAX_ATTACHMENT_BYTES: number };
}

export const validationError = (fields: FieldProblem[]) => new AppError('validation', 'errors.validation', { fields });

export const articleNotFound = () => new AppError('not_found', 'kb.article_not_found');
export const caseNotFound = () => new AppError('not_found', 'kb.case_not_found');
export const categoryNotFound = () => new AppError('not_found', 'kb.category_not_found');

/** 403 naming the permission, as assertCan does, with the module's own message. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('forbidden', 'errors.forbidden', { params: { action: permission }, extra: { permission } });
}

/** Keyset cursor `<epoch ms>.<id>` for lists ordered by a time and an id, descending. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}.${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const match = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { at: new Date(Number(match[1])), id: match[2]! } : undefined;
}

/** Tags as stored: trimmed, without empties or duplicates, in the order given. */
export const cleanTags = (tags: readonly string[] | undefined): string[] => [...new Set((tags ?? []).map((tag) => tag.trim()).filter(Boolean))];

/** A date (YYYY-MM-DD) `days` after `at` in UTC. */
export const dateAfter = (at: Date, days: number): string => new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
