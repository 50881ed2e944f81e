import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import type { AuditService } from '../audit/index.ts';
import { assertCan, can } from '../identity/index.ts';
import { normalizeDomain, type ContactIdentity, type IdentityKind } from './contact-normalize.ts';
import { cleanTags, normalizeIdentityList, sameIdentity, sameTags } from './customer-input.ts';
import { buildSearchTerms, decodeCursor, encodeCursor, escapeLike } from './customer-search.ts';
import { createChangeRecorder } from './customers.changes.ts';
import * as repo from './customers.repository.ts';
import { customerSearchText } from './customer-search.ts';
import { createCustomerIntake } from './customers.intake.ts';
import { createResolveCustomer } from './customers.resolve.ts';
import { toCustomer, toSummary, type Customer, type CustomerSummary, type Organization } from './customers.views.ts';

export type { ResolveCustomerInput } from './customers.resolve.ts';
export type { IntakeRequest, IntakeResult } from './customers.intake.ts';
export type { Customer, CustomerSummary, Organization } from './customers.views.ts';
export type { ContactIdentity, IdentityKind };

export interface CustomerInput {
  name?: string;
  identities?: { kind: IdentityKind; value: string }[];
  organizationId?: string | null;
  tags?: string[];
  notes?: string;
  locale?: Locale | null;
  externalRef?: string | null;
}

export interface ListCustomersOptions {
  q?: string;
  tag?: string;
  organizationId?: string;
  cursor?: string;
  limit?: number;
}

export interface CustomersDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

