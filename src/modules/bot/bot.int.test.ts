/** The bot through its widget API: answers from articles, hands off, "转人工", lookups over HTTP, learning, business hours, providers, tenancy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { publishArticle, type MadeArticle } from '../../testing/kb-articles.ts';
import { startFakeOpenAi, startFakeOrderSystem, type FakeServer } from './bot.testing.ts';

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;
let supervisor: TestUser;
let slug: string;
let orders: FakeServer;
let returns: MadeArticle;
let boot: MadeArticle;

beforeAll(async () => {
  // A Monday, 10:00 in Shanghai.
  t = await createTestContext({ start: '2026-03-02T02:00:00Z' });
  a = await t.createWorkspace({ locale: 'zh-CN' });
  agent = await a.addUser('agent');
  supervisor = await a.addUser('supervisor');
  slug = (await t.kernel.services.workspaces.getWorkspace(a.id)).slug;
  returns = await publishArticle(t, agent, supervisor, { title: '退货流程', summary: '7天内可申请退货。', bodyHtml: '<p>在订单页点击“申请退货”，填写原因后寄回商品。</p>', tags: ['退货'] });
  boot = await publishArticle(t, agent, supervisor, { title: '手机无法开机', bodyHtml: '<p>长按电源键10秒强制重启。</p>', tags: ['开机'] });
  orders = await startFakeOrderSystem({ SO20260301: { status: '运输中', delivery: { eta: '3月5日' } } });
});
afterAll(async () => {
  await orders?.close();
  await t?.close();
});

async function converse(workspaceSlug = slug, body: Record<string, unknown> = {}) {
  const started = await t.request(undefined, 'POST', `/api/widget/bot/${workspaceSlug}/conversations`, { locale: 'zh-CN', ...body });
  expect(started.statusCode, started.body).toBe(201);
  const { id, token } = started.json() as { id: string; token: string };
  return {
    id,
    token,
    greeting: started.json().greeting as string,
    async say(text: string) {
      const response = await t.request(undefined, 'POST', `/api/widget/bot/${workspaceSlug}/conversations/${id}/messages`, { token, text });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    },
    async rate(turnId: string, helpful: boolean) {
      return t.request(undefined, 'POST', `/api/widget/bot/${workspaceSlug}/conversations/${id}/turns/${turnId}/feedback`, { token, helpful });
    },
  };
}

const ticketOf = async (number: string) => (await t.kernel.services.tickets.getTicketByNumber(a.admin.actor, number));

describe('the bot through the widget API', () => {
  it('answers a known question with the article', async () => {
    const chat = await converse();
    expect(chat.greeting).toContain('转人工');
    const turn = await chat.say('我想申请退货');
    expect(turn).toMatchObject({ outcome: 'answered', articleId: returns.id, ticketNumber: null });
    expect(turn.answer).toContain('7天内可申请退货。');
    expect(turn.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each(['开不了机', '手機開不了機了怎麼辦'])('answers "%s" with the article on 无法开机 (synonyms, traditional characters)', async (question) => {
    const turn = await (await converse()).say(question);
    expect(turn).toMatchObject({ outcome: 'answered', articleId: boot.id });
  });

  it('hands an unknown question to a person with the conversation and its guess', async () => {
    const chat = await converse(slug, { name: '小明', email: 'xiaoming@example.com' });
    const turn = await chat.say('你们的发票抬头可以改成公司名称吗');
    expect(turn.outcome).toBe('handoff');
    expect(turn.ticketNumber).toMatch(/^CS/);
    expect(turn.answer).toContain(turn.ticketNumber);
    const ticket = await ticketOf(turn.ticketNumber);
    expect(ticket).toMatchObject({ channel: 'chat', tags: ['bot-handoff'], customer: { name: '小明' } });
    expect(ticket.description).toBe('客户: 你们的发票抬头可以改成公司名称吗');
    const notes = (await t.kernel.services.tickets.listMessages(a.admin.actor, ticket.id, { kind: 'note' })).items;
    expect(notes[0]!.body).toContain('机器人把握不足');
  });

  it('"转人工" always hands off, even after an answer the bot was sure of', async () => {
    const chat = await converse();
    const answered = await chat.say('申请退货');
    expect(answered.outcome).toBe('answered');
    const turn = await chat.say('转人工');
    expect(turn.outcome).toBe('handoff');
    const ticket = await ticketOf(turn.ticketNumber);
    expect(ticket.description).toBe(`客户: 申请退货\n机器人: ${answered.answer}\n客户: 转人工`);
    // Asking again keeps the one ticket.
    expect((await chat.say('人呢？转人工')).ticketNumber).toBe(turn.ticketNumber);
    const english = await converse(slug, { locale: 'en' });
    expect((await english.say('Let me talk to an agent')).outcome).toBe('handoff');
  });

  it('looks an order up in the company system over HTTP, asking for the number when it is missing', async () => {
    const created = await t.request(a.admin, 'POST', '/api/v1/bot/intents', {
      name: '订单查询',
      examples: ['我的订单到哪了', '查一下订单状态', '快递到哪了', 'where is my order'],
      action: 'lookup',
      lookup: { url: `${orders.url}/orders/{order}`, headers: { 'x-api-key': 'secret-key' }, answerEn: 'Order {order}: {status}, arriving {delivery.eta}', answerZh: '订单 {order}：{status}，预计 {delivery.eta} 送达', askZh: '请提供订单号' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const chat = await converse();
    expect(await chat.say('我的订单 SO20260301 到哪了')).toMatchObject({ outcome: 'lookup', answer: '订单 SO20260301：运输中，预计 3月5日 送达' });
    expect(orders.requests.at(-1)).toMatchObject({ method: 'GET', url: '/orders/SO20260301' });
    expect(orders.requests.at(-1)!.headers['x-api-key']).toBe('secret-key');

    const asking = await converse();
    expect((await asking.say('快递到哪了')).answer).toBe('请提供订单号');
    expect((await asking.say('SO20260301')).answer).toBe('订单 SO20260301：运输中，预计 3月5日 送达');
    const unknown = await converse();
    await unknown.say('查一下订单状态');
    expect((await unknown.say('SO99999999')).answer).toBe('没有查到 SO99999999，请核对号码，或输入“转人工”联系人工客服。');
  });

  it('learns from feedback and from an agent’s correction, and reports deflection, hand-offs and accuracy', async () => {
    const first = await converse();
    const answered = await first.say('申请退货');
    expect((await first.rate(answered.id, true)).statusCode).toBe(200);
    const second = await converse();
    const again = await second.say('申请退货');
    await second.rate(again.id, false);

    // An agent tells the bot that "屏幕黑了" is about the boot article.
    const lost = await converse();
    const handedOff = await lost.say('屏幕黑了没反应');
    expect(handedOff.outcome).toBe('handoff');
    const ticket = await ticketOf(handedOff.ticketNumber);
    const corrected = await t.request(agent, 'POST', '/api/v1/bot/corrections', { ticketId: ticket.id, articleId: boot.id });
    expect(corrected.json()).toEqual({ learned: 1 });
    const next = await converse();
    expect(await next.say('屏幕黑了没反应')).toMatchObject({ outcome: 'answered', articleId: boot.id });

    const metrics = (await t.request(supervisor, 'GET', '/api/v1/bot/metrics')).json();
    expect(metrics.helpful).toBe(1);
    expect(metrics.notHelpful).toBe(1);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.conversations).toBeGreaterThan(5);
    expect(metrics.deflectionRate).toBeGreaterThan(0);
    expect(metrics.handoffRate).toBeGreaterThan(0);
  });

  it('tells the customer when people are back outside business hours', async () => {
    const calendar = await t.request(a.admin, 'POST', '/api/v1/business-calendars', { name: '客服时间', timezone: 'Asia/Shanghai', weekly: { mon: [{ start: '09:00', end: '18:00' }] } });
    await t.request(a.admin, 'PATCH', '/api/v1/bot/settings', { calendarId: calendar.json().id });
    t.clock.set('2026-03-02T12:00:00Z'); // Monday 20:00 in Shanghai
    const chat = await converse();
    const turn = await chat.say('转人工');
    expect(turn.answer).toContain('人工客服当前不在线');
    expect(turn.answer).toContain(turn.ticketNumber);
    t.clock.set('2026-03-02T02:00:00Z');
    await t.request(a.admin, 'PATCH', '/api/v1/bot/settings', { calendarId: null });
  });

  it('drafts answers and re-ranks with an OpenAI-compatible provider, falling back when it fails', async () => {
    const provider = await startFakeOpenAi();
    try {
      const saved = await t.request(a.admin, 'PATCH', '/api/v1/bot/settings', { providerUrl: `${provider.url}/v1`, providerKey: 'sk-test', useEmbeddings: true, useDrafts: true });
      expect(saved.json()).toMatchObject({ providerKey: '••••••••', useDrafts: true });
      const chat = await converse();
      expect(await chat.say('申请退货')).toMatchObject({ outcome: 'answered', articleId: returns.id, answer: 'DRAFT: 退货流程' });
      expect(provider.requests.map((r) => r.url)).toEqual(expect.arrayContaining(['/v1/embeddings', '/v1/chat/completions']));
      expect(provider.requests[0]!.headers.authorization).toBe('Bearer sk-test');
      // The hidden key sent back keeps the stored one.
      await t.request(a.admin, 'PATCH', '/api/v1/bot/settings', { providerKey: '••••••••' });
      await chat.say('申请退货');
      expect(provider.requests.at(-1)!.headers.authorization).toBe('Bearer sk-test');
    } finally {
      await provider.close();
    }
    // The provider is gone: the offline engine answers.
    const chat = await converse();
    expect((await chat.say('申请退货')).answer).toContain('7天内可申请退货。');
    await t.request(a.admin, 'PATCH', '/api/v1/bot/settings', { providerUrl: null });
  });

  it('keeps workspaces apart', async () => {
    const b = await t.createWorkspace();
    const slugB = (await t.kernel.services.workspaces.getWorkspace(b.id)).slug;
    const chat = await converse();
    const other = await t.request(undefined, 'POST', `/api/widget/bot/${slugB}/conversations/${chat.id}/messages`, { token: chat.token, text: '申请退货' });
    expect(other.statusCode).toBe(404);
    const wrongToken = await t.request(undefined, 'POST', `/api/widget/bot/${slug}/conversations/${chat.id}/messages`, { token: 'kfb_not-the-token', text: '申请退货' });
    expect(wrongToken.statusCode).toBe(404);
    // B's bot knows nothing of A's articles.
    const strangerChat = await converse(slugB);
    expect((await strangerChat.say('申请退货')).outcome).toBe('handoff');
    expect((await t.request(b.admin, 'GET', '/api/v1/bot/intents')).json().items).toEqual([]);
    expect((await t.request(agent, 'GET', '/api/v1/bot/intents')).statusCode).toBe(403);
  });
});
