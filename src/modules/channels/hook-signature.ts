import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a webhook request in either direction (a messaging app or telephony platform calling
 * Kefu, Kefu posting a reply): `X-Kefu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp is signed with the body, so a captured request cannot be replayed outside the window.
 */
export const SIGNATURE_HEADER = 'x-kefu-signature';
/** How far a request's timestamp may be from our clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export function signPayload(secret: string, timestampSeconds: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}

/** The header value for a body sent at `now`. */
export function signatureHeader(secret: string, now: Date, body: string | Uint8Array): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** `t=…,v1=…[,v1=…]`: several v1 values let a sender sign with an old and a new secret while it rotates. */
export function parseSignatureHeader(header: string | undefined): { timestamp: number; signatures: string[] } | undefined {
  if (!header) return undefined;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/** Checks a request against the connection's secrets (the current one, and the previous one during a rotation). */
export function verifySignature(options: { header: string | undefined; body: string | Uint8Array; secrets: readonly string[]; now: Date; windowSeconds?: number }): SignatureVerdict {
  if (!options.header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(options.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > (options.windowSeconds ?? SIGNATURE_WINDOW_SECONDS)) return { ok: false, reason: 'stale' };
  for (const secret of options.secrets) {
    const expected = Buffer.from(signPayload(secret, parsed.timestamp, options.body), 'hex');
    if (parsed.signatures.some((candidate) => timingSafeEqual(expected, Buffer.from(candidate, 'hex')))) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
