import { z } from 'zod';
import { LocaleSchema } from '../../platform/validation/index.ts';
import { IDENTITY_KINDS } from './contact-normalize.ts';

/** The response contracts of a customer; the service's view types are inferred from them. */

export const IdentityKindSchema = z.enum(IDENTITY_KINDS);

/** What a ticket, list row or chat header shows about a customer; contacts masked for the viewer. */
export const CustomerSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  organization: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
});

/** The whole customer; identities in the order added, e-mail and phone masked for the viewer. */
export const CustomerSchema = CustomerSummarySchema.extend({
  organizationId: z.uuid().nullable(),
  identities: z.array(z.object({ kind: IdentityKindSchema, value: z.string() })),
  notes: z.string(),
  locale: LocaleSchema.nullable(),
  externalRef: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number().int(),
});
