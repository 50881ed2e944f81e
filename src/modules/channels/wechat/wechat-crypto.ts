import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * WeChat's "safe mode": messages are AES-256-CBC encrypted with the key in the account's EncodingAESKey
 * (43 base64 characters), the IV being the key's first 16 bytes, padded PKCS#7 to 32-byte blocks. The plain
 * text is 16 random bytes, the message length (4 bytes, big-endian), the message, then the AppID.
 */
const BLOCK = 32;

export function isEncodingAesKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(value) && Buffer.from(`${value}=`, 'base64').length === 32;
}

function keyOf(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export class WechatDecryptError extends Error {}

/** The message inside an `<Encrypt>` value; throws when it does not decrypt or was meant for another AppID. */
export function decryptWechatMessage(encodingAesKey: string, appId: string, encrypted: string): string {
  const key = keyOf(encodingAesKey);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  } catch {
    throw new WechatDecryptError('the message does not decrypt with this EncodingAESKey');
  }
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) throw new WechatDecryptError('bad padding');
  const content = plain.subarray(16, plain.length - pad);
  const length = content.readUInt32BE(0);
  if (length > content.length - 4) throw new WechatDecryptError('bad length');
  const message = content.subarray(4, 4 + length).toString('utf8');
  const forAppId = content.subarray(4 + length).toString('utf8');
  if (forAppId !== appId) throw new WechatDecryptError('the message is for another AppID');
  return message;
}

/** The `<Encrypt>` value WeChat would send for a message (the fake server and tests use it). */
export function encryptWechatMessage(encodingAesKey: string, appId: string, message: string): string {
  const key = keyOf(encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
