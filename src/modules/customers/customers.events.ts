import { typedOutbox } from '../../platform/outbox.ts';
import type { IdentityKind } from './contact-normalize.ts';

/**
 * Events this module writes to the outbox. Payloads carry ids and field names only, never contact
 * values: subscribers (webhooks, analytics) read what they may see through the service.
 */
export const CUSTOMER_EVENTS = {
  created: 'customer.created',
  updated: 'customer.updated',
  organizationCreated: 'organization.created',
} as const;

export interface CustomerCreatedPayload {
  customerId: string;
  organizationId: string | null;
  identityKinds: IdentityKind[];
  /** `intake` when a ticket or channel resolved an unknown contact, `api` when created directly. */
  source: 'intake' | 'api';
}

export interface CustomerUpdatedPayload {
  customerId: string;
  version: number;
  fields: string[];
  addedIdentityKinds: IdentityKind[];
  removedIdentityKinds: IdentityKind[];
}

export interface OrganizationCreatedPayload {
  organizationId: string;
}

/** Event type → payload: what `customersOutbox` emits and what its subscribers receive. */
export interface CustomerEventPayloads {
  'customer.created': CustomerCreatedPayload;
  'customer.updated': CustomerUpdatedPayload;
  'organization.created': OrganizationCreatedPayload;
}

/** The outbox typed by this module's events: emit them here, and subscribe to them with `customersOutbox.subscriber`. */
export const customersOutbox = typedOutbox<CustomerEventPayloads>();
