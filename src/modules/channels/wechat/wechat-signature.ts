import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat signs each call to the server URL: sha1 of the token, timestamp and nonce sorted as strings and
 * joined; in safe mode `msg_signature` also covers the encrypted message.
 */
export function wechatSignature(parts: readonly string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function isWechatSignatureValid(expectedParts: readonly string[], signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{40}$/i.test(signature)) return false;
  return timingSafeEqual(Buffer.from(wechatSignature(expectedParts), 'hex'), Buffer.from(signature.toLowerCase(), 'hex'));
}
