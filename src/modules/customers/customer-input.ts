import { invalidField } from '../../platform/errors.ts';
import { canonicalLine } from '../../platform/validation/index.ts';
import { normalizeIdentity, type ContactIdentity, type IdentityKind } from './contact-normalize.ts';

const MAX_NAME_LENGTH = 200;

const INVALID_IDENTITY_MESSAGE: Record<IdentityKind, { key: string; params?: Record<string, unknown> }> = {
  email: { key: 'customers.invalid_email' },
  phone: { key: 'customers.invalid_phone' },
  wechat_openid: { key: 'customers.invalid_identity', params: { maximum: 128 } },
  external_id: { key: 'customers.invalid_identity', params: { maximum: 200 } },
};

export const sameIdentity = (a: ContactIdentity, b: ContactIdentity): boolean => a.kind === b.kind && a.value === b.value;
export const identityKey = (identity: ContactIdentity): string => `${identity.kind}\u0000${identity.value}`;

export function normalizeOrThrow(kind: IdentityKind, raw: string, field: string): ContactIdentity {
  const value = normalizeIdentity(kind, raw);
  if (value === null) {
    const message = INVALID_IDENTITY_MESSAGE[kind];
    throw invalidField(field, message.key, message.params);
  }
  return { kind, value };
}

/** Normalises a list of identities, reporting the offending index as `identities.N.value`. */
export function normalizeIdentityList(identities: { kind: IdentityKind; value: string }[]): ContactIdentity[] {
  const seen = new Set<string>();
  return identities.map((identity, index) => {
    const normalized = normalizeOrThrow(identity.kind, identity.value, `identities[${index}].value`);
    if (seen.has(identityKey(normalized))) throw invalidField(`identities[${index}].value`, 'customers.duplicate_identity');
    seen.add(identityKey(normalized));
    return normalized;
  });
}

/**
 * Names arriving from channels (an e-mail's display name) are cleaned rather than rejected: intake must not fail on
 * them. Line breaks and controls (with the spaces around them) become one space; otherwise the name is stored as the text rule stores one-line
 * text (trimmed, NFC), so a name the API accepted reads back as it was sent.
 */
export function cleanIntakeName(name: string | undefined): string {
  const cleaned = canonicalLine((name ?? '').replace(/\s*[\p{Cc}\u2028\u2029]+\s*/gu, ' '));
  return Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('');
}

/** Trimmed, empty ones dropped, duplicates removed (first spelling kept, compared case-insensitively). */
export function cleanTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    const trimmed = tag.trim();
    const key = trimmed.toLowerCase();
    if (trimmed === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(trimmed);
  }
  return result;
}

export const sameTags = (a: string[], b: string[]): boolean => a.length === b.length && a.every((tag, index) => tag === b[index]);
