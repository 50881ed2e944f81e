import type { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { buildSearchQuery } from '../../platform/text/index.ts';
import { assertCan, can } from '../identity/index.ts';
import { normalizeTicketNumber, startOfLocalDay } from './numbering.ts';
import {
  builtInViewFilters,
  canSeeTicket,
  decodeCursor,
  DEFAULT_DESCENDING,
  encodeCursor,
  isBuiltInView,
  isRestrictedViewer,
  mergeViewFilters,
  type ViewFilters,
} from './ticket-list-query.ts';
import * as settingsRepo from './ticket-settings.repository.ts';
import type { TicketsContext, TicketView } from './tickets.context.ts';
import * as repo from './tickets.repository.ts';
import * as listRepo from './ticket-list.repository.ts';
import type { LinkedTicketSchema, TicketDetailSchema } from './tickets.schemas.ts';

export type LinkedTicketView = z.infer<typeof LinkedTicketSchema>;
/** A ticket with its links and what other modules (`sla`, …) add through registerDetailExtension. */
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export type DetailExtension = (workspaceId: string, ticketId: string, viewer: Actor) => Promise<unknown>;

export interface ListTicketsQuery extends ViewFilters {
  /** A built-in view (mine, unassigned, team, sla_at_risk, all) or a saved view's id. */
  view?: string;
  cursor?: string;
  limit?: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_PAGE = 100;

const invalidQuery = (field: string, messageKey: string, params?: Record<string, unknown>) =>
  new AppError('validation', 'errors.validation', { fields: [{ field: `query.${field}`, messageKey, params }] });

export function createTicketReadOps(ctx: TicketsContext) {
  const { deps } = ctx;
  const extensions = new Map<string, DetailExtension>();

  /** A date means the start of that day in the workspace's time zone; `end` makes it the next day's start. */
  function parseBound(value: string | undefined, timeZone: string, field: string, end: boolean): Date | undefined {
    if (value === undefined) return undefined;
    if (DATE_ONLY.test(value)) {
      const [year, month, day] = value.split('-').map(Number) as [number, number, number];
      const calendar = new Date(Date.UTC(year, month - 1, day + (end ? 1 : 0)));
      if (Number.isNaN(calendar.getTime()) || (!end && calendar.toISOString().slice(0, 10) !== value)) {
        throw invalidQuery(field, 'validation.invalid_format', { format: 'date' });
      }
      return startOfLocalDay(calendar.toISOString().slice(0, 10), timeZone);
    }
    const instant = new Date(value);
    if (Number.isNaN(instant.getTime())) throw invalidQuery(field, 'validation.invalid_format', { format: 'date-time' });
    return instant;
  }

  async function loadLinks(actor: Actor, ticketId: string): Promise<LinkedTicketView[]> {
    const rows = await repo.selectLinkedTickets(ctx.db, actor.workspaceId, ticketId);
    return rows
      .filter((row) => canSeeTicket(actor, row))
      .map((row) => ({ id: row.id, number: row.number, subject: row.subject, status: row.status, linkedAt: row.linkedAt }));
  }

  async function toDetail(actor: Actor, ticket: repo.TicketRecord): Promise<TicketDetail> {
    const [[view], links, extensionValues] = await Promise.all([
      ctx.toViews(actor, [ticket]),
      loadLinks(actor, ticket.id),
      Promise.all(
        [...extensions].map(async ([name, extension]) => {
          try {
            return [name, await extension(actor.workspaceId, ticket.id, actor)] as const;
          } catch (error) {
            // One failing extension must not take the ticket page down.
            deps.logger?.warn({ err: error, extension: name, ticketId: ticket.id }, 'ticket detail extension failed');
            return [name, null] as const;
          }
        }),
      ),
    ]);
    return { ...view!, links, extensions: Object.fromEntries(extensionValues) };
  }

  return {
    /**
     * Which of these tickets each viewer may open, decided for all of them with at most one query (the
     * realtime fan-out judges a burst of events for every connected user at once). The rule is every read's:
     * canSeeTicket. Viewers who see the whole workspace need no query at all.
     */
    async loadTicketVisibility(
      workspaceId: string,
      ticketIds: readonly string[],
      viewers: readonly Actor[],
    ): Promise<(viewer: Actor, ticketId: string) => boolean> {
      const needsRows = viewers.some((viewer) => viewer.workspaceId === workspaceId && can(viewer, 'tickets.read') && isRestrictedViewer(viewer));
      const rows = needsRows ? await listRepo.selectTicketAccess(ctx.db, workspaceId, [...new Set(ticketIds)].filter(isUuid)) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return (viewer, ticketId) => {
        if (viewer.workspaceId !== workspaceId || !can(viewer, 'tickets.read')) return false;
        if (!isRestrictedViewer(viewer)) return true;
        const ticket = byId.get(ticketId);
        return ticket !== undefined && canSeeTicket(viewer, ticket);
      };
    },

    /** Other modules add a block to the ticket detail (the SLA module adds `sla`). */
    registerDetailExtension(name: string, extension: DetailExtension): void {
      if (extensions.has(name)) throw new Error(`duplicate ticket detail extension ${name}`);
      extensions.set(name, extension);
    },

    async getTicket(actor: Actor, ticketId: string): Promise<TicketDetail> {
      assertCan(actor, 'tickets.read');
      return toDetail(actor, await ctx.requireTicket(ctx.db, actor, ticketId));
    },

    /**
     * The ticket on the caller's transaction, as it stands in it, for event subscribers and timers (which must not
     * take a second connection: embedded, it would wait for their own). Without links and other modules' blocks.
     */
    async getTicketInTransaction(tx: Sql, actor: Actor, ticketId: string): Promise<TicketView> {
      assertCan(actor, 'tickets.read');
      const ticket = await ctx.requireTicket(tx, actor, ticketId);
      return (await ctx.toViews(actor, [ticket], { sql: tx }))[0]!;
    },

    /**
     * Locks a ticket on the caller's transaction and returns it as stored (routing, before it places the ticket):
     * with `skipLocked`, undefined when another transaction holds it, so a queue drain never waits on one ticket.
     */
    async lockTicketInTransaction(tx: Sql, workspaceId: string, ticketId: string, options: { skipLocked?: boolean } = {}): Promise<repo.TicketRecord | undefined> {
      return repo.selectTicket(tx, workspaceId, ticketId, { forUpdate: true, skipLocked: options.skipLocked });
    },

    async getTicketByNumber(actor: Actor, number: string): Promise<TicketDetail> {
      assertCan(actor, 'tickets.read');
      const ticket = await repo.selectTicketByNumber(ctx.db, actor.workspaceId, normalizeTicketNumber(number));
      if (!ticket || !canSeeTicket(actor, ticket)) throw ctx.notFound();
      return toDetail(actor, ticket);
    },

    async listLinks(actor: Actor, ticketId: string): Promise<LinkedTicketView[]> {
      assertCan(actor, 'tickets.read');
      await ctx.requireTicket(ctx.db, actor, ticketId);
      return loadLinks(actor, ticketId);
    },

    /**
     * A page of tickets: a view's filters, overridden by explicit ones, sorted, after a keyset cursor.
     * New tickets arriving meanwhile never shift or repeat rows of later pages.
     */
    async listTickets(actor: Actor, query: ListTicketsQuery = {}): Promise<{ items: TicketView[]; nextCursor: string | null }> {
      assertCan(actor, 'tickets.read');
      const workspaceId = actor.workspaceId;
      let base: ViewFilters = {};
      if (query.view !== undefined) {
        if (isBuiltInView(query.view)) base = builtInViewFilters(query.view, actor);
        else {
          const saved = isUuid(query.view) ? await settingsRepo.selectSavedView(ctx.db, workspaceId, query.view) : undefined;
          if (!saved || (!saved.isShared && saved.ownerId !== actor.userId)) throw new AppError('not_found', 'tickets.view_not_found');
          base = saved.filters;
        }
      }
      const { view: _view, cursor, limit: requestedLimit, ...explicit } = query;
      const filters = mergeViewFilters(base, explicit);
      const sort = filters.sort ?? 'created_at';
      const descending = filters.order ? filters.order === 'desc' : DEFAULT_DESCENDING[sort];
      const limit = Math.min(Math.max(requestedLimit ?? 25, 1), MAX_PAGE);

      let after: unknown[] | undefined;
      if (cursor !== undefined) {
        after = decodeCursor(cursor, sort, descending) ?? undefined;
        if (!after) throw invalidQuery('cursor', 'tickets.invalid_cursor');
      }

      const needsZone = filters.createdFrom !== undefined || filters.createdTo !== undefined;
      const timeZone = needsZone ? (await deps.workspaces.getWorkspace(workspaceId)).timezone : 'UTC';
      const filter: listRepo.TicketListFilter = {
        statuses: filters.status,
        priorities: filters.priority,
        teamIds: filters.team,
        departmentIds: filters.department,
        types: filters.type,
        channels: filters.channel,
        tags: filters.tag,
        createdFrom: parseBound(filters.createdFrom, timeZone, 'createdFrom', false),
        createdTo: parseBound(filters.createdTo, timeZone, 'createdTo', true),
        slaAtRisk: filters.slaAtRisk,
      };
      if (filters.customer !== undefined) {
        if (!isUuid(filters.customer)) throw invalidQuery('customer', 'validation.invalid_format', { format: 'uuid' });
        filter.customerId = filters.customer;
      }
      if (filters.assignee === 'none') filter.unassigned = true;
      else if (filters.assignee === 'me') filter.assigneeIds = actor.userId ? [actor.userId] : [];
      else if (filters.assignee !== undefined) {
        if (!isUuid(filters.assignee)) throw invalidQuery('assignee', 'validation.invalid_format', { format: 'uuid' });
        filter.assigneeIds = [filters.assignee];
      }
      for (const [field, ids] of [['team', filters.team], ['department', filters.department]] as const) {
        if (ids?.some((id) => !isUuid(id))) throw invalidQuery(field, 'validation.invalid_format', { format: 'uuid' });
      }
      if (filters.q !== undefined && filters.q.trim() !== '') {
        filter.tsQuery = buildSearchQuery(filters.q, { prefix: can(actor, 'contacts.unmasked') });
        // Text with nothing searchable in it (only punctuation) matches nothing.
        if (!filter.tsQuery) return { items: [], nextCursor: null };
      }
      if (isRestrictedViewer(actor)) filter.visibleTo = { departmentIds: actor.teamIds, userId: actor.userId };

      const rows = await listRepo.selectTicketPage(ctx.db, workspaceId, filter, { sort, descending, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: await ctx.toViews(actor, page),
        nextCursor: rows.length > limit && last ? encodeCursor(sort, descending, listRepo.sortValuesOf(last, sort)) : null,
      };
    },
  };
}
