/**
 * The bot in the portal: a new request is answered from published articles first; "yes" settles it without a ticket
 * (a deflection), "no" or "转人工" opens the ticket as before with the bot's guess as a note; web-form visitors too.
 * The bot's metrics count these portal answers and live-chat turns beside the widget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../testing/test-app.ts';
import { publishArticle, type MadeArticle } from '../../testing/kb-articles.ts';
import { startRelay, type Relay } from '../../testing/smtp-relay.ts';
import { createPortalWorkspace, portalRequest, signInByLink, type PortalWorkspace } from './portal.testing.ts';

let t: TestContext;
let relay: Relay;
let a: PortalWorkspace;
let b: PortalWorkspace;
let agent: TestUser;
let supervisor: TestUser;
let alice: string;
let returns: MadeArticle;
const zh = { 'accept-language': 'zh-CN' };

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  relay = await startRelay();
  a = await createPortalWorkspace(t, relay, { locale: 'zh-CN' });
  b = await createPortalWorkspace(t, relay, { locale: 'zh-CN' });
  agent = await a.addUser('agent');
  supervisor = await a.addUser('supervisor');
  returns = await publishArticle(t, agent, supervisor, { title: '退货流程', summary: '7天内可申请退货。', bodyHtml: '<p>在订单页点击“申请退货”，填写原因后寄回商品。</p>', tags: ['退货'] });
  await publishArticle(t, agent, supervisor, { title: '手机无法开机', bodyHtml: '<p>长按电源键10秒强制重启。</p>', tags: ['开机'] });
  alice = await signInByLink(t, relay, a.slug, 'alice@customer.example.cn');
});
afterAll(async () => {
  await relay?.close();
  await t?.close();
});

async function ask(subject: string, message: string, options: { cookie?: string; slug?: string; ip?: string } = {}) {
  const response = await portalRequest(t, 'POST', `/api/portal/${options.slug ?? a.slug}/assistant`, { cookie: options.cookie, body: { subject, message }, headers: { ...zh, 'x-forwarded-for': options.ip ?? '203.0.113.7' } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().answer as { conversationId: string; token: string; turnId: string; outcome: string; answer: string; article: { id: string; title: string } | null; suggestions: { title: string }[] };
}

const metrics = async () => (await t.request(a.admin, 'GET', '/api/v1/bot/metrics')).json();
const myTickets = async () => (await portalRequest(t, 'GET', `/api/portal/${a.slug}/tickets`, { cookie: alice })).json().items as { id: string }[];
const notesOf = async (ticketId: string) =>
  ((await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/messages`)).json().items as { kind: string; authorType: string; body: string }[]).filter((message) => message.kind === 'note');

describe('the bot answers a new portal request first', () => {
  it('answers from the article; "yes" settles it without a ticket and counts as deflection and a helpful answer', async () => {
    const before = await metrics();
    const ticketsBefore = (await myTickets()).length;
    const answer = await ask('退货', '我想申请退货', { cookie: alice });
    expect(answer).toMatchObject({ outcome: 'answered', article: { id: returns.id, title: '退货流程' } });
    expect(answer.answer).toContain('7天内可申请退货。');
    const yes = await portalRequest(t, 'POST', `/api/portal/${a.slug}/assistant/${answer.conversationId}/feedback`, { body: { token: answer.token, turnId: answer.turnId, helpful: true } });
    expect(yes.statusCode, yes.body).toBe(204);
    expect((await myTickets()).length).toBe(ticketsBefore);
    const after = await metrics();
    expect(after.byChannel.portal.conversations - before.byChannel.portal.conversations).toBe(1);
    expect(after.byChannel.portal.deflected - before.byChannel.portal.deflected).toBe(1);
    expect(after.helpful - before.helpful).toBe(1);
    expect(after.deflected - before.deflected).toBe(1);
  });

  it('"no" opens the ticket as before, with the bot’s guess for the agent and a not-helpful answer counted', async () => {
    const before = await metrics();
    const answer = await ask('退货', '我想申请退货', { cookie: alice });
    expect(answer.outcome).toBe('answered');
    const created = await portalRequest(t, 'POST', `/api/portal/${a.slug}/tickets`, {
      cookie: alice, headers: zh, body: { subject: '退货', message: '我想申请退货', assistantConversation: { id: answer.conversationId, token: answer.token } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json() as { id: string; messages: { authorType: string; body: string }[] };
    // The customer sees their own message only: the note is the agents'.
    expect(ticket.messages.map((message) => message.body)).toEqual(['我想申请退货']);
    const [note] = await notesOf(ticket.id);
    expect(note).toMatchObject({ authorType: 'bot' });
    expect(note!.body).toContain('客户表示机器人的回答没有解决问题');
    expect(note!.body).toContain('《退货流程》');
    const after = await metrics();
    expect(after.byChannel.portal.handedOff - before.byChannel.portal.handedOff).toBe(1);
    expect(after.notHelpful - before.notHelpful).toBe(1);
    // The same conversation cannot hand off twice: a second ticket naming it gets no second note.
    const again = await portalRequest(t, 'POST', `/api/portal/${a.slug}/tickets`, { cookie: alice, body: { subject: '又一个', message: '还是退货', assistantConversation: { id: answer.conversationId, token: answer.token } } });
    expect(again.statusCode).toBe(201);
    expect(await notesOf(again.json().id)).toEqual([]);
  });

  it('"转人工" goes straight to the form, and the note says the customer asked for a person', async () => {
    const answer = await ask('转人工', '我要转人工', { cookie: alice });
    expect(answer.outcome).toBe('handoff');
    expect(answer.answer).toBe('');
    const created = await portalRequest(t, 'POST', `/api/portal/${a.slug}/tickets`, { cookie: alice, body: { subject: '转人工', message: '我要转人工', assistantConversation: { id: answer.conversationId, token: answer.token } } });
    expect(created.statusCode).toBe(201);
    const [note] = await notesOf(created.json().id);
    expect(note!.body).toContain('客户要求转人工');
  });

  it('below the threshold offers no answer to confirm: articles to read or the form', async () => {
    const answer = await ask('发票', '公司抬头的增值税专用发票开错了，怎么重开？', { cookie: alice });
    expect(['suggested', 'handoff']).toContain(answer.outcome);
    expect(answer.article).toBeNull();
  });

  it('answers a web-form visitor too, and the form’s ticket carries the guess', async () => {
    const answer = await ask('开不了机', '手机开不了机怎么办');
    expect(answer).toMatchObject({ outcome: 'answered', article: { title: '手机无法开机' } });
    const { formToken } = (await portalRequest(t, 'GET', `/api/portal/${a.slug}/web-form`)).json();
    t.clock.advanceMs(5_000);
    const sent = await portalRequest(t, 'POST', `/api/portal/${a.slug}/web-form`, {
      headers: { 'x-forwarded-for': '203.0.113.8' },
      body: { email: 'visitor@customer.example.cn', subject: '开不了机', message: '手机开不了机怎么办', website: '', formToken, assistantConversation: { id: answer.conversationId, token: answer.token } },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const ticket = await t.kernel.services.tickets.getTicketByNumber(a.admin.actor, sent.json().ticketNumber);
    const [note] = await notesOf(ticket.id);
    expect(note!.body).toContain('《手机无法开机》');
  });

  it('refuses bad input in the visitor’s language and keeps the ticket when the conversation is not theirs', async () => {
    const empty = await portalRequest(t, 'POST', `/api/portal/${a.slug}/assistant`, { headers: zh, body: { subject: '', message: '你好' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('subject');
    expect(empty.json().errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    const answer = await ask('退货', '我想申请退货', { cookie: alice });
    const wrongToken = await portalRequest(t, 'POST', `/api/portal/${a.slug}/assistant/${answer.conversationId}/feedback`, { headers: zh, body: { token: 'kfb_wrong', turnId: answer.turnId, helpful: true } });
    expect(wrongToken.statusCode).toBe(404);
    // Workspace B does not know A's conversation: its feedback is not found, its ticket opens without a note.
    const foreign = await portalRequest(t, 'POST', `/api/portal/${b.slug}/assistant/${answer.conversationId}/feedback`, { body: { token: answer.token, turnId: answer.turnId, helpful: true } });
    expect(foreign.statusCode).toBe(404);
    const bob = await signInByLink(t, relay, b.slug, 'bob@customer.example.cn');
    const inB = await portalRequest(t, 'POST', `/api/portal/${b.slug}/tickets`, { cookie: bob, body: { subject: '退货', message: '怎么退货', assistantConversation: { id: answer.conversationId, token: answer.token } } });
    expect(inB.statusCode).toBe(201);
    expect((await t.request(b.admin, 'GET', `/api/v1/tickets/${inB.json().id}/messages`)).json().items.filter((message: { kind: string }) => message.kind === 'note')).toEqual([]);
    // A's conversation is still open for its own customer.
    const no = await portalRequest(t, 'POST', `/api/portal/${a.slug}/assistant/${answer.conversationId}/feedback`, { body: { token: answer.token, turnId: answer.turnId, helpful: false } });
    expect(no.statusCode).toBe(204);
  });

  it('limits questions per IP', async () => {
    let status = 200;
    for (let n = 0; n < 61 && status === 200; n++) {
      status = (await portalRequest(t, 'POST', `/api/portal/${a.slug}/assistant`, { headers: { 'x-forwarded-for': '198.51.100.99' }, body: { subject: '退货', message: `第${n}次` } })).statusCode;
    }
    expect(status).toBe(429);
  });
});

describe('bot metrics over every channel', () => {
  it('counts the bot’s turns in a live chat: an answer settles it, "转人工" hands it off', async () => {
    await t.request(a.admin, 'PATCH', '/api/v1/chat/settings', { botFirst: true });
    const chat = t.kernel.services.chat;
    const before = await metrics();
    const settled = await chat.startConversation(a.id, { name: '小王', locale: 'zh-CN' });
    await (await chat.postVisitorMessage(a.id, settled.conversation, { text: '我想申请退货', clientId: 'c-1' })).reply;
    const handed = await chat.startConversation(a.id, { name: '小李', locale: 'zh-CN' });
    await (await chat.postVisitorMessage(a.id, handed.conversation, { text: '我想申请退货', clientId: 'c-2' })).reply;
    await (await chat.postVisitorMessage(a.id, handed.conversation, { text: '转人工', clientId: 'c-3' })).reply;
    expect((await chat.getConversation(a.id, settled.conversation.id)).status).toBe('bot');
    expect((await chat.getConversation(a.id, handed.conversation.id)).status).toBe('queued');
    const after = await metrics();
    expect(after.byChannel.chat.conversations - before.byChannel.chat.conversations).toBe(2);
    expect(after.byChannel.chat.deflected - before.byChannel.chat.deflected).toBe(1);
    expect(after.byChannel.chat.handedOff - before.byChannel.chat.handedOff).toBe(1);
    expect(after.outcomes.answered - before.outcomes.answered).toBe(2);
    expect(after.conversations - before.conversations).toBe(2);
  });
});
