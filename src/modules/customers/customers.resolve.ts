import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError, invalidField } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ContactIdentity, IdentityKind } from './contact-normalize.ts';
import { cleanIntakeName, identityKey, normalizeOrThrow, sameIdentity } from './customer-input.ts';
import type { ChangeRecorder } from './customers.changes.ts';
import * as repo from './customers.repository.ts';

export interface ResolveCustomerInput {
  name?: string;
  email?: string;
  phone?: string;
  wechatOpenId?: string;
  externalId?: string;
}

// Listed most specific first: when the identities belong to different customers, the first one found decides.
const RESOLVE_FIELDS: readonly { kind: IdentityKind; key: keyof ResolveCustomerInput }[] = [
  { kind: 'external_id', key: 'externalId' },
  { kind: 'email', key: 'email' },
  { kind: 'wechat_openid', key: 'wechatOpenId' },
  { kind: 'phone', key: 'phone' },
];
// Each lost race means another transaction committed the identity, so the next lookup finds it;
// more than one retry only happens if that customer is deleted in between.
const RESOLVE_ATTEMPTS = 5;

type IdentityOwner = Awaited<ReturnType<typeof repo.selectIdentityOwners>>[number];

export interface ResolvedCustomer {
  id: string;
  created: boolean;
}

/**
 * Normalised identities of an intake (most specific first), the name, and the order to claim the
 * identities in: a fixed order, so two intakes racing on the same pair of identities cannot deadlock.
 * Throws a validation error naming the bad field.
 */
export function parseResolveInput(input: ResolveCustomerInput): { identities: ContactIdentity[]; name: string; claimOrder: ContactIdentity[] } {
  const identities: ContactIdentity[] = [];
  for (const { kind, key } of RESOLVE_FIELDS) {
    const raw = input[key];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    identities.push(normalizeOrThrow(kind, raw, key));
  }
  const name = cleanIntakeName(input.name);
  if (identities.length === 0 && name === '') throw invalidField('customer', 'customers.name_or_contact_required');
  const claimOrder = [...identities].sort((a, b) => (identityKey(a) < identityKey(b) ? -1 : 1));
  return { identities, name, claimOrder };
}

export type ResolveCustomer = ReturnType<typeof createResolveCustomer>;

/**
 * The intake path: finds the customer owning any of the identities, or creates one, in the caller's
 * transaction. Duplicates are prevented by the identities' primary key, not by the lookup: concurrent
 * intakes all try to claim, one wins, the others drop their draft and join the winner.
 */
export function createResolveCustomer(deps: { clock: Clock; changes: ChangeRecorder }) {
  const { clock, changes } = deps;

  /** Adds the identities nobody owns yet to an existing customer, and the name if it had none. */
  async function joinExisting(tx: Sql, actor: Actor, owners: IdentityOwner[], identities: ContactIdentity[], name: string): Promise<{ id: string; created: boolean }> {
    const owner = RESOLVE_FIELDS.map(({ kind }) => owners.find((o) => o.kind === kind)).find((o) => o !== undefined)!;
    const unowned = identities.filter((identity) => !owners.some((o) => sameIdentity(o, identity)));
    const added = await repo.insertIdentities(tx, actor.workspaceId, owner.customerId, unowned, clock.now());
    const fillsName = owner.customerName === '' && name !== '';
    if (added.length > 0 || fillsName) {
      const version = await repo.touchCustomer(tx, actor.workspaceId, owner.customerId, fillsName ? name : null, clock.now());
      await changes.recordCustomerUpdated(tx, actor, {
        customerId: owner.customerId,
        version,
        fields: fillsName ? ['name'] : [],
        addedIdentityKinds: added.map((i) => i.kind),
        removedIdentityKinds: [],
      });
    }
    return { id: owner.customerId, created: false };
  }

  /** No permission check: intake (tickets, channels) decides who may register a request. */
  return async function resolveCustomer(tx: Sql, actor: Actor, input: ResolveCustomerInput): Promise<ResolvedCustomer> {
    const workspaceId = actor.workspaceId;
    const { identities, name, claimOrder } = parseResolveInput(input);

    for (let attempt = 0; attempt < RESOLVE_ATTEMPTS; attempt++) {
      const owners = await repo.selectIdentityOwners(tx, workspaceId, identities);
      if (owners.length > 0) return joinExisting(tx, actor, owners, claimOrder, name);

      const id = newId();
      await repo.insertCustomer(tx, workspaceId, { id, name, organizationId: null, tags: [], notes: '', locale: null, externalRef: null, now: clock.now() });
      const claimed = await repo.insertIdentities(tx, workspaceId, id, claimOrder, clock.now());
      if (claimed.length === claimOrder.length) {
        await changes.recordCustomerCreated(tx, actor, { customerId: id, organizationId: null, identities: claimOrder, source: 'intake' });
        return { id, created: true };
      }
      // Another intake committed one of these identities first: drop the draft and join that customer.
      await repo.deleteCustomer(tx, workspaceId, id);
    }
    throw new AppError('conflict', 'errors.conflict');
  };
}
