import { CN_MOBILE, type IdentityKind } from './contact-normalize.ts';

// Long enough to be a full mobile or landline number with area code: keep the carrier prefix and the
// last four digits, the part people use to recognise a number (`139****5678`).
const FULL_NUMBER_DIGITS = 10;

/**
 * Hides the middle of a phone number: first 3 and last 4 digits kept for full numbers (10+ digits);
 * for shorter ones (hotlines, extensions) a quarter at each end, so at least half stays hidden.
 */
export function maskPhone(phone: string): string {
  // A mainland mobile number is shown as people dial it at home (139****5678), without its +86.
  if (phone.startsWith('+86') && CN_MOBILE.test(phone.slice(3))) return maskPhone(phone.slice(3));
  const plus = phone.startsWith('+') ? '+' : '';
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 0) return '***';
  const [head, tail] = digits.length >= FULL_NUMBER_DIGITS ? [3, 4] : [Math.floor(digits.length / 4), Math.floor(digits.length / 4)];
  const hidden = digits.length - head - tail;
  return `${plus}${digits.slice(0, head)}${'*'.repeat(hidden)}${digits.slice(digits.length - tail)}`;
}

/**
 * Keeps the first character of the local part and the domain (`zhang@example.com` → `z***@example.com`).
 * A fixed `***` so the length of the hidden part is not revealed either.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const first = Array.from(email.slice(0, at))[0] ?? '';
  return `${first}***${email.slice(at)}`;
}

/** The value as a viewer without `contacts.unmasked` sees it; opaque ids (openid, external id) are not personal contact data. */
export function maskIdentityValue(kind: IdentityKind, value: string): string {
  if (kind === 'email') return maskEmail(value);
  if (kind === 'phone') return maskPhone(value);
  return value;
}
