import { join } from 'node:path';
import type { Config } from '../config.ts';
import { createLocalObjectStore } from './local-store.ts';
import type { ObjectStore } from './object-store.ts';
import type { S3StoreOptions } from './s3-store.ts';

export { assertObjectKey, type ObjectStore } from './object-store.ts';
export { createLocalObjectStore } from './local-store.ts';
export type { S3StoreOptions } from './s3-store.ts';

/** Where attachments go on the local driver: the node's own data directory. */
export const attachmentsDirOf = (config: Pick<Config, 'DATA_DIR'>): string => join(config.DATA_DIR, 'attachments');

/**
 * The attachment store the configuration names. The S3 driver is loaded only when chosen, so a node on the
 * local disk never loads the AWS SDK.
 */
export async function openAttachmentStore(config: Config): Promise<ObjectStore> {
  if (config.KEFU_ATTACHMENT_STORE === 'local') return createLocalObjectStore(attachmentsDirOf(config));
  const { createS3ObjectStore } = await import('./s3-store.ts');
  return createS3ObjectStore(s3OptionsOf(config));
}

/** The S3 settings of a configuration (the config schema made sure the bucket is set when the s3 store is chosen). */
export function s3OptionsOf(config: Config): S3StoreOptions {
  if (!config.S3_BUCKET) throw new Error('S3_BUCKET is not set');
  const credentials = config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined;
  return { bucket: config.S3_BUCKET, region: config.S3_REGION, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_FORCE_PATH_STYLE, credentials };
}
