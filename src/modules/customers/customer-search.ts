import { normalizeEmail, normalizePhone, type ContactIdentity, type IdentityKind } from './contact-normalize.ts';

export interface CustomerSearchTerms {
  namePattern?: string;
  identityPatterns: { kind: IdentityKind; pattern: string }[];
  /** Complete identities the query could be, looked up by primary key. */
  identityValues: { kind: IdentityKind; value: string }[];
}

/** Escapes LIKE wildcards so user text matches literally (backslash is PostgreSQL's default LIKE escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Turns the list's `q` into match conditions: a substring of the name (any script), and contacts.
 * A viewer who sees contacts masked may only find a customer by a complete e-mail, phone or id:
 * substring matches on contacts would let them recover the hidden digits one query at a time.
 */
export function buildSearchTerms(q: string | undefined, canSeeContacts: boolean): CustomerSearchTerms {
  const term = q?.trim() ?? '';
  if (term === '') return { identityPatterns: [], identityValues: [] };
  const identityValues: CustomerSearchTerms['identityValues'] = [
    { kind: 'wechat_openid', value: term },
    { kind: 'external_id', value: term },
  ];
  const email = normalizeEmail(term);
  if (email) identityValues.push({ kind: 'email', value: email });
  const phone = normalizePhone(term);
  if (phone) identityValues.push({ kind: 'phone', value: phone });

  const identityPatterns: CustomerSearchTerms['identityPatterns'] = [];
  if (canSeeContacts) {
    const folded = term.normalize('NFKC').toLowerCase();
    if (!/\s/.test(folded)) identityPatterns.push({ kind: 'email', pattern: `%${escapeLike(folded)}%` });
    if (phone) identityPatterns.push({ kind: 'phone', pattern: `%${phone.replace(/\D/g, '')}%` });
  }
  return { namePattern: `%${escapeLike(term)}%`, identityPatterns, identityValues };
}

/** Opaque keyset cursor over (created_at DESC, id DESC). */
export function encodeCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position a cursor points after, or null when it was not made by encodeCursor. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

/** Unmasked text a ticket indexes for its customer: name, organisation, e-mails and phones. */
export function customerSearchText(name: string, organizationName: string | null, identities: readonly ContactIdentity[]): string {
  const parts = [name, organizationName ?? ''];
  for (const identity of identities) {
    if (identity.kind === 'email') parts.push(identity.value);
    if (identity.kind !== 'phone') continue;
    parts.push(identity.value);
    // People search by the number they would dial at home, without the country code.
    if (identity.value.startsWith('+86')) parts.push(identity.value.slice(3));
    else if (identity.value.startsWith('+')) parts.push(identity.value.slice(1));
  }
  return parts.filter((part) => part !== '').join(' ');
}
