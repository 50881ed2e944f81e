import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, signatureHeader, signPayload, verifySignature } from './hook-signature.ts';

const now = new Date('2026-05-05T02:00:00Z');
const t = Math.floor(now.getTime() / 1000);
const body = '{"text":"你好 👋"}';

describe('webhook signatures', () => {
  it('matches an HMAC-SHA256 computed independently (openssl dgst -sha256 -hmac)', () => {
    // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec_test'
    expect(signPayload('whsec_test', 1_700_000_000, '{"a":1}')).toBe('38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
  });

  it.each([
    ['a fresh signature', signatureHeader('s1', now, body), ['s1'], { ok: true }],
    ['the previous secret during a rotation', signatureHeader('old', now, body), ['new', 'old'], { ok: true }],
    ['no header', undefined, ['s1'], { ok: false, reason: 'missing' }],
    ['a header without a timestamp', `v1=${'a'.repeat(64)}`, ['s1'], { ok: false, reason: 'malformed' }],
    ['a signature that is not hex', `t=${t},v1=xyz`, ['s1'], { ok: false, reason: 'malformed' }],
    ['a timestamp six minutes old', signatureHeader('s1', new Date(now.getTime() - 360_000), body), ['s1'], { ok: false, reason: 'stale' }],
    ['a timestamp six minutes ahead', signatureHeader('s1', new Date(now.getTime() + 360_000), body), ['s1'], { ok: false, reason: 'stale' }],
    ['four minutes old (inside the window)', signatureHeader('s1', new Date(now.getTime() - 240_000), body), ['s1'], { ok: true }],
    ['another secret', signatureHeader('s2', now, body), ['s1'], { ok: false, reason: 'mismatch' }],
    ['a body changed after signing', signatureHeader('s1', now, `${body} `), ['s1'], { ok: false, reason: 'mismatch' }],
    ['a timestamp changed after signing', signatureHeader('s1', now, body).replace(`t=${t}`, `t=${t + 1}`), ['s1'], { ok: false, reason: 'mismatch' }],
  ] as const)('%s', (_name, header, secrets, verdict) => {
    expect(verifySignature({ header, body, secrets, now })).toEqual(verdict);
  });

  it('reads every v1 of a header', () => {
    expect(parseSignatureHeader(`t=5, v1=${'A'.repeat(64)},v1=${'b'.repeat(64)}`)).toEqual({ timestamp: 5, signatures: ['a'.repeat(64), 'b'.repeat(64)] });
  });
});
