import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, type Kernel } from '../kernel.ts';
import { loadConfig } from '../platform/config.ts';
import { openDb, type Db } from '../platform/db.ts';
import { silentLogger } from '../platform/logger.ts';
import { createS3ObjectStore } from '../platform/storage/s3-store.ts';
import type { ObjectStore } from '../platform/storage/index.ts';
import { multipart, type MultipartPart } from '../testing/multipart.ts';
import { startTestS3Server, type TestS3Server } from '../testing/s3-server.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../testing/test-app.ts';
import { buildApp, type App } from './app.ts';

/**
 * Two Kefu nodes, each with a data directory of its own, on one database and one S3-compatible bucket. On a
 * PostgreSQL server node B has its own connection pool, as another machine would; embedded PGlite holds one
 * database per process, so there node B is a second kernel and app over the same database.
 */
let s3: TestS3Server;
let t: TestContext;
let kernelB: Kernel;
let appB: App;
let dbB: Db | undefined;
let bucket: ObjectStore;
let lister: S3Client;
let ws: TestWorkspace;

const DATA_DIR_A = `/tmp/kefu-test-node-a-${process.pid}`;
const DATA_DIR_B = `/tmp/kefu-test-node-b-${process.pid}`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096)]);
/** Headers the download endpoint sets so a file cannot run as a page of Kefu's origin. */
const SAFETY_HEADERS = ['content-type', 'content-length', 'x-content-type-options', 'content-security-policy', 'content-disposition', 'cache-control'];

beforeAll(async () => {
  s3 = await startTestS3Server();
  t = await createTestContext({ env: { ...s3.env, DATA_DIR: DATA_DIR_A } });
  const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: DATA_DIR_B, ...s3.env });
  dbB = t.testDb.url ? await openDb({ databaseUrl: t.testDb.url, poolSize: 4 }) : undefined;
  kernelB = await createKernel({ config, clock: t.clock, db: dbB ?? t.testDb.db, logger: silentLogger, runWorkers: false });
  appB = await buildApp(kernelB);
  await appB.ready();
  bucket = createS3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  lister = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  ws = await t.createWorkspace();
});

afterAll(async () => {
  await appB?.close();
  await kernelB?.close();
  await dbB?.close();
  await t?.close();
  await bucket?.close();
  lister?.destroy();
  await s3?.close();
});

const nodeA = (user: TestUser, method: string, url: string, body?: unknown) => t.request(user, method, url, body);
const nodeB = (user: TestUser, method: string, url: string, body?: unknown) =>
  appB.inject({ method: method as 'GET', url, headers: { cookie: user.cookie }, ...(body === undefined ? {} : { payload: body as object }) });

async function uploadOnA(user: TestUser, parts: MultipartPart[], url = '/api/v1/attachments') {
  const form = multipart(parts);
  return t.app.inject({ method: 'POST', url, headers: { cookie: user.cookie, ...form.headers }, payload: form.payload });
}

