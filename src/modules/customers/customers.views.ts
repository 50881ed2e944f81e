import type { z } from 'zod';
import { isLocale } from '../../platform/i18n.ts';
import { maskIdentityValue } from './contact-mask.ts';
import type { IdentityKind } from './contact-normalize.ts';
import type { CustomerRecord, OrganizationRecord } from './customers.repository.ts';
import type { CustomerSchema, CustomerSummarySchema } from './customers.schemas.ts';

export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;
export type Customer = z.infer<typeof CustomerSchema>;

export type Organization = OrganizationRecord;

export function toSummary(record: CustomerRecord, canSeeContacts: boolean): CustomerSummary {
  const first = (kind: IdentityKind): string | null => {
    const identity = record.identities.find((i) => i.kind === kind);
    if (!identity) return null;
    return canSeeContacts ? identity.value : maskIdentityValue(kind, identity.value);
  };
  return { id: record.id, name: record.name, organization: record.organizationName, email: first('email'), phone: first('phone'), tags: record.tags };
}

export function toCustomer(record: CustomerRecord, canSeeContacts: boolean): Customer {
  return {
    ...toSummary(record, canSeeContacts),
    organizationId: record.organizationId,
    identities: record.identities.map((i) => ({ kind: i.kind, value: canSeeContacts ? i.value : maskIdentityValue(i.kind, i.value) })),
    notes: record.notes,
    locale: isLocale(record.locale) ? record.locale : null,
    externalRef: record.externalRef,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
  };
}
