import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { encryptWechatMessage } from './wechat-crypto.ts';
import { wechatSignature } from './wechat-signature.ts';
import { buildWechatXml } from './wechat-xml.ts';
import { signedQuery, startFakeWechat, textMessageXml, type FakeWechat } from './fake-wechat.testing.ts';

const APP_ID = 'wx1234567890abcdef';
const APP_SECRET = 'secret0123456789abcdef0123456789';
const TOKEN = 'kefuToken2026';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

let t: TestContext;
let fake: FakeWechat;
let a: TestWorkspace;
let b: TestWorkspace;
let accountId: string;

const post = (id: string, query: string, xml: string | Buffer, contentType = 'text/xml') =>
  t.app.inject({ method: 'POST', url: `/hooks/wechat/${id}?${query}`, headers: { 'content-type': contentType }, payload: xml });
const postText = (openId: string, content: string, msgId?: string) => post(accountId, signedQuery(TOKEN, t.clock.now()), textMessageXml({ openId, content, at: t.clock.now(), msgId }));
const inboundCount = async (workspaceId: string) => (await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM channel_inbound WHERE workspace_id = $1`, [workspaceId]))[0]!.n;
const process = () => t.kernel.services.channels.processInbound();
const ticketsOf = async (ws: TestWorkspace) => (await t.request(ws.admin, 'GET', '/api/v1/tickets?view=all&channel=wechat')).json().items as { id: string; subject: string; customerId: string; channel: string }[];
const messagesOf = async (ws: TestWorkspace, ticketId: string) =>
  (await t.request(ws.admin, 'GET', `/api/v1/tickets/${ticketId}/messages`)).json().items as { body: string; kind: string; authorType: string; attachments: { filename: string; contentType: string; url: string; sizeBytes: number }[] }[];

beforeAll(async () => {
  fake = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
  t = await createTestContext({ start: '2026-05-05T02:00:00Z', env: { WECHAT_API_BASE_URL: fake.baseUrl } });
  a = await t.createWorkspace({ locale: 'zh-CN' });
  b = await t.createWorkspace();
  const created = await t.request(a.admin, 'POST', '/api/v1/wechat-accounts', { name: '客服号', appId: APP_ID, appSecret: APP_SECRET, token: TOKEN });
  expect(created.statusCode, created.body).toBe(201);
  accountId = created.json().id;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('WeChat server URL and signatures', () => {
  it('echoes echostr when the signature over token, timestamp and nonce holds, and refuses it otherwise', async () => {
    const good = await t.app.inject({ method: 'GET', url: `/hooks/wechat/${accountId}?${signedQuery(TOKEN, t.clock.now(), { echostr: 'echo-7731' })}` });
    expect(good.statusCode).toBe(200);
    expect(good.body).toBe('echo-7731');
    const bad = await t.app.inject({ method: 'GET', url: `/hooks/wechat/${accountId}?${signedQuery('otherToken', t.clock.now(), { echostr: 'echo-7731' })}` });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).not.toContain('echo-7731');
    expect((await t.app.inject({ method: 'GET', url: `/hooks/wechat/${crypto.randomUUID()}?${signedQuery(TOKEN, t.clock.now(), { echostr: 'x' })}` })).statusCode).toBe(404);
  });

  it('answers 401 to a message with a wrong or missing signature and stores nothing', async () => {
    const before = await inboundCount(a.id);
    const xml = textMessageXml({ openId: 'o_forged', content: 'forged', at: t.clock.now() });
    expect((await post(accountId, signedQuery('wrongToken', t.clock.now()), xml)).statusCode).toBe(401);
    expect((await post(accountId, 'timestamp=1&nonce=2', xml)).statusCode).toBe(401);
    const tampered = new URLSearchParams(signedQuery(TOKEN, t.clock.now()));
    tampered.set('nonce', 'changed');
    expect((await post(accountId, tampered.toString(), xml)).statusCode).toBe(401);
    expect(await inboundCount(a.id)).toBe(before);
  });
});

describe('inbound WeChat messages', () => {
  let ticketId = '';

  it('turns a text message (Chinese and emoji in CDATA) into a WeChat ticket for the customer found by OpenID', async () => {
    const response = await postText('o_zhang', '你好，我的订单 A123 还没到 😟👍🏽', 'm-1001');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('success');
    expect(await process()).toBe(1);
    const [ticket] = await ticketsOf(a);
    expect(ticket).toMatchObject({ channel: 'wechat', subject: '你好，我的订单 A123 还没到 😟👍🏽' });
    ticketId = ticket!.id;
    const customer = (await t.request(a.admin, 'GET', `/api/v1/customers/${ticket!.customerId}`)).json();
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'wechat_openid', value: 'o_zhang' })]));
    expect(customer.name).toBe('微信用户 _zhang');
    const [message] = await messagesOf(a, ticketId);
    expect(message).toMatchObject({ body: '你好，我的订单 A123 还没到 😟👍🏽', authorType: 'customer' });
  });

  it('stores a message WeChat retries (same MsgId) once, and files the next one on the same ticket', async () => {
    const retried = await postText('o_zhang', '你好，我的订单 A123 还没到 😟👍🏽', 'm-1001');
    expect(retried.statusCode).toBe(200);
    expect(await process()).toBe(0);
    const [row] = await t.kernel.db.query<{ duplicates: number }>(`SELECT duplicates FROM channel_inbound WHERE workspace_id = $1 AND dedupe_key = 'msg:m-1001'`, [a.id]);
    expect(row!.duplicates).toBe(1);
    t.clock.advanceMs(60_000);
    await postText('o_zhang', '能帮我查一下吗？', 'm-1002');
    await process();
    expect(await ticketsOf(a)).toHaveLength(1);
    expect((await messagesOf(a, ticketId)).map((message) => message.body)).toEqual(['你好，我的订单 A123 还没到 😟👍🏽', '能帮我查一下吗？']);
  });

  it('fetches an image through the media API and keeps it as an attachment of the message', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    fake.addMedia('MEDIA_IMG_1', { data: png, contentType: 'image/png', filename: 'photo.png' });
    const xml = buildWechatXml({ ToUserName: 'gh_account', FromUserName: 'o_zhang', CreateTime: Math.floor(t.clock.now().getTime() / 1000), MsgType: 'image', PicUrl: 'http://mmbiz.example/pic', MediaId: 'MEDIA_IMG_1', MsgId: 'm-1003' });
    expect((await post(accountId, signedQuery(TOKEN, t.clock.now()), xml)).statusCode).toBe(200);
    await process();
    const last = (await messagesOf(a, ticketId)).at(-1)!;
    expect(last.body).toBe('[图片]');
    expect(last.attachments).toEqual([expect.objectContaining({ filename: 'photo.png', contentType: 'image/png', sizeBytes: png.length })]);
    const download = await t.request(a.admin, 'GET', last.attachments[0]!.url);
    expect(download.rawPayload.equals(png)).toBe(true);
  });

  it('keeps a voice message as an attachment with its recognised text', async () => {
    fake.addMedia('MEDIA_VOICE_1', { data: Buffer.from('#!AMR\n' + 'x'.repeat(40)), contentType: 'audio/amr', filename: 'voice.amr' });
    const xml = buildWechatXml({ ToUserName: 'gh_account', FromUserName: 'o_zhang', CreateTime: Math.floor(t.clock.now().getTime() / 1000), MsgType: 'voice', MediaId: 'MEDIA_VOICE_1', Format: 'amr', Recognition: '我要退货', MsgId: 'm-1004' });
    await post(accountId, signedQuery(TOKEN, t.clock.now()), xml);
    await process();
    const last = (await messagesOf(a, ticketId)).at(-1)!;
    expect(last.body).toBe('[语音] 我要退货');
    expect(last.attachments.map((file) => file.filename)).toEqual(['voice.amr']);
  });

  it('notes follows on an open conversation only, and a menu click is the customer asking', async () => {
    const event = (openId: string, name: string, key = '') =>
      buildWechatXml({ ToUserName: 'gh_account', FromUserName: openId, CreateTime: Math.floor(t.clock.now().getTime() / 1000), MsgType: 'event', Event: name, ...(key ? { EventKey: key } : {}) });
    t.clock.advanceMs(1_000);
    await post(accountId, signedQuery(TOKEN, t.clock.now()), event('o_new_follower', 'subscribe'));
    await process();
    expect(await ticketsOf(a)).toHaveLength(1);
    const [follower] = await t.kernel.db.query<{ is_subscribed: boolean }>(`SELECT is_subscribed FROM wechat_followers WHERE workspace_id = $1 AND open_id = 'o_new_follower'`, [a.id]);
    expect(follower!.is_subscribed).toBe(true);

    t.clock.advanceMs(1_000);
    await post(accountId, signedQuery(TOKEN, t.clock.now()), event('o_new_follower', 'CLICK', 'CONTACT_US'));
    await process();
    const tickets = await ticketsOf(a);
    expect(tickets).toHaveLength(2);
    const clicked = tickets.find((ticket) => ticket.id !== ticketId)!;
    expect((await messagesOf(a, clicked.id))[0]!.body).toBe('点击了菜单“CONTACT_US”。');

    t.clock.advanceMs(1_000);
    await post(accountId, signedQuery(TOKEN, t.clock.now()), event('o_new_follower', 'unsubscribe'));
    await process();
    const notes = (await messagesOf(a, clicked.id)).filter((message) => message.kind === 'note');
    expect(notes.map((note) => note.body)).toEqual(['客户取消关注了公众号。']);
    const [after] = await t.kernel.db.query<{ is_subscribed: boolean }>(`SELECT is_subscribed FROM wechat_followers WHERE workspace_id = $1 AND open_id = 'o_new_follower'`, [a.id]);
    expect(after!.is_subscribed).toBe(false);
  });
});

describe('XML edge cases', () => {
  it.each([
    ['not XML', '{"MsgType":"text"}'],
    ['an unclosed element', '<xml><ToUserName><![CDATA[gh]]></ToUserName><Content><![CDATA[hi]]></xml>'],
    ['a DOCTYPE with an entity', '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>'],
    ['a message without a sender', buildWechatXml({ ToUserName: 'gh', CreateTime: 1, MsgType: 'text', Content: 'x', MsgId: '1' })],
    ['NUL inside CDATA', textMessageXml({ openId: 'o_x', content: 'a\u0000b', at: new Date() })],
  ])('refuses %s with a 400 naming the field, storing nothing', async (_name, xml) => {
    const before = await inboundCount(a.id);
    const response = await post(accountId, signedQuery(TOKEN, t.clock.now()), xml);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.length).toBeGreaterThan(0);
    expect(await inboundCount(a.id)).toBe(before);
  });

  it('refuses bytes that are not UTF-8 (400) and a body over 64 KiB (413)', async () => {
    const before = await inboundCount(a.id);
    const bad = Buffer.concat([Buffer.from('<xml><Content><![CDATA['), Buffer.from([0xc3, 0x28]), Buffer.from(']]></Content></xml>')]);
    expect((await post(accountId, signedQuery(TOKEN, t.clock.now()), bad)).statusCode).toBe(400);
    const huge = textMessageXml({ openId: 'o_big', content: '大'.repeat(40_000), at: t.clock.now() });
    expect((await post(accountId, signedQuery(TOKEN, t.clock.now()), huge)).statusCode).toBe(413);
    expect(await inboundCount(a.id)).toBe(before);
  });
});

describe('safe mode', () => {
  it('decrypts a message signed with msg_signature, and refuses a wrong one', async () => {
    const account = await t.request(a.admin, 'PATCH', `/api/v1/wechat-accounts/${accountId}`, { encodingAesKey: AES_KEY });
    expect(account.json().safeMode).toBe(true);
    const inner = textMessageXml({ openId: 'o_secure', content: '加密消息 🔒', at: t.clock.now(), msgId: 'm-aes-1' });
    const encrypted = encryptWechatMessage(AES_KEY, APP_ID, inner);
    const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
    const query = (signature: string) => new URLSearchParams({ signature: wechatSignature([TOKEN, timestamp, 'n1']), timestamp, nonce: 'n1', encrypt_type: 'aes', msg_signature: signature }).toString();
    const body = buildWechatXml({ ToUserName: 'gh_account', Encrypt: encrypted });
    expect((await post(accountId, query(wechatSignature([TOKEN, timestamp, 'n1', 'other'])), body)).statusCode).toBe(401);
    expect((await post(accountId, query(wechatSignature([TOKEN, timestamp, 'n1', encrypted])), body)).statusCode).toBe(200);
    await process();
    const secure = (await ticketsOf(a)).find((ticket) => ticket.subject === '加密消息 🔒');
    expect(secure).toBeDefined();
    await t.request(a.admin, 'PATCH', `/api/v1/wechat-accounts/${accountId}`, { encodingAesKey: null });
  });
});

describe('tenancy', () => {
  it('keeps one workspace from reading, changing or removing another workspace’s account', async () => {
    expect((await t.request(b.admin, 'GET', `/api/v1/wechat-accounts/${accountId}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', `/api/v1/wechat-accounts/${accountId}`, { name: 'taken over' })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'DELETE', `/api/v1/wechat-accounts/${accountId}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'GET', '/api/v1/wechat-accounts')).json().items).toEqual([]);
    expect(await ticketsOf(b)).toEqual([]);
    const mine = (await t.request(a.admin, 'GET', `/api/v1/wechat-accounts/${accountId}`)).json();
    expect(mine.name).toBe('客服号');
    expect(mine).not.toHaveProperty('appSecret');
    expect(mine).not.toHaveProperty('token');
    expect(mine.lastMessageAt).not.toBeNull();
  });

  it('lets only admins connect an account', async () => {
    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'POST', '/api/v1/wechat-accounts', { name: 'x', appId: 'wx99999999', appSecret: APP_SECRET })).statusCode).toBe(403);
  });
});