/** The keys of the workspace's objects in the bucket, read with a client of the test's own. */
async function objectsOf(workspaceId: string): Promise<string[]> {
  const listed = await lister.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${workspaceId}/` }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

const pick = (headers: Record<string, unknown>) => Object.fromEntries(SAFETY_HEADERS.map((name) => [name, headers[name]]));

describe('attachments shared by two Kefu nodes through the S3 driver', () => {
  it('runs both nodes on the s3 store and neither writes attachments to its own disk', () => {
    expect(t.kernel.attachmentStore.kind).toBe('s3');
    expect(kernelB.attachmentStore.kind).toBe('s3');
    expect(t.kernel.db.kind).toBe(kernelB.db.kind);
    // On a server each node has its own pool; on PGlite they share the one embedded database.
    expect(kernelB.db !== t.kernel.db).toBe(t.kernel.db.kind === 'postgres');
  });

  it('serves on node B, byte for byte and with the same safety headers, a file uploaded through node A', async () => {
    const uploaded = await uploadOnA(ws.admin, [{ name: 'file', filename: '发票 photo.jpg', type: 'image/jpeg', data: PNG }]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { id } = uploaded.json();
    expect(await objectsOf(ws.id)).toEqual([`${ws.id}/${id}`]);

    const fromB = await nodeB(ws.admin, 'GET', `/api/v1/attachments/${id}`);
    expect(fromB.statusCode).toBe(200);
    expect(fromB.rawPayload.equals(PNG)).toBe(true);
    expect(fromB.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, max-age=300',
    });
    expect(fromB.headers['content-disposition']).toMatch(/^inline; /);
    const fromA = await nodeA(ws.admin, 'GET', `/api/v1/attachments/${id}`);
    expect(pick(fromB.headers)).toEqual(pick(fromA.headers));
    expect(existsSync(`${DATA_DIR_A}/attachments`)).toBe(false);
    expect(existsSync(`${DATA_DIR_B}/attachments`)).toBe(false);
  });

  it('keeps a large binary whole and serves a disguised page as a download only', async () => {
    const big = randomBytes(3 * 1_048_576 + 5);
    const binary = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'dump.bin', type: 'application/octet-stream', data: big }])).json();
    const served = await nodeB(ws.admin, 'GET', `/api/v1/attachments/${binary.id}`);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(big)).toBe(true);

    const page = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'innocent.png', type: 'image/png', data: Buffer.from('<html><script>document.cookie</script></html>') }])).json();
    const disguised = await nodeB(ws.admin, 'GET', `/api/v1/attachments/${page.id}`);
    expect(disguised.headers['content-type']).toBe('application/octet-stream');
    expect(disguised.headers['content-disposition']).toMatch(/^attachment; /);
    expect(disguised.headers['content-security-policy']).toMatch(/^sandbox/);
  });

  it('lets node B attach node A’s upload to a message and keeps each workspace to its own files', async () => {
    const agent = await ws.addUser('agent');
    const ticket = (await nodeA(ws.admin, 'POST', '/api/v1/tickets', { subject: 'Broken screen', description: 'See the photo', customer: { name: 'Li Lei', email: `li-${randomBytes(3).toString('hex')}@example.com` } })).json();
    const upload = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'screen.png', type: 'image/png', data: PNG }])).json();
    // Not attached yet: only its uploader (and admins) may read it, on either node.
    expect((await nodeB(agent, 'GET', `/api/v1/attachments/${upload.id}`)).statusCode).toBe(404);
    const message = await nodeB(ws.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'photo attached', attachmentIds: [upload.id] });
    expect(message.statusCode, message.body).toBe(201);
    const asAgent = await nodeA(agent, 'GET', `/api/v1/attachments/${upload.id}`);
    expect(asAgent.statusCode).toBe(200);
    expect(asAgent.rawPayload.equals(PNG)).toBe(true);

    const other = await t.createWorkspace();
    expect((await nodeB(other.admin, 'GET', `/api/v1/attachments/${upload.id}`)).statusCode).toBe(404);
  });

  it('removes the stored object again when a message with files fails', async () => {
    const ticket = (await nodeA(ws.admin, 'POST', '/api/v1/tickets', { subject: 'Files in a bad form', description: 'x', customer: { name: 'Han Meimei', email: `han-${randomBytes(3).toString('hex')}@example.com` } })).json();
    const before = await objectsOf(ws.id);
    const rejected = await uploadOnA(
      ws.admin,
      [
        { name: 'file', filename: 'x.png', type: 'image/png', data: PNG },
        { name: 'kind', value: 'memo' },
      ],
      `/api/v1/tickets/${ticket.id}/messages`,
    );
    expect(rejected.statusCode).toBe(400);
    // The file was stored before the bad field was read, then discarded: row and object.
    const discarded = await t.kernel.db.query(`SELECT details FROM audit_log WHERE workspace_id = $1 AND action = 'attachment.discarded'`, [ws.id]);
    expect(discarded).toEqual([{ details: { count: 1 } }]);
    expect(await objectsOf(ws.id)).toEqual(before);
  });

  it('purges orphan uploads on node B: rows and objects go, attached files stay', async () => {
    const ticket = (await nodeA(ws.admin, 'POST', '/api/v1/tickets', { subject: 'Keep my file', description: 'x', customer: { name: 'Wang Fang', email: `wang-${randomBytes(3).toString('hex')}@example.com` } })).json();
    const kept = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'kept.png', type: 'image/png', data: PNG }])).json();
    expect((await nodeA(ws.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'kept', attachmentIds: [kept.id] })).statusCode).toBe(201);
    const orphan = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'forgotten.png', type: 'image/png', data: PNG }])).json();
    // Short steps: a day would also outlive the sessions; the cutoff falls between the two uploads.
    t.clock.advanceMs(10 * 60_000);
    const fresh = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'just-now.png', type: 'image/png', data: PNG }])).json();
    expect(await bucket.exists(`${ws.id}/${orphan.id}`)).toBe(true);

    const purged = await kernelB.services.tickets.purgeOrphanAttachments(ws.id, { uploadedBefore: new Date(t.clock.now().getTime() - 5 * 60_000) });
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await bucket.exists(`${ws.id}/${orphan.id}`)).toBe(false);
    expect((await nodeA(ws.admin, 'GET', `/api/v1/attachments/${orphan.id}`)).statusCode).toBe(404);
    expect(await bucket.exists(`${ws.id}/${kept.id}`)).toBe(true);
    expect(await bucket.exists(`${ws.id}/${fresh.id}`)).toBe(true);
    expect((await nodeB(ws.admin, 'GET', `/api/v1/attachments/${kept.id}`)).rawPayload.equals(PNG)).toBe(true);
    const audit = await t.kernel.db.query(`SELECT details FROM audit_log WHERE workspace_id = $1 AND action = 'attachment.purged'`, [ws.id]);
    expect(audit).toEqual([{ details: { count: purged, uploadedBefore: expect.any(String) } }]);
  });

  it('answers 404, not a broken stream, when the bytes of a row are gone from the bucket', async () => {
    const upload = (await uploadOnA(ws.admin, [{ name: 'file', filename: 'gone.png', type: 'image/png', data: PNG }])).json();
    await bucket.delete(`${ws.id}/${upload.id}`);
    const response = await nodeB(ws.admin, 'GET', `/api/v1/attachments/${upload.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
