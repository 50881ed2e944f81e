import './customers.messages.ts';

export { createCustomersService } from './customers.service.ts';
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
export { CUSTOMER_EVENTS, type CustomerCreatedPayload, type CustomerUpdatedPayload, type OrganizationCreatedPayload } from './customers.events.ts';
export { customersRoutes, CustomerSchema, CustomerSummarySchema } from './customers.routes.ts';
