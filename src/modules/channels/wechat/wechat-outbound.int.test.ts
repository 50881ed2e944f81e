import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { ChannelSendError } from '../channel-adapter.ts';
import { signedQuery, startFakeWechat, textMessageXml, type FakeWechat } from './fake-wechat.testing.ts';

const APP_ID = 'wxfedcba9876543210';
const APP_SECRET = 'anotherSecret0123456789abcdef';
const TOKEN = 'replyToken2026';

let t: TestContext;
let fake: FakeWechat;
let a: TestWorkspace;
let accountId: string;
let ticketId: string;

const reply = (text: string) => t.kernel.services.channels.wechat.sendReply({ workspaceId: a.id, ticketId, ticketMessageId: null, text });

beforeAll(async () => {
  fake = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
  t = await createTestContext({ start: '2026-05-05T02:00:00Z', env: { WECHAT_API_BASE_URL: fake.baseUrl } });
  a = await t.createWorkspace({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
  accountId = (await t.request(a.admin, 'POST', '/api/v1/wechat-accounts', { name: '售后', appId: APP_ID, appSecret: APP_SECRET, token: TOKEN })).json().id;
  const posted = await t.app.inject({ method: 'POST', url: `/hooks/wechat/${accountId}?${signedQuery(TOKEN, t.clock.now())}`, headers: { 'content-type': 'text/xml' }, payload: textMessageXml({ openId: 'o_li', content: '发票开错了', at: t.clock.now() }) });
  expect(posted.statusCode).toBe(200);
  await t.kernel.services.channels.processInbound();
  ticketId = ((await t.request(a.admin, 'GET', '/api/v1/tickets?view=all&channel=wechat')).json().items as { id: string }[])[0]!.id;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('replies through the customer-service message API', () => {
  it('sends the words to the follower and caches the access token for the next send', async () => {
    await reply('您好，我们会为您重开发票。');
    await reply('请留意短信通知。');
    expect(fake.sent.map((message) => [message.touser, message.msgtype, message.content])).toEqual([
      ['o_li', 'text', '您好，我们会为您重开发票。'],
      ['o_li', 'text', '请留意短信通知。'],
    ]);
    expect(fake.tokensIssued).toHaveLength(1);
  });

  it('fetches a new token before the cached one expires', async () => {
    t.clock.advanceMs(7_200_000 - 4 * 60_000);
    await reply('第三条');
    expect(fake.tokensIssued).toHaveLength(2);
    expect(fake.sent.at(-1)!.accessToken).toBe(fake.tokensIssued[1]);
  });

  it('refreshes the token and sends again when WeChat answers 40001', async () => {
    fake.revokeTokens();
    await reply('第四条');
    expect(fake.tokensIssued).toHaveLength(3);
    expect(fake.sent.at(-1)).toMatchObject({ content: '第四条', accessToken: fake.tokensIssued[2] });
  });

  it('retries temporary WeChat errors and gives up on permanent ones, keeping the last error for the admin screen', async () => {
    fake.failNextSend(-1, 'system busy');
    await expect(reply('x')).rejects.toMatchObject({ permanent: false });
    fake.failNextSend(43004, 'require subscribe');
    await expect(reply('x')).rejects.toMatchObject({ permanent: true });
    const account = (await t.request(a.admin, 'GET', `/api/v1/wechat-accounts/${accountId}`)).json();
    expect(account.lastError).toContain('43004');
    await reply('恢复了');
    expect((await t.request(a.admin, 'GET', `/api/v1/wechat-accounts/${accountId}`)).json().lastError).toBeNull();
  });

  it('shows the reply window on the ticket', async () => {
    const detail = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(detail.extensions.wechat).toMatchObject({ accountId, isSubscribed: true, isReplyWindowOpen: true, replyWindowEndsAt: '2026-05-07T02:00:00.000Z' });
  });

  it('refuses a reply 48 hours after the follower last wrote, with the reason in the workspace’s language, without calling WeChat', async () => {
    const sentBefore = fake.sent.length;
    t.clock.set(new Date('2026-05-07T02:00:01Z'));
    const error = await reply('太晚了').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).permanent).toBe(true);
    expect((error as Error).message).toMatch(/^未发送：微信只允许公众号在粉丝最后一条消息后的 48 小时内回复（回复窗口已于 2026年5月7日 10:00 关闭）/);
    expect(fake.sent).toHaveLength(sentBefore);
    // Two days on, the session has expired: the service shows what the ticket page would.
    const detail = await t.kernel.services.tickets.getTicket(a.admin.actor, ticketId);
    expect(detail.extensions.wechat).toMatchObject({ isReplyWindowOpen: false });
  });

  it('opens the window again when the follower writes', async () => {
    await t.app.inject({ method: 'POST', url: `/hooks/wechat/${accountId}?${signedQuery(TOKEN, t.clock.now())}`, headers: { 'content-type': 'text/xml' }, payload: textMessageXml({ openId: 'o_li', content: '还在吗？', at: t.clock.now() }) });
    await t.kernel.services.channels.processInbound();
    await reply('在的');
    expect(fake.sent.at(-1)!.content).toBe('在的');
  });
});
