/**
 * The case library: a solved ticket (later a complaint) retold as problem, cause, resolution and compensation, with
 * the customer's personal data removed — on the draft the agent edits, and again on what is saved.
 */
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import type { CaseSource, KbLocale } from '../../contracts/kb.ts';
import * as repo from './kb-cases.repository.ts';
import * as articlesRepo from './kb-articles.repository.ts';
import { lockKbChanges } from './kb.categories.ts';
import { caseNotFound, cleanTags, decodeCursor, encodeCursor, requirePermission, validationError, type KbDeps } from './kb.context.ts';
import { KB_EVENTS, kbOutbox } from './kb.events.ts';
import type { CaseBody } from './kb.schemas.ts';
import { redactPersonalData, type RedactionKind } from './redact.ts';

const SOLVED = new Set(['solved', 'closed']);
const HAN = /\p{Script=Han}/u;
const guessLocale = (text: string): KbLocale => (HAN.test(text) ? 'zh-CN' : 'en');

export interface CaseDraft {
  title: string;
  problem: string;
  cause: string;
  resolution: string;
  compensation: string;
  tags: string[];
  locale: KbLocale;
  sourceNumber: string;
  masked: Partial<Record<RedactionKind, number>>;
}

export function createCaseOps(deps: KbDeps) {
  const { db, clock, audit } = deps;

  /** The ticket behind a case, solved or closed, and the names to remove from its text. */
  async function solvedTicket(actor: Actor, ticketId: string) {
    const ticket = await deps.tickets.getTicket(actor, ticketId).catch(() => {
      throw validationError([{ field: 'ticketId', messageKey: 'kb.ticket_not_solved' }]);
    });
    if (!SOLVED.has(ticket.status)) throw validationError([{ field: 'ticketId', messageKey: 'kb.ticket_not_solved' }]);
    return { ticket, names: [ticket.customer?.name ?? ''] };
  }

  function redactAll<T extends Record<string, string>>(fields: T, locale: KbLocale, names: string[], masked: Partial<Record<RedactionKind, number>> = {}): T {
    const out = {} as Record<string, string>;
    for (const [key, value] of Object.entries(fields)) {
      const result = redactPersonalData(value, { locale, names });
      out[key] = result.text;
      for (const [kind, count] of Object.entries(result.counts)) masked[kind as RedactionKind] = (masked[kind as RedactionKind] ?? 0) + count;
    }
    return out as T;
  }

  return {
    /** A case written from a solved ticket, personal data removed, for the agent to edit before saving. */
    async draftCaseFromTicket(actor: Actor, ticketId: string): Promise<CaseDraft> {
      requirePermission(actor, 'kb.write');
      const { ticket, names } = await solvedTicket(actor, ticketId);
      const messages = (await deps.tickets.listMessages(actor, ticket.id, { limit: 100, kind: 'reply' })).items;
      const fromCustomer = messages.filter((message) => message.authorType === 'customer').map((message) => message.body.trim()).filter(Boolean);
      const fromAgents = messages.filter((message) => message.authorType === 'agent').map((message) => message.body.trim()).filter(Boolean);
      const problem = fromCustomer.slice(0, 3).join('\n\n') || ticket.description;
      const resolution = fromAgents.at(-1) ?? '';
      const locale = guessLocale(`${ticket.subject} ${problem}`);
      const masked: Partial<Record<RedactionKind, number>> = {};
      const text = redactAll({ title: ticket.subject, problem, resolution }, locale, names, masked);
      return { ...text, cause: '', compensation: '', tags: ticket.tags, locale, sourceNumber: ticket.number, masked };
    },

    async createCase(actor: Actor, input: z.infer<typeof CaseBody> & { ticketId?: string }): Promise<repo.CaseRecord> {
      requirePermission(actor, 'kb.write');
      let source: CaseSource = 'manual';
      let sourceNumber: string | null = null;
      let names: string[] = [];
      if (input.ticketId !== undefined) {
        const solved = await solvedTicket(actor, input.ticketId);
        source = 'ticket';
        sourceNumber = solved.ticket.number;
        names = solved.names;
      }
      const locale = input.locale ?? guessLocale(`${input.title} ${input.problem}`);
      const text = redactAll({ title: input.title, problem: input.problem, cause: input.cause ?? '', resolution: input.resolution, compensation: input.compensation ?? '' }, locale, names);
      const record = await db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        if (input.categoryId) {
          const categories = await articlesRepo.selectCategories(tx, actor.workspaceId);
          if (!categories.some((category) => category.id === input.categoryId)) throw validationError([{ field: 'categoryId', messageKey: 'kb.unknown_category' }]);
        }
        const now = clock.now();
        const created: repo.CaseRecord = {
          id: newId(), source, sourceId: input.ticketId ?? null, sourceNumber, locale, ...text, tags: cleanTags(input.tags), categoryId: input.categoryId ?? null,
          createdBy: actor.userId, version: 1, createdAt: now, updatedAt: now,
        };
        if (!(await repo.insertCase(tx, actor.workspaceId, created))) throw new AppError('conflict', 'kb.case_exists');
        await kbOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: KB_EVENTS.caseCreated, aggregateType: 'kb_case', aggregateId: created.id, actorId: actor.userId, payload: { caseId: created.id, source, sourceId: created.sourceId, title: created.title } });
        await audit.record(tx, actor, { action: 'kb.case_created', entityType: 'kb_case', entityId: created.id, details: { source, sourceId: created.sourceId } });
        return created;
      });
      return record;
    },

    async updateCase(actor: Actor, id: string, input: z.infer<typeof CaseBody>): Promise<repo.CaseRecord> {
      requirePermission(actor, 'kb.write');
      if (!isUuid(id)) throw caseNotFound();
      return db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        const current = await repo.selectCase(tx, actor.workspaceId, id, true);
        if (!current) throw caseNotFound();
        const locale = input.locale ?? current.locale;
        const text = redactAll({ title: input.title, problem: input.problem, cause: input.cause ?? '', resolution: input.resolution, compensation: input.compensation ?? '' }, locale, []);
        const updated = await repo.updateCase(tx, actor.workspaceId, id, { ...text, tags: cleanTags(input.tags), categoryId: input.categoryId ?? null, locale }, clock.now());
        await audit.record(tx, actor, { action: 'kb.case_updated', entityType: 'kb_case', entityId: id });
        return updated;
      });
    },

    async deleteCase(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'kb.review');
      if (!isUuid(id)) throw caseNotFound();
      await db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        if (!(await repo.deleteCase(tx, actor.workspaceId, id, clock.now()))) throw caseNotFound();
        await audit.record(tx, actor, { action: 'kb.case_deleted', entityType: 'kb_case', entityId: id });
      });
    },

    async getCase(actor: Actor, id: string): Promise<repo.CaseRecord> {
      requirePermission(actor, 'kb.read');
      const found = isUuid(id) ? await repo.selectCase(db, actor.workspaceId, id) : undefined;
      if (!found) throw caseNotFound();
      return found;
    },

    /** The case made from a ticket, if any (the ticket page links to it). */
    async findCaseOfTicket(actor: Actor, ticketId: string): Promise<repo.CaseRecord | null> {
      requirePermission(actor, 'kb.read');
      return isUuid(ticketId) ? ((await repo.selectCaseBySource(db, actor.workspaceId, 'ticket', ticketId)) ?? null) : null;
    },

    async listCases(actor: Actor, query: { cursor?: string; limit?: number } = {}): Promise<{ items: repo.CaseRecord[]; nextCursor: string | null }> {
      requirePermission(actor, 'kb.read');
      const limit = query.limit ?? 25;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after) throw validationError([{ field: 'query.cursor', messageKey: 'kb.invalid_cursor' }]);
      const rows = await repo.selectCasePage(db, actor.workspaceId, { after: after && { createdAt: after.at, id: after.id }, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
  };
}
