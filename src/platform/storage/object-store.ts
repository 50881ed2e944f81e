import type { Readable } from 'node:stream';

/**
 * Where file bytes live (attachments today). One interface, a driver per place: the local disk of the node
 * (the default, single-node) or an S3-compatible object store that several nodes share.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Stores the bytes under the key, replacing any earlier object; a reader never sees a partial object. */
  put(key: string, data: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** A stream of the object's bytes, or null when no object has the key. */
  get(key: string): Promise<Readable | null>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Releases connections (the S3 client keeps sockets alive). */
  close(): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;
const MAX_KEY_LENGTH = 512;

/**
 * Keys are made by the code from ids (`<workspace>/<attachment>`), never from a user's file name: segments of
 * letters, digits, `-` and `_` joined by `/`. No dots, so no `..` escapes a directory and no key can collide
 * with the local driver's `.part` files.
 */
export function assertObjectKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key)) throw new Error(`bad object key ${JSON.stringify(key)}`);
}
