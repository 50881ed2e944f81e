import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** A local S3-compatible server for tests: s3rver on 127.0.0.1, a port of its own choosing, one empty bucket. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** s3rver's built-in account; it checks request signatures against it. */
  accessKeyId: string;
  secretAccessKey: string;
  /** The variables that point a Kefu config at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestS3Server(bucket = 'kefu-test'): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'kefu-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const accessKeyId = 'S3RVER';
  const secretAccessKey = 'S3RVER';
  return {
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    env: {
      KEFU_ATTACHMENT_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
