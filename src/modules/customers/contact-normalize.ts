export const IDENTITY_KINDS = ['email', 'phone', 'wechat_openid', 'external_id'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface ContactIdentity {
  kind: IdentityKind;
  value: string;
}

const MIN_PHONE_DIGITS = 3;
const MAX_PHONE_DIGITS = 20;
const MAX_OPENID_LENGTH = 128;
const MAX_EXTERNAL_ID_LENGTH = 200;

// Any C0/C1 control character or a line/paragraph separator: never part of an identifier.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const EMAIL_LOCAL = /^[^\s@"(),:;<>[\]\\]+$/u;
const PHONE_CHARS = /^\+?[\d\s\-().]+$/;

/** Lower-cased, trimmed address (full-width characters folded), or null when it is not an e-mail address. */
export function normalizeEmail(raw: string): string | null {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  if (value.length > 254 || CONTROL.test(value)) return null;
  const at = value.lastIndexOf('@');
  if (at <= 0) return null;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  if (!isDomainName(domain)) return null;
  return value;
}

/**
 * Digits only, a leading `+` kept (`+86 139-1234-5678` → `+8613912345678`); full-width digits are folded.
 * Null when there are letters or too few/many digits.
 */
export function normalizePhone(raw: string): string | null {
  const value = raw.normalize('NFKC').trim();
  if (!PHONE_CHARS.test(value)) return null;
  const digits = value.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) return null;
  return value.startsWith('+') ? `+${digits}` : digits;
}

/** A domain such as `example.com` (lower-cased), or null. Internationalised labels are allowed. */
export function normalizeDomain(raw: string): string | null {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  return isDomainName(value) ? value : null;
}

function isDomainName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  const tld = labels.at(-1) ?? '';
  return tld.length >= 2 && !/^\d+$/.test(tld);
}

function normalizeOpaqueId(raw: string, maxLength: number): string | null {
  const value = raw.trim();
  if (value.length === 0 || value.length > maxLength || CONTROL.test(value) || /\s/.test(value)) return null;
  return value;
}

/** The stored form of an identity value, or null when the value is not valid for its kind. */
export function normalizeIdentity(kind: IdentityKind, raw: string): string | null {
  switch (kind) {
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return normalizePhone(raw);
    case 'wechat_openid':
      return normalizeOpaqueId(raw, MAX_OPENID_LENGTH);
    case 'external_id':
      return normalizeOpaqueId(raw, MAX_EXTERNAL_ID_LENGTH);
  }
}

export function isIdentityKind(value: unknown): value is IdentityKind {
  return typeof value === 'string' && (IDENTITY_KINDS as readonly string[]).includes(value);
}
