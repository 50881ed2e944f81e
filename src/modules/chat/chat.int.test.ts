/** Live chat end to end over real sockets on one node: offline message, queue, accept, messages both ways, resume, transcript, capacity, tenancy, the console's sign-in. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { openChatClient, type ChatClient, type ChatFrame } from '../../testing/chat-client.ts';
import { multipart } from '../../testing/multipart.ts';
import { CLOSE_SIGNED_OUT } from '../../platform/websocket.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let slugA: string;
let slugB: string;
let agent: TestUser;
let otherAgent: TestUser;
let outsider: TestUser;
let base: string;
const clients: ChatClient[] = [];
let visitors = 0;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace({ locale: 'zh-CN' });
  b = await t.createWorkspace();
  slugA = (await t.kernel.services.workspaces.getWorkspace(a.id)).slug;
  slugB = (await t.kernel.services.workspaces.getWorkspace(b.id)).slug;
  agent = await a.addUser('agent', { name: '李客服' });
  otherAgent = await a.addUser('agent', { name: 'Second Agent' });
  outsider = await b.addUser('agent');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const client of clients) client.terminate();
  await t.close();
});

async function visitor(slug = slugA, headers: Record<string, string> = {}): Promise<ChatClient> {
  const client = await openChatClient(`${base}/api/widget/chat/${slug}/socket`, headers);
  clients.push(client);
  return client;
}

async function console(user: TestUser): Promise<ChatClient> {
  const client = await openChatClient(`${base}/api/v1/chat/socket`, { cookie: user.cookie });
  clients.push(client);
  await client.waitFor((frame) => frame.type === 'hello');
  return client;
}

/** Starts a chat as a new visitor and returns the socket and the conversation. */
async function startChat(name: string, slug = slugA, email = `visitor${++visitors}@example.com`): Promise<{ client: ChatClient; id: string; token: string }> {
  // One second apart, so the queue's order (by time queued) is the order of arrival.
  t.clock.advanceMs(1000);
  const client = await visitor(slug);
  client.send({ type: 'hello', locale: 'zh-CN' });
  await client.waitFor((frame) => frame.type === 'welcome');
  client.send({ type: 'start', name, email });
  const started = await client.waitFor((frame) => frame.type === 'started');
  return { client, id: started.conversationId as string, token: started.token as string };
}

const isMessage = (body: string) => (frame: ChatFrame) => frame.type === 'message' && (frame.message as { body: string }).body === body;

