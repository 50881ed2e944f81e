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

/** A mainland China mobile number without its country code: 11 digits starting 13–19. */
export const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Digits only, in international (E.164) form where the country is certain: `+` or the `00` prefix
 * kept as `+`, and mainland mobile numbers given without it (`139-1234-5678`, `86 139…`) become
 * `+86…`, so a customer who writes the number either way is one identity. Other national numbers
 * (landlines with an area code, short service numbers) stay as dialled. Full-width digits are folded.
 * Null when there are letters or too few/many digits.
 */
export function normalizePhone(raw: string): string | null {
  const value = raw.normalize('NFKC').trim();
  if (!PHONE_CHARS.test(value)) return null;
  let digits = value.replace(/\D/g, '');
  let international = value.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) return null;
  if (international) return `+${digits}`;
  if (CN_MOBILE.test(digits)) return `+86${digits}`;
  if (digits.startsWith('86') && CN_MOBILE.test(digits.slice(2))) return `+${digits}`;
  return digits;
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
