import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { can } from '../identity/index.ts';
import type { ContactIdentity } from './contact-normalize.ts';
import { identityKey } from './customer-input.ts';
import { customerSearchText } from './customer-search.ts';
import type { ChangeRecorder } from './customers.changes.ts';
import { parseResolveInput, type ResolveCustomerInput, type ResolveCustomer } from './customers.resolve.ts';
import * as repo from './customers.repository.ts';
import { toSummary, type CustomerSummary } from './customers.views.ts';

/** A request's customer: an existing one by id, or contacts to find or create one by. */
export interface IntakeRequest {
  actor: Actor;
  customer: { id: string } | ResolveCustomerInput;
}

export interface IntakeResult {
  id: string;
  /** Unmasked text for the ticket search index; never send it to a client. */
  searchText: string;
  /** Masked for the request's actor. */
  summary: CustomerSummary;
}

interface NewCustomerDraft {
  index: number;
  id: string;
  name: string;
  identities: ContactIdentity[];
}

/**
 * The customers of many intake requests of one workspace in one transaction, with a fixed number of
 * statements for the common case: one lookup of every identity, then the unknown customers and
 * their identities inserted together. Requests naming a known contact, sharing a contact with another
 * request of the batch, or losing a race to a concurrent intake go through the one-by-one resolver.
 * Throws the first request's error (validation, unknown id), so callers retry items alone to isolate it.
 */
export function createCustomerIntake(deps: { clock: Clock; changes: ChangeRecorder; resolveCustomer: ResolveCustomer }) {
  const { clock, changes, resolveCustomer } = deps;

  /** Inserts the drafts; returns those whose every identity was claimed (the others are removed again). */
  async function insertDrafts(tx: Sql, workspaceId: string, drafts: NewCustomerDraft[], now: Date): Promise<NewCustomerDraft[]> {
    if (drafts.length === 0) return [];
    await repo.insertCustomers(tx, workspaceId, drafts, now);
    const claimed = await repo.insertIdentitiesOfMany(
      tx,
      workspaceId,
      drafts.flatMap((draft) => draft.identities.map((identity) => ({ ...identity, customerId: draft.id }))),
      now,
    );
    const claimedCount = new Map<string, number>();
    for (const row of claimed) claimedCount.set(row.customerId, (claimedCount.get(row.customerId) ?? 0) + 1);
    const lost = drafts.filter((draft) => (claimedCount.get(draft.id) ?? 0) < draft.identities.length);
    // A concurrent intake committed one of their identities first: drop these drafts and join that customer.
    if (lost.length > 0) await repo.deleteCustomers(tx, workspaceId, lost.map((draft) => draft.id));
    return drafts.filter((draft) => !lost.includes(draft));
  }

  return async function intakeCustomers(tx: Sql, workspaceId: string, requests: readonly IntakeRequest[]): Promise<IntakeResult[]> {
    const parsed = requests.map(({ customer }) => ('id' in customer && typeof customer.id === 'string' ? { id: customer.id } : parseResolveInput(customer as ResolveCustomerInput)));
    const allIdentities = parsed.flatMap((item) => ('identities' in item ? item.identities : []));
    const owned = new Set((await repo.selectIdentityOwners(tx, workspaceId, allIdentities)).map(identityKey));

    // Identities named by more than one request of the batch: those requests resolve one by one.
    const seen = new Map<string, number>();
    for (const key of allIdentities.map(identityKey)) seen.set(key, (seen.get(key) ?? 0) + 1);
    const drafts: NewCustomerDraft[] = [];
    parsed.forEach((item, index) => {
      if (!('identities' in item)) return;
      const keys = item.identities.map(identityKey);
      if (keys.some((key) => owned.has(key) || seen.get(key)! > 1)) return;
      drafts.push({ index, id: newId(), name: item.name, identities: item.claimOrder });
    });
    // One instant for the rows written and the records built from them.
    const now = clock.now();
    const created = await insertDrafts(tx, workspaceId, drafts, now);

    const ids: (string | undefined)[] = requests.map(() => undefined);
    const records = new Map<string, repo.CustomerRecord>();
    for (const draft of created) {
      const actor = requests[draft.index]!.actor;
      ids[draft.index] = draft.id;
      // Known without reading back: intake creates customers with no organisation.
      records.set(draft.id, {
        id: draft.id,
        name: draft.name,
        organizationId: null,
        organizationName: null,
        tags: [],
        notes: '',
        locale: null,
        externalRef: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
        identities: draft.identities,
      });
      await changes.recordCustomerCreated(tx, actor, { customerId: draft.id, organizationId: null, identities: draft.identities, source: 'intake' });
    }
    for (const [index, item] of parsed.entries()) {
      if (ids[index] !== undefined) continue;
      if ('identities' in item) ids[index] = (await resolveCustomer(tx, requests[index]!.actor, requests[index]!.customer as ResolveCustomerInput)).id;
      else if (isUuid(item.id)) ids[index] = item.id;
      else throw notFound('customer');
    }

    const unread = [...new Set(ids.filter((id): id is string => !records.has(id!)))];
    for (const record of await repo.selectCustomersByIds(tx, workspaceId, unread)) records.set(record.id, record);
    return requests.map(({ actor }, index) => {
      const record = records.get(ids[index]!);
      if (!record) throw notFound('customer');
      return {
        id: record.id,
        searchText: customerSearchText(record.name, record.organizationName, record.identities),
        summary: toSummary(record, can(actor, 'contacts.unmasked')),
      };
    });
  };
}

export type IntakeCustomers = ReturnType<typeof createCustomerIntake>;
