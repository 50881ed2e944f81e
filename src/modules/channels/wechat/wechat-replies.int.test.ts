import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../../testing/test-app.ts';
import { signedQuery, startFakeWechat, textMessageXml, type FakeWechat } from './fake-wechat.testing.ts';

const APP_ID = 'wx0a1b2c3d4e5f6a7b';
const APP_SECRET = 'queueSecret0123456789abcdef';
const TOKEN = 'queueToken2026';

let t: TestContext;
let fake: FakeWechat;
let a: TestWorkspace;
let agent: TestUser;
let ticketId: string;

/** Everything that happens after an agent's reply commits: the event's delivery (queueing), then the queue's worker. */
const deliver = async () => {
  await t.kernel.dispatcher.drain();
  await t.kernel.services.channels.outbound.sendPending();
};
const messages = () => t.kernel.services.tickets.listMessages(a.admin.actor, ticketId).then((page) => page.items);

beforeAll(async () => {
  fake = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
  t = await createTestContext({ start: '2026-05-05T02:00:00Z', env: { WECHAT_API_BASE_URL: fake.baseUrl } });
  a = await t.createWorkspace({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
  agent = await a.addUser('agent');
  const accountId = (await t.request(a.admin, 'POST', '/api/v1/wechat-accounts', { name: '客服号', appId: APP_ID, appSecret: APP_SECRET, token: TOKEN })).json().id;
  await t.app.inject({ method: 'POST', url: `/hooks/wechat/${accountId}?${signedQuery(TOKEN, t.clock.now())}`, headers: { 'content-type': 'text/xml' }, payload: textMessageXml({ openId: 'o_wang', content: '快递丢了怎么办', at: t.clock.now() }) });
  await t.kernel.services.channels.processInbound();
  ticketId = ((await t.request(a.admin, 'GET', '/api/v1/tickets?view=all&channel=wechat')).json().items as { id: string }[])[0]!.id;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('an agent’s reply on a WeChat ticket, through the outbound queue', () => {
  it('leaves after commit as a customer-service message to the follower, and the message says it was sent', async () => {
    const response = await t.request(agent, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', body: '您好，我们马上为您补发。' });
    expect(response.statusCode).toBe(201);
    expect(fake.sent).toHaveLength(0);
    await deliver();
    expect(fake.sent.map((message) => [message.touser, message.content])).toEqual([['o_wang', '您好，我们马上为您补发。']]);
    expect((await messages()).at(-1)).toMatchObject({ body: '您好，我们马上为您补发。', deliveryStatus: 'sent' });
  });

  it('sends internal notes nowhere and a redelivered event once', async () => {
    await t.request(agent, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'note', body: '内部备注' });
    await deliver();
    await deliver();
    expect(fake.sent).toHaveLength(1);
  });

  it('refuses a reply outside the 48-hour window: the message shows why, in the workspace’s language, and the timeline says it failed', async () => {
    t.clock.set(new Date('2026-05-08T00:00:00Z'));
    const { message } = await t.kernel.services.tickets.addMessage(agent.actor, ticketId, { kind: 'reply', body: '还需要帮助吗？' });
    await deliver();
    expect(fake.sent).toHaveLength(1);
    const failed = (await messages()).find((entry) => entry.id === message.id)!;
    expect(failed.deliveryStatus).toBe('failed');
    expect(failed.deliveryError).toMatch(/^未发送：微信只允许公众号在粉丝最后一条消息后的 48 小时内回复/);
    const timeline = await t.kernel.services.tickets.listTimeline(a.admin.actor, ticketId);
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'delivery_failed', messageId: message.id, details: expect.objectContaining({ channel: 'wechat', permanent: true }) });
  });
});