describe('live chat', () => {
  it('with nobody online offers no chat, and a message left becomes a chat ticket', async () => {
    const availability = await t.request(undefined, 'GET', `/api/widget/chat/${slugA}/availability`);
    expect(availability.json()).toEqual({ open: false, reason: 'no_agent', botFirst: false });

    const client = await visitor();
    client.send({ type: 'hello', locale: 'zh-CN' });
    expect(await client.waitFor((frame) => frame.type === 'welcome')).toMatchObject({ open: false, reason: 'no_agent', conversation: null });
    client.send({ type: 'start', name: '张三', email: 'zhang@example.com' });
    const refused = await client.waitFor((frame) => frame.type === 'error');
    expect(refused).toMatchObject({ code: 'invalid_state', detail: '现在没有客服在线，请留言。' });

    client.send({ type: 'leave', name: '张三', phone: '+86 138 0013 8000', text: '我的订单 8812 还没发货，请回电。' });
    const left = await client.waitFor((frame) => frame.type === 'left');
    const ticket = await t.request(a.admin, 'GET', `/api/v1/tickets/by-number/${left.ticketNumber as string}`);
    expect(ticket.json()).toMatchObject({ channel: 'chat', tags: ['chat-offline'], subject: '张三 在网站上的留言' });
  });

  it('queues, is accepted, carries messages both ways with acks, typing and read marks, and resumes after a drop', async () => {
    expect((await t.request(agent, 'PUT', '/api/v1/chat/presence', { status: 'online' })).statusCode).toBe(200);
    const agentSocket = await console(agent);
    const { client, id, token } = await startChat('王芳');
    expect(await client.waitFor((frame) => frame.type === 'queue')).toMatchObject({ position: 1, waitSeconds: 30 });
    await agentSocket.waitFor((frame) => frame.type === 'changed' && frame.conversationId === id);

    const accepted = await t.request(agent, 'POST', `/api/v1/chat/conversations/${id}/accept`);
    expect(accepted.json()).toMatchObject({ status: 'active', agentId: agent.id });
    expect(await client.waitFor((frame) => frame.type === 'state' && frame.status === 'active')).toMatchObject({ agentName: '李客服' });

    client.send({ type: 'message', clientId: 'v-1', text: '你好，我的包裹丢了' });
    expect(await client.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'v-1')).toMatchObject({ seq: 1 });
    const heard = await agentSocket.waitFor(isMessage('你好，我的包裹丢了'));
    expect(heard).toMatchObject({ conversationId: id, message: { seq: 1, authorType: 'visitor' } });

    client.send({ type: 'typing', on: true });
    expect(await agentSocket.waitFor((frame) => frame.type === 'typing')).toMatchObject({ conversationId: id, on: true });
    agentSocket.send({ type: 'typing', conversationId: id, on: true });
    expect(await client.waitFor((frame) => frame.type === 'typing')).toMatchObject({ on: true });

    agentSocket.send({ type: 'message', conversationId: id, clientId: 'a-1', text: '您好，我来帮您查询。' });
    expect(await agentSocket.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'a-1')).toMatchObject({ seq: 2 });
    expect(await client.waitFor(isMessage('您好，我来帮您查询。'))).toMatchObject({ message: { seq: 2, authorType: 'agent' } });

    client.send({ type: 'read', seq: 2 });
    expect(await agentSocket.waitFor((frame) => frame.type === 'read')).toMatchObject({ conversationId: id, seq: 2 });
    agentSocket.send({ type: 'read', conversationId: id, seq: 1 });
    expect(await client.waitFor((frame) => frame.type === 'read')).toMatchObject({ seq: 1 });

    // A message resent after a lost ack is recognised: same seq, stored once.
    client.send({ type: 'message', clientId: 'v-1', text: '你好，我的包裹丢了' });
    const again = await client.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'v-1', { from: client.frames.length });
    expect(again.seq).toBe(1);

    // The visitor's connection drops; messages sent meanwhile are replayed after the last seq it saw.
    client.terminate();
    agentSocket.send({ type: 'message', conversationId: id, clientId: 'a-2', text: '找到了，明天送达。' });
    await agentSocket.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'a-2');
    const back = await visitor();
    back.send({ type: 'hello', conversationId: id, token, after: 2, locale: 'zh-CN' });
    expect(await back.waitFor((frame) => frame.type === 'welcome')).toMatchObject({ open: true, conversation: { id, status: 'active', agentName: '李客服' } });
    expect(await back.waitFor(isMessage('找到了，明天送达。'))).toMatchObject({ message: { seq: 3 } });
    expect(back.frames.filter((frame) => frame.type === 'message').map((frame) => (frame.message as { seq: number }).seq)).toEqual([3]);

    // A wrong token opens nothing.
    const stranger = await visitor();
    stranger.send({ type: 'hello', conversationId: id, token: 'kfc_wrong-token-value' });
    expect(await stranger.waitFor((frame) => frame.type === 'error')).toMatchObject({ code: 'not_found' });

    // Too long a message is refused with its field, nothing stored.
    back.send({ type: 'message', clientId: 'v-long', text: '长'.repeat(2001) });
    const tooLong = await back.waitFor((frame) => frame.type === 'error' && frame.clientId === 'v-long');
    expect((tooLong.errors as { field: string }[])[0]!.field).toBe('text');

    const ended = await t.request(agent, 'POST', `/api/v1/chat/conversations/${id}/end`);
    expect(ended.json().status).toBe('ended');
    expect(await back.waitFor((frame) => frame.type === 'state' && frame.status === 'ended')).toBeTruthy();

    // The transcript is on the ticket: the customer's words as replies from the customer, the agent's as replies.
    await t.settle();
    const detail = await t.request(agent, 'GET', `/api/v1/chat/conversations/${id}`);
    const ticketId = detail.json().conversation.ticketId as string;
    expect(detail.json().customer).toMatchObject({ name: '王芳' });
    const messages = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/messages`)).json().items as { body: string; authorType: string; kind: string }[];
    expect(messages.map((message) => [message.authorType, message.kind, message.body])).toEqual([
      ['customer', 'reply', '你好，我的包裹丢了'],
      ['agent', 'reply', '您好，我来帮您查询。'],
      ['agent', 'reply', '找到了，明天送达。'],
      ['system', 'note', '客服已结束会话。'],
    ]);
    const ticket = (await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(ticket).toMatchObject({ channel: 'chat', subject: '与 王芳 的在线会话' });

    // Each stored message has exactly one event, written by the statement that stored a sent message (the resend made
    // none), with what that statement learnt: its seq, the ticket and the holder.
    const posted = await t.kernel.db.query<{ actor_id: string | null; payload: Record<string, unknown> }>(
      `SELECT actor_id, payload FROM outbox_events WHERE workspace_id = $1 AND type = 'chat.message_posted' AND aggregate_id = $2 ORDER BY id`,
      [a.id, id],
    );
    expect(posted.map((event) => [event.payload.seq, event.payload.authorType, event.actor_id])).toEqual([[1, 'visitor', null], [2, 'agent', agent.id], [3, 'agent', agent.id], [4, 'system', null]]);
    for (const event of posted) expect(event.payload).toMatchObject({ conversationId: id, ticketId, agentId: agent.id });

    // Nothing is stored, nor any event written, for a message to the ended chat.
    back.send({ type: 'message', clientId: 'v-late', text: '还在吗？' });
    expect(await back.waitFor((frame) => frame.type === 'error' && frame.clientId === 'v-late')).toBeTruthy();
    const after = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND type = 'chat.message_posted' AND aggregate_id = $2`, [a.id, id]);
    expect(after[0]!.n).toBe(4);
  });

  it('shows each visitor their place, which falls as the agent frees up; capacity holds', async () => {
    expect((await t.request(a.admin, 'PATCH', '/api/v1/chat/settings', { defaultCapacity: 1 })).json().defaultCapacity).toBe(1);
    const first = await startChat('Ann');
    const second = await startChat('Bob');
    const third = await startChat('Cai');
    const placeOf = (client: ChatClient, position: number) => client.waitFor((frame) => frame.type === 'queue' && frame.position === position);
    await placeOf(first.client, 1);
    await placeOf(second.client, 2);
    await placeOf(third.client, 3);

    await t.request(agent, 'POST', `/api/v1/chat/conversations/${first.id}/accept`);
    await placeOf(second.client, 1);
    // One seat, held: the second in line waits beyond the time to accept.
    expect((await placeOf(third.client, 2)).waitSeconds as number).toBeGreaterThan(30);

    const full = await t.request(agent, 'POST', `/api/v1/chat/conversations/${second.id}/accept`, undefined, { 'accept-language': 'en' });
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toBe('You are at your limit of 1 chats at once: end one first.');

    await t.request(agent, 'POST', `/api/v1/chat/conversations/${first.id}/end`);
    expect((await t.request(agent, 'POST', `/api/v1/chat/conversations/${second.id}/accept`)).statusCode).toBe(200);
    await placeOf(third.client, 1);

    // Transfer to a colleague with a free seat; the visitor hears the new name.
    expect((await t.request(agent, 'POST', `/api/v1/chat/conversations/${second.id}/transfer`, { agentId: otherAgent.id })).json().agentId).toBe(otherAgent.id);
    expect(await second.client.waitFor((frame) => frame.type === 'state' && frame.agentName === 'Second Agent')).toBeTruthy();
    await t.request(a.admin, 'PATCH', '/api/v1/chat/settings', { defaultCapacity: 3 });
    await t.request(agent, 'POST', `/api/v1/chat/conversations/${third.id}/accept`);
  });

  it('takes a visitor’s file into the chat and onto the ticket', async () => {
    const { client, id, token } = await startChat('Dora');
    await t.request(agent, 'POST', `/api/v1/chat/conversations/${id}/accept`);
    const body = multipart([{ name: 'file', filename: 'receipt.png', type: 'image/png', data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }]);
    const uploaded = await t.app.inject({ method: 'POST', url: `/api/widget/chat/${slugA}/conversations/${id}/attachments?token=${token}`, ...body });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.headers['access-control-allow-origin']).toBe('*');
    const file = uploaded.json() as { id: string };
    client.send({ type: 'message', clientId: 'f-1', text: '', attachmentIds: [file.id] });
    await client.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'f-1');
    const download = await t.app.inject({ method: 'GET', url: `/api/widget/chat/${slugA}/conversations/${id}/attachments/${file.id}?token=${token}` });
    expect(download.statusCode).toBe(200);
    await t.settle();
    const detail = (await t.request(agent, 'GET', `/api/v1/chat/conversations/${id}`)).json();
    const messages = (await t.request(agent, 'GET', `/api/v1/tickets/${detail.conversation.ticketId}/messages`)).json().items as { attachments: { id: string }[] }[];
    expect(messages.at(-1)!.attachments.map((attachment) => attachment.id)).toEqual([file.id]);
  });

  it('lets the bot answer first when the workspace asks, and "转人工" hands over to the queue', async () => {
    await t.request(a.admin, 'PATCH', '/api/v1/chat/settings', { botFirst: true });
    const { client, id } = await startChat('Eve');
    expect((await client.waitFor((frame) => frame.type === 'started')).conversation).toMatchObject({ status: 'bot' });
    client.send({ type: 'message', clientId: 'b-1', text: '转人工' });
    expect(await client.waitFor(isMessage('正在为您转接人工客服…'))).toMatchObject({ message: { authorType: 'system' } });
    await client.waitFor((frame) => frame.type === 'state' && frame.status === 'queued');
    const list = (await t.request(agent, 'GET', '/api/v1/chat/conversations')).json().items as { id: string; status: string }[];
    expect(list.find((item) => item.id === id)?.status).toBe('queued');
    await t.request(a.admin, 'PATCH', '/api/v1/chat/settings', { botFirst: false });
  });

  it('keeps workspaces apart: no reading, accepting or hearing another workspace’s chats', async () => {
    const { client, id, token } = await startChat('Fay');
    const outsiderSocket = await console(outsider);
    for (const [method, url] of [['GET', `/api/v1/chat/conversations/${id}`], ['POST', `/api/v1/chat/conversations/${id}/accept`], ['POST', `/api/v1/chat/conversations/${id}/end`]] as const) {
      expect((await t.request(outsider, method, url)).statusCode).toBe(404);
    }
    expect(((await t.request(outsider, 'GET', '/api/v1/chat/conversations')).json().items as { id: string }[]).some((item) => item.id === id)).toBe(false);
    outsiderSocket.send({ type: 'message', conversationId: id, clientId: 'x-1', text: 'hi' });
    expect(await outsiderSocket.waitFor((frame) => frame.type === 'error')).toMatchObject({ code: 'not_found' });
    // The token of workspace A's chat opens nothing under B's address.
    const wrongDoor = await visitor(slugB);
    wrongDoor.send({ type: 'hello', conversationId: id, token });
    expect(await wrongDoor.waitFor((frame) => frame.type === 'error')).toMatchObject({ code: 'not_found' });
    await t.request(agent, 'POST', `/api/v1/chat/conversations/${id}/accept`);
    client.send({ type: 'message', clientId: 'p-1', text: 'private' });
    await client.waitFor((frame) => frame.type === 'ack');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outsiderSocket.frames.some((frame) => frame.type === 'message' || frame.conversationId === id)).toBe(false);
  });

  it('shows a returning customer’s earlier tickets beside the chat', async () => {
    const first = await startChat('陈静', slugA, 'chen.jing@example.com');
    const second = await startChat('陈静', slugA, 'chen.jing@example.com');
    const earlier = (await t.request(agent, 'GET', `/api/v1/chat/conversations/${first.id}`)).json().conversation as { ticketNumber: string };
    const detail = (await t.request(agent, 'GET', `/api/v1/chat/conversations/${second.id}`)).json();
    expect((detail.recentTickets as { number: string }[]).map((ticket) => ticket.number)).toEqual([earlier.ticketNumber]);
  });

  it('serves the widget script, small and compressed', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.rawPayload.byteLength).toBeLessThanOrEqual(30 * 1024);
  });
});

