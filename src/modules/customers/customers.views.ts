import { isLocale, type Locale } from '../../platform/i18n.ts';
import { maskIdentityValue } from './contact-mask.ts';
import type { ContactIdentity, IdentityKind } from './contact-normalize.ts';
import type { CustomerRecord, OrganizationRecord } from './customers.repository.ts';

/** What a ticket, list row or chat header shows about a customer; contacts masked for the viewer. */
export interface CustomerSummary {
  id: string;
  name: string;
  organization: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
}

export interface Customer extends CustomerSummary {
  organizationId: string | null;
  /** Every identity in the order added; e-mail and phone masked for the viewer. */
  identities: ContactIdentity[];
  notes: string;
  locale: Locale | null;
  /** The customer's reference in the company's own systems (CRM id); free text, not unique. */
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

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
