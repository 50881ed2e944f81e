import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import type { AuditService } from '../audit/index.ts';
import type { ContactIdentity } from './contact-normalize.ts';
import { CUSTOMER_EVENTS, customersOutbox, type CustomerCreatedPayload, type CustomerUpdatedPayload, type OrganizationCreatedPayload } from './customers.events.ts';

/** Every write of this module leaves an audit row and an outbox event in the writing transaction. */
export function createChangeRecorder(deps: { clock: Clock; audit: AuditService }) {
  const { clock, audit } = deps;
  return {
    async recordCustomerCreated(
      tx: Sql,
      actor: Actor,
      created: { customerId: string; organizationId: string | null; identities: ContactIdentity[]; source: CustomerCreatedPayload['source'] },
    ): Promise<void> {
      const payload: CustomerCreatedPayload = {
        customerId: created.customerId,
        organizationId: created.organizationId,
        identityKinds: created.identities.map((i) => i.kind),
        source: created.source,
      };
      const { customerId, ...details } = payload;
      await audit.record(tx, actor, { action: CUSTOMER_EVENTS.created, entityType: 'customer', entityId: customerId, details });
      await customersOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: CUSTOMER_EVENTS.created, aggregateType: 'customer', aggregateId: customerId, actorId: actor.userId, payload });
    },

    async recordCustomerUpdated(tx: Sql, actor: Actor, payload: CustomerUpdatedPayload): Promise<void> {
      const { customerId, ...details } = payload;
      await audit.record(tx, actor, { action: CUSTOMER_EVENTS.updated, entityType: 'customer', entityId: customerId, details });
      await customersOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: CUSTOMER_EVENTS.updated, aggregateType: 'customer', aggregateId: customerId, actorId: actor.userId, payload });
    },

    async recordOrganizationCreated(tx: Sql, actor: Actor, organization: { id: string; domain: string | null }): Promise<void> {
      await audit.record(tx, actor, { action: CUSTOMER_EVENTS.organizationCreated, entityType: 'organization', entityId: organization.id, details: { domain: organization.domain } });
      const payload: OrganizationCreatedPayload = { organizationId: organization.id };
      await customersOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: CUSTOMER_EVENTS.organizationCreated, aggregateType: 'organization', aggregateId: organization.id, actorId: actor.userId, payload });
    },
  };
}

export type ChangeRecorder = ReturnType<typeof createChangeRecorder>;