export function createCustomersService(deps: CustomersDeps) {
  const { db, clock } = deps;
  const changes = createChangeRecorder(deps);

  async function assertOrganizationIn(sql: Sql, workspaceId: string, organizationId: string | null | undefined): Promise<void> {
    if (organizationId === null || organizationId === undefined) return;
    if (!isUuid(organizationId) || !(await repo.organizationExists(sql, workspaceId, organizationId))) {
      throw invalidField('organizationId', 'customers.unknown_organization');
    }
  }

  /** The 409 for an identity another customer owns, naming its position in the request and the owner. */
  async function identityTaken(sql: Sql, workspaceId: string, listed: ContactIdentity[], wanted: ContactIdentity[], claimed: ContactIdentity[]): Promise<AppError> {
    const taken = wanted.find((identity) => !claimed.some((c) => sameIdentity(c, identity)))!;
    const index = listed.findIndex((identity) => sameIdentity(identity, taken));
    const owner = (await repo.selectIdentityOwners(sql, workspaceId, [taken]))[0];
    return new AppError('conflict', 'errors.validation', {
      fields: [{ field: `identities[${index}].value`, messageKey: 'customers.identity_taken' }],
      extra: owner ? { customerId: owner.customerId } : {},
    });
  }

  /** Contacts masked unless the actor may see them. */
  async function getCustomerWith(sql: Sql, actor: Actor, customerId: string): Promise<Customer> {
    assertCan(actor, 'customers.read');
    const record = isUuid(customerId) ? await repo.selectCustomer(sql, actor.workspaceId, customerId) : undefined;
    if (!record) throw notFound('customer');
    return toCustomer(record, can(actor, 'contacts.unmasked'));
  }

  const resolveCustomer = createResolveCustomer({ clock, changes });
  return {
    resolveCustomer,
    intakeCustomers: createCustomerIntake({ clock, changes, resolveCustomer }),

    async assertCustomerExists(sql: Sql, workspaceId: string, customerId: string): Promise<void> {
      if (!isUuid(customerId) || !(await repo.customerExists(sql, workspaceId, customerId))) throw notFound('customer');
    },

    /** Summaries masked for the viewer; unknown ids (and ids of other workspaces) are left out. Pass `sql` inside a transaction. */
    async getCustomerSummaries(workspaceId: string, ids: string[], viewer: Actor, sql: Sql = db): Promise<Map<string, CustomerSummary>> {
      const result = new Map<string, CustomerSummary>();
      if (viewer.workspaceId !== workspaceId) return result;
      const wanted = [...new Set(ids.filter(isUuid))];
      const canSeeContacts = can(viewer, 'contacts.unmasked');
      for (const record of await repo.selectCustomersByIds(sql, workspaceId, wanted)) result.set(record.id, toSummary(record, canSeeContacts));
      return result;
    },

    /** Tags and organisation name of a customer, for rules that match on them (SLA policies); no contacts. */
    async getCustomerTraits(sql: Sql, workspaceId: string, customerId: string): Promise<{ tags: string[]; organization: string | null } | undefined> {
      return isUuid(customerId) ? repo.selectCustomerTraits(sql, workspaceId, customerId) : undefined;
    },

    /** Unmasked text for the ticket search index; never send it to a client. */
    async getSearchText(sql: Sql, workspaceId: string, customerId: string): Promise<string> {
      if (!isUuid(customerId)) return '';
      const record = await repo.selectCustomer(sql, workspaceId, customerId);
      if (!record) return '';
      return customerSearchText(record.name, record.organizationName, record.identities);
    },

    /**
     * A page of a segment (a tag, or everyone) with unmasked contacts, newest first, inside the caller's transaction:
     * what a survey campaign sends to. `after` is the last row of the previous page.
     */
    async listSegmentPage(sql: Sql, workspaceId: string, segment: { tag?: string; after?: { createdAt: Date; id: string }; limit: number }) {
      const rows = await repo.searchCustomers(sql, workspaceId, { tag: segment.tag, after: segment.after, limit: segment.limit });
      return rows.map((record) => {
        const summary = toSummary(record, true);
        return { id: record.id, name: record.name, locale: record.locale, email: summary.email, phone: summary.phone, createdAt: record.createdAt };
      });
    },

    async listCustomers(actor: Actor, options: ListCustomersOptions = {}): Promise<{ items: Customer[]; nextCursor: string | null }> {
      assertCan(actor, 'customers.read');
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_PAGE), 1), MAX_PAGE);
      let after: { createdAt: Date; id: string } | undefined;
      if (options.cursor !== undefined) {
        after = decodeCursor(options.cursor) ?? undefined;
        if (!after) throw invalidField('cursor', 'customers.invalid_cursor');
      }
      if (options.organizationId !== undefined && !isUuid(options.organizationId)) return { items: [], nextCursor: null };
      const canSeeContacts = can(actor, 'contacts.unmasked');
      const terms = buildSearchTerms(options.q, canSeeContacts);
      const tag = options.tag?.trim();
      const rows = await repo.searchCustomers(db, actor.workspaceId, {
        ...terms,
        tag: tag === '' ? undefined : tag,
        organizationId: options.organizationId,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((record) => toCustomer(record, canSeeContacts)),
        nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    },

    async getCustomer(actor: Actor, customerId: string): Promise<Customer> {
      return getCustomerWith(db, actor, customerId);
    },

    /** The same on the caller's transaction: event subscribers and timers read on the connection they hold. */
    async getCustomerInTransaction(tx: Sql, actor: Actor, customerId: string): Promise<Customer> {
      return getCustomerWith(tx, actor, customerId);
    },

    async createCustomer(actor: Actor, input: CustomerInput): Promise<Customer> {
      assertCan(actor, 'customers.write');
      const identities = normalizeIdentityList(input.identities ?? []);
      const name = input.name?.trim() ?? '';
      if (name === '' && identities.length === 0) throw invalidField('name', 'customers.name_or_contact_required');
      const workspaceId = actor.workspaceId;
      const id = newId();
      const organizationId = input.organizationId ?? null;
      const record = await db.transaction(async (tx) => {
        await assertOrganizationIn(tx, workspaceId, organizationId);
        await repo.insertCustomer(tx, workspaceId, {
          id,
          name,
          organizationId,
          tags: cleanTags(input.tags ?? []),
          notes: input.notes ?? '',
          locale: input.locale ?? null,
          externalRef: input.externalRef?.trim() || null,
          now: clock.now(),
        });
        const claimed = await repo.insertIdentities(tx, workspaceId, id, identities, clock.now());
        if (claimed.length < identities.length) throw await identityTaken(tx, workspaceId, identities, identities, claimed);
        await changes.recordCustomerCreated(tx, actor, { customerId: id, organizationId, identities, source: 'api' });
        return repo.selectCustomer(tx, workspaceId, id);
      });
      return toCustomer(record!, can(actor, 'contacts.unmasked'));
    },

    /**
     * Applies the fields present in the patch. `identities`, when given, replaces the whole set and
     * needs `contacts.unmasked` (a masked viewer cannot see what it would overwrite).
     * With `expectedVersion`, a stale write is a 409 and changes nothing.
     */
    async updateCustomer(actor: Actor, customerId: string, patch: CustomerInput, expectedVersion?: number): Promise<Customer> {
      assertCan(actor, 'customers.write');
      if (patch.identities !== undefined && !can(actor, 'contacts.unmasked')) {
        throw new AppError('forbidden', 'customers.unmasked_required', { extra: { permission: 'contacts.unmasked' } });
      }
      if (!isUuid(customerId)) throw notFound('customer');
      const workspaceId = actor.workspaceId;
      const identities = patch.identities === undefined ? undefined : normalizeIdentityList(patch.identities);
      const record = await db.transaction(async (tx) => {
        const current = await repo.selectCustomer(tx, workspaceId, customerId, { forUpdate: true });
        if (!current) throw notFound('customer');
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current.version } });
        }
        const updates: Parameters<typeof repo.updateCustomerRow>[3] = {};
        if (patch.name !== undefined && patch.name.trim() !== current.name) updates.name = patch.name.trim();
        if (patch.organizationId !== undefined && patch.organizationId !== current.organizationId) {
          await assertOrganizationIn(tx, workspaceId, patch.organizationId);
          updates.organizationId = patch.organizationId;
        }
        if (patch.tags !== undefined && !sameTags(cleanTags(patch.tags), current.tags)) updates.tags = cleanTags(patch.tags);
        if (patch.notes !== undefined && patch.notes !== current.notes) updates.notes = patch.notes;
        if (patch.locale !== undefined && patch.locale !== current.locale) updates.locale = patch.locale;
        const externalRef = patch.externalRef === undefined ? undefined : patch.externalRef?.trim() || null;
        if (externalRef !== undefined && externalRef !== current.externalRef) updates.externalRef = externalRef;

        const removed = identities ? current.identities.filter((i) => !identities.some((w) => sameIdentity(w, i))) : [];
        const added = identities ? identities.filter((w) => !current.identities.some((i) => sameIdentity(w, i))) : [];
        if ((updates.name ?? current.name) === '' && (identities ?? current.identities).length === 0) {
          throw invalidField('name', 'customers.name_or_contact_required');
        }

        const fields = Object.keys(updates);
        if (fields.length === 0 && removed.length === 0 && added.length === 0) return current;
        await repo.deleteIdentities(tx, workspaceId, customerId, removed);
        const claimed = await repo.insertIdentities(tx, workspaceId, customerId, added, clock.now());
        if (claimed.length < added.length) throw await identityTaken(tx, workspaceId, identities ?? [], added, claimed);
        const version = (await repo.updateCustomerRow(tx, workspaceId, customerId, updates, clock.now()))!;
        await changes.recordCustomerUpdated(tx, actor, {
          customerId,
          version,
          fields,
          addedIdentityKinds: added.map((i) => i.kind),
          removedIdentityKinds: removed.map((i) => i.kind),
        });
        return repo.selectCustomer(tx, workspaceId, customerId);
      });
      return toCustomer(record!, can(actor, 'contacts.unmasked'));
    },

    async listOrganizations(actor: Actor, options: { q?: string; limit?: number } = {}): Promise<Organization[]> {
      assertCan(actor, 'customers.read');
      const q = options.q?.trim();
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? MAX_PAGE), 1), 500);
      return repo.selectOrganizations(db, actor.workspaceId, { namePattern: q ? `%${escapeLike(q)}%` : undefined, limit });
    },

    async createOrganization(actor: Actor, input: { name: string; domain?: string | null }): Promise<Organization> {
      assertCan(actor, 'customers.write');
      const name = input.name.trim();
      if (name === '') throw invalidField('name', 'validation.required');
      let domain: string | null = null;
      if (input.domain !== undefined && input.domain !== null && input.domain.trim() !== '') {
        domain = normalizeDomain(input.domain);
        if (domain === null) throw invalidField('domain', 'customers.invalid_domain');
      }
      return db.transaction(async (tx) => {
        const organization = await repo.insertOrganization(tx, actor.workspaceId, { id: newId(), name, domain, now: clock.now() });
        if (!organization) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'customers.organization_name_taken' }] });
        await changes.recordOrganizationCreated(tx, actor, organization);
        return organization;
      });
    },
  };
}

export type CustomersService = ReturnType<typeof createCustomersService>;