describe('an agent console ends with its sign-in', () => {
  const closedWithin = (client: ChatClient, ms: number) => Promise.race([client.closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);
  const storedWithClientId = async (conversationId: string, clientId: string) =>
    (await t.kernel.db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_messages WHERE workspace_id = $1 AND conversation_id = $2 AND client_id = $3', [a.id, conversationId, clientId]))[0]!.n;

  it('signing out closes the console with 4401; a colleague’s console stays', async () => {
    const leaving = await a.addUser('agent');
    const staying = await a.addUser('agent');
    const socket = await console(leaving);
    const other = await console(staying);
    expect((await t.request(leaving, 'POST', '/api/v1/auth/logout')).statusCode).toBe(200);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
    expect(other.isOpen()).toBe(true);
    other.close();
  });

  it('a deactivated agent’s console is closed with 4401, and a message sent on it is not stored', async () => {
    const leaver = await a.addUser('agent', { name: 'Leaving Agent' });
    expect((await t.request(leaver, 'PUT', '/api/v1/chat/presence', { status: 'online' })).statusCode).toBe(200);
    const socket = await console(leaver);
    const { client, id } = await startChat('Gus');
    expect((await t.request(leaver, 'POST', `/api/v1/chat/conversations/${id}/accept`)).statusCode).toBe(200);
    socket.send({ type: 'message', conversationId: id, clientId: 'd-1', text: 'Hello, how can I help?' });
    await socket.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'd-1');
    await client.waitFor(isMessage('Hello, how can I help?'));

    expect((await t.request(a.admin, 'PATCH', `/api/v1/users/${leaver.id}`, { isActive: false })).statusCode).toBe(200);
    // Sent at once on the socket as the client still sees it open: judged after the deactivation was heard.
    expect(socket.isOpen()).toBe(true);
    socket.send({ type: 'message', conversationId: id, clientId: 'd-2', text: 'Still here after deactivation' });
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await storedWithClientId(id, 'd-1')).toBe(1);
    expect(await storedWithClientId(id, 'd-2')).toBe(0);
    expect(socket.frames.some((frame) => frame.type === 'ack' && frame.clientId === 'd-2')).toBe(false);
    expect(client.frames.some(isMessage('Still here after deactivation'))).toBe(false);
    // Nor does the closed console hear the customer any more.
    client.send({ type: 'message', clientId: 'g-1', text: 'Hello?' });
    await client.waitFor((frame) => frame.type === 'ack' && frame.clientId === 'g-1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(socket.frames.some(isMessage('Hello?'))).toBe(false);
  });

  it('losing tickets.write (a role change) closes the console with 4401', async () => {
    const demoted = await a.addUser('agent');
    const socket = await console(demoted);
    expect((await t.request(a.admin, 'PATCH', `/api/v1/users/${demoted.id}`, { role: 'analyst' })).statusCode).toBe(200);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
  });

  // Last: it moves the clock past every session of the file.
  it('the session’s end closes the console (on the injected clock)', async () => {
    const agentOnClock = await a.addUser('agent');
    const socket = await console(agentOnClock);
    t.clock.advanceMinutes(t.kernel.config.KEFU_SESSION_TTL_HOURS * 60 - 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(socket.isOpen()).toBe(true);
    t.clock.advanceMinutes(2);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
  });
});
