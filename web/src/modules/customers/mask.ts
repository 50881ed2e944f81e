/** 13912345678 and +8613912345678 → 139****5678; short numbers keep a quarter at each end. Display only: the server decides who gets what. */
export function maskPhone(phone: string): string {
  // Mainland mobile numbers as people dial them at home, like the server masks them.
  if (/^\+861[3-9]\d{9}$/.test(phone)) return maskPhone(phone.slice(3));
  const prefix = phone.startsWith('+') ? '+' : '';
  const digits = phone.replace(/\D/g, '');
  if (!digits) return '***';
  const keep = digits.length >= 10 ? [3, 4] : [Math.floor(digits.length / 4), Math.floor(digits.length / 4)];
  return prefix + digits.slice(0, keep[0]) + '*'.repeat(digits.length - keep[0]! - keep[1]!) + digits.slice(digits.length - keep[1]!);
}

/** zhang@example.com → z***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/** Whether the value already arrived masked from the server (the viewer may not see contacts). */
export function isMasked(value: string): boolean {
  return value.includes('*');
}
