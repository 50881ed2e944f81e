import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertObjectKey, type ObjectStore } from './object-store.ts';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** Unset for AWS itself; the server's URL for MinIO, Ceph, SeaweedFS, Garage and the like. */
  endpoint?: string;
  /** Both or neither: without them the SDK's own chain applies (AWS_* variables, instance or pod role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `http://host/bucket/key` instead of `http://bucket.host/key`: what most self-hosted servers need. */
  forcePathStyle: boolean;
}

/** Connect fast or fail; a stalled socket is given up rather than holding an upload or a download forever. */
const CONNECT_TIMEOUT_MS = 5_000;
const SOCKET_IDLE_TIMEOUT_MS = 30_000;

/** A missing object: GetObject says NoSuchKey, HeadObject (which has no body) only NotFound. */
const isMissing = (error: unknown): boolean => {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
};

/** Objects in one bucket of an S3-compatible store, under the same keys the local driver uses as paths. */
export function createS3ObjectStore(options: S3StoreOptions): ObjectStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // Newer SDKs add CRC checksums to every request and check them on every reply; many S3-compatible
    // servers neither send nor accept them. They are used only where the S3 API itself requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: SOCKET_IDLE_TIMEOUT_MS },
  });
  const Bucket = options.bucket;
  return {
    kind: 's3',
    async put(key, data, putOptions = {}) {
      assertObjectKey(key);
      // A PUT is atomic in S3: the object appears whole or not at all.
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: data, ContentLength: data.byteLength, ContentType: putOptions.contentType }));
    },
    async get(key) {
      assertObjectKey(key);
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        // On Node the SDK hands out the HTTP response itself, a Readable.
        if (!(Body instanceof Readable)) throw new Error('the S3 client returned no Node stream');
        return Body;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      assertObjectKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async exists(key) {
      assertObjectKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    async close() {
      client.destroy();
    },
  };
}
