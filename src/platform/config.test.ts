import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('attachment store configuration', () => {
  it('keeps attachments on the local disk unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.KEFU_ATTACHMENT_STORE).toBe('local');
    expect(config.S3_FORCE_PATH_STYLE).toBe(false);
    expect(config.S3_REGION).toBe('us-east-1');
  });

  it('reads the S3 settings', () => {
    const config = loadConfig({
      KEFU_ATTACHMENT_STORE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'kefu-attachments',
      S3_REGION: 'cn-north-1',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({ KEFU_ATTACHMENT_STORE: 's3', S3_BUCKET: 'kefu-attachments', S3_REGION: 'cn-north-1', S3_FORCE_PATH_STYLE: true });
  });

  it.each([
    [{ KEFU_ATTACHMENT_STORE: 's3' }, /S3_BUCKET: required when KEFU_ATTACHMENT_STORE is s3/],
    [{ KEFU_ATTACHMENT_STORE: 's3', S3_BUCKET: 'kefu', S3_ACCESS_KEY_ID: 'key' }, /S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/],
    [{ KEFU_ATTACHMENT_STORE: 's3', S3_BUCKET: 'Not_A_Bucket' }, /S3_BUCKET: an S3 bucket name/],
    [{ KEFU_ATTACHMENT_STORE: 'disk' }, /KEFU_ATTACHMENT_STORE/],
    [{ S3_ENDPOINT: 'not a url' }, /S3_ENDPOINT/],
    [{ S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE/],
  ])('fails at boot on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
