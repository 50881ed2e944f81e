/** What the portal's operations share: dependencies, the customer actor and the error helpers. */
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { OutboundService } from '../channels/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { Workspace, WorkspacesService } from '../workspaces/index.ts';
import { isOverLimit, secondsLeftInWindow, windowStartOf, type RateLimit } from './abuse-limits.ts';
import * as repo from './portal.repository.ts';

/** Every limit's window is an hour at most: a day later its counter says nothing. */
const COUNTER_KEEP_MS = 24 * 3_600_000;

export interface PortalDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'findWorkspaceBySlug' | 'getWorkspace'>;
  customers: Pick<CustomersService, 'resolveCustomer'>;
  tickets: Pick<
    TicketsService,
    'listTickets' | 'getTicket' | 'listMessages' | 'addMessage' | 'createTicketInTransaction' | 'addMessageInTransaction' | 'uploadAttachment' | 'openAttachment' | 'discardUnclaimedAttachments'
  >;
  channels: { outbound: Pick<OutboundService, 'queue'> };
  config: { KEFU_PUBLIC_URL?: string; secureCookies: boolean };
}

/** Who is asking, as the HTTP layer saw them: their language, address and request id. */
export interface Visitor {
  locale: Locale;
  ip: string;
  requestId?: string;
}

/**
 * A signed-in customer as the tickets service sees them: kind `customer`, their customer id as the user id (so their
 * uploads are theirs alone), allowed to read and write tickets. Which tickets is the portal's to decide: their own.
 */
export function customerActor(workspaceId: string, customerId: string, visitor: Visitor): Actor {
  return { workspaceId, kind: 'customer', userId: customerId, role: 'agent', teamIds: [], scopes: ['tickets.read', 'tickets.write'], locale: visitor.locale, ip: visitor.ip, requestId: visitor.requestId };
}

/** The workspace itself, acting for a visitor who is nobody yet (the web form, a sign-in request). */
export function portalSystemActor(workspaceId: string, visitor: Visitor): Actor {
  return { workspaceId, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: visitor.locale, ip: visitor.ip, requestId: visitor.requestId };
}

export function createPortalContext(deps: PortalDeps) {
  const { db, clock } = deps;
  return {
    deps,
    db,
    clock,

    async workspaceOf(slug: string): Promise<Workspace> {
      const workspace = await deps.workspaces.findWorkspaceBySlug(slug);
      if (!workspace) throw new AppError('not_found', 'portal.workspace_not_found');
      return workspace;
    },

    /**
     * Counts a hit against each limit (in its own statement, so a refused attempt still counts) and refuses with 429
     * once one is over, saying when to try again.
     */
    async enforceLimits(workspaceId: string, hits: { limit: RateLimit; key: string }[]): Promise<void> {
      const now = clock.now();
      for (const { limit, key } of hits) {
        const count = await repo.hitCounter(db, workspaceId, { scope: limit.scope, key, windowStart: windowStartOf(now, limit.windowSeconds) });
        // A new window's first hit clears the workspace's windows that ended long ago: the table stays small.
        if (count === 1) await repo.deleteOldCounters(db, workspaceId, new Date(now.getTime() - COUNTER_KEEP_MS));
        if (isOverLimit(count, limit)) {
          const seconds = secondsLeftInWindow(now, limit.windowSeconds);
          throw new AppError('rate_limited', 'portal.rate_limited', { params: { minutes: Math.ceil(seconds / 60), seconds }, extra: { retryAfter: seconds } });
        }
      }
    },
  };
}

export type PortalContext = ReturnType<typeof createPortalContext>;
