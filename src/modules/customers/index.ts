import './customers.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import { customersRoutes } from './customers.routes.ts';
import { createCustomersService, type CustomersService } from './customers.service.ts';

export type {
  CustomersService,
  CustomersDeps,
  Customer,
  CustomerSummary,
  CustomerInput,
  ListCustomersOptions,
  Organization,
  ResolveCustomerInput,
  IntakeRequest,
  IntakeResult,
} from './customers.service.ts';
export { IDENTITY_KINDS, normalizeEmail, normalizePhone, type ContactIdentity, type IdentityKind } from './contact-normalize.ts';
export { maskEmail, maskPhone } from './contact-mask.ts';
export { CUSTOMER_EVENTS, customersOutbox, type CustomerEventPayloads, type CustomerCreatedPayload, type CustomerUpdatedPayload, type OrganizationCreatedPayload } from './customers.events.ts';
export { CustomerSchema, CustomerSummarySchema } from './customers.schemas.ts';

/** Customers, their contact identities and organisations. */
export function createCustomersModule(deps: Pick<ModulePlatform, 'db' | 'clock'> & { audit: AuditService }): KefuModule<CustomersService> {
  const customers = createCustomersService(deps);
  return { service: customers, routes: (app) => customersRoutes(app, { customers }), subscribers: [], timers: [] };
}
