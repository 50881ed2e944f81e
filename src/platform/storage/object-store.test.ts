import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3Server, type TestS3Server } from '../../testing/s3-server.ts';
import { loadConfig } from '../config.ts';
import { createLocalObjectStore, openAttachmentStore, type ObjectStore } from './index.ts';
import { createS3ObjectStore } from './s3-store.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let s3: TestS3Server;
let localRoot: string;
const opened: ObjectStore[] = [];

beforeAll(async () => {
  s3 = await startTestS3Server();
  localRoot = await mkdtemp(join(tmpdir(), 'kefu-local-store-'));
});

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await s3?.close();
  await rm(localRoot, { recursive: true, force: true });
});

/** Both drivers, opened the way the kernel opens them: from a configuration. */
const drivers: { name: string; open: () => Promise<ObjectStore> }[] = [
  { name: 'local', open: () => openAttachmentStore(loadConfig({ DATA_DIR: localRoot })) },
  { name: 's3', open: () => openAttachmentStore(loadConfig(s3.env)) },
];

describe.each(drivers)('object store contract: $name driver', ({ name, open }) => {
  let store: ObjectStore;
  const key = () => `${randomBytes(8).toString('hex')}/${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    store = await open();
    opened.push(store);
  });

  it('is the driver the configuration names', () => {
    expect(store.kind).toBe(name);
  });

  it.each([
    ['every byte value', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    ['several stream chunks (3 MiB)', randomBytes(3 * 1_048_576 + 17)],
    ['an empty object', Buffer.alloc(0)],
  ])('gives back %s byte for byte', async (_label, bytes) => {
    const k = key();
    await store.put(k, bytes, { contentType: 'application/octet-stream' });
    const stream = await store.get(k);
    expect(stream).not.toBeNull();
    expect((await readAll(stream!)).equals(bytes)).toBe(true);
  });

  it('knows what exists, deletes, and treats a missing key as null (get) and a no-op (delete)', async () => {
    const k = key();
    expect(await store.exists(k)).toBe(false);
    expect(await store.get(k)).toBeNull();
    await store.put(k, Buffer.from('hello'));
    expect(await store.exists(k)).toBe(true);
    await store.delete(k);
    expect(await store.exists(k)).toBe(false);
    expect(await store.get(k)).toBeNull();
    await expect(store.delete(k)).resolves.toBeUndefined();
  });

  it('replaces an object put again under the same key', async () => {
    const k = key();
    await store.put(k, Buffer.from('first version, longer'));
    await store.put(k, Buffer.from('second'));
    expect((await readAll((await store.get(k))!)).toString()).toBe('second');
  });

  it('keeps concurrent writes of different keys apart', async () => {
    const items = Array.from({ length: 12 }, () => ({ k: key(), bytes: randomBytes(20_000) }));
    await Promise.all(items.map(({ k, bytes }) => store.put(k, bytes)));
    for (const { k, bytes } of items) expect((await readAll((await store.get(k))!)).equals(bytes)).toBe(true);
  });

  // A download the client abandons must give its file handle or socket back (the S3 client has 50 sockets).
  it('lets a reader abandon a stream without leaking what it held', async () => {
    const k = key();
    await store.put(k, randomBytes(256 * 1024));
    for (let i = 0; i < 60; i++) {
      const stream = await store.get(k);
      await new Promise<void>((resolve) => {
        stream!.once('close', () => resolve());
        stream!.destroy();
      });
    }
    expect((await readAll((await store.get(k))!)).length).toBe(256 * 1024);
  });

  it.each(['', '../escape', 'a/../b', 'a//b', '/a', 'a/', 'a.part', 'a/b c', 'ä'])('refuses the key %j before any I/O', async (bad) => {
    await expect(store.put(bad, Buffer.from('x'))).rejects.toThrow(/bad object key/);
    await expect(store.get(bad)).rejects.toThrow(/bad object key/);
    await expect(store.delete(bad)).rejects.toThrow(/bad object key/);
    await expect(store.exists(bad)).rejects.toThrow(/bad object key/);
  });
});

describe('local driver', () => {
  it('writes files readable by the owner only and leaves no temporary file behind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kefu-local-store-'));
    try {
      const store = createLocalObjectStore(root);
      await Promise.all(Array.from({ length: 5 }, () => store.put('ws/same-key', randomBytes(50_000))));
      expect(await readdir(join(root, 'ws'))).toEqual(['same-key']);
      expect((await stat(join(root, 'ws', 'same-key'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('s3 driver', () => {
  // A store that is misconfigured must fail loudly: taking its errors for "no such object" would turn
  // a wrong bucket or key into 404s for every download.
  it('reports a missing bucket as an error, not as a missing object', async () => {
    const store = createS3ObjectStore({ bucket: 'no-such-bucket', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    try {
      await expect(store.get('a/b')).rejects.toThrow();
      await expect(store.put('a/b', Buffer.from('x'))).rejects.toThrow();
    } finally {
      await store.close();
    }
  });

  // s3rver checks the access key id but not SigV4 signatures; the signing itself is the SDK's.
  it('reports an unknown access key as an error', async () => {
    const store = createS3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: s3.secretAccessKey } });
    try {
      await expect(store.put('a/b', Buffer.from('x'))).rejects.toThrow();
      await expect(store.get('a/b')).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
