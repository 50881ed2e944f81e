import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMessages } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import type { NotificationDraft } from './index.ts';

registerMessages({
  en: { 'test.note.title': 'Note {n} about {number}', 'test.note.body': 'Body of {n}' },
  'zh-CN': { 'test.note.title': '关于 {number} 的第 {n} 条', 'test.note.body': '第 {n} 条正文' },
});

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
});
afterAll(() => t.close());

const draft = (user: TestUser, n: number, extra: Partial<NotificationDraft> = {}): NotificationDraft => ({
  userId: user.id,
  kind: 'test',
  titleKey: 'test.note.title',
  bodyKey: 'test.note.body',
  params: { n, number: 'KF-1' },
  sourceKey: `test:${n}:${newId()}`,
  ...extra,
});

async function notify(workspaceId: string, drafts: NotificationDraft[]): Promise<number> {
  return t.kernel.db.transaction((tx) => t.kernel.services.notifications.notifyInTransaction(tx, workspaceId, drafts));
}

interface NotificationJson {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  ticketNumber: string | null;
  readAt: string | null;
}

const list = async (user: TestUser, query = '') => {
  const response = await t.request(user, 'GET', `/api/v1/notifications${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as { items: NotificationJson[]; nextCursor: string | null };
};
const unread = async (user: TestUser) => (await t.request(user, 'GET', '/api/v1/notifications/unread-count')).json() as { unread: number; capped: boolean };

/** A realtime socket of the user, collecting the event messages it receives. */
async function openSocket(app: TestContext['app'], user: TestUser) {
  const messages: { type: string; aggregateType: string; aggregateId: string }[] = [];
  const context = { headers: { cookie: user.cookie }, socket: { remoteAddress: '127.0.0.1' } } as unknown as Parameters<TestContext['app']['injectWS']>[1];
  const socket = (await app.injectWS('/api/v1/realtime', context)) as unknown as { on(event: 'message', listener: (data: Buffer) => void): void; close(): void };
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as (typeof messages)[number];
    if (message.aggregateType) messages.push(message);
  });
  return { messages, close: () => socket.close() };
}

describe('notifications API', () => {
  it('lists a user’s own notifications newest first, in their language, page by page', async () => {
    const ana = await a.addUser('agent');
    const ben = await a.addUser('agent');
    for (let n = 1; n <= 5; n++) {
      await notify(a.id, [draft(ana, n, { ticketNumber: `KF-${n}` })]);
      t.clock.advanceMs(1000);
    }
    await notify(a.id, [draft(ben, 99)]);

    const first = await list(ana, '?limit=2');
    expect(first.items.map((item) => item.title)).toEqual(['Note 5 about KF-1', 'Note 4 about KF-1']);
    expect(first.items[0]).toMatchObject({ kind: 'test', body: 'Body of 5', ticketNumber: 'KF-5', readAt: null });
    const second = await list(ana, `?limit=2&cursor=${first.nextCursor}`);
    const third = await list(ana, `?limit=2&cursor=${second.nextCursor}`);
    expect([...second.items, ...third.items].map((item) => item.body)).toEqual(['Body of 3', 'Body of 2', 'Body of 1']);
    expect(third.nextCursor).toBeNull();

    const zh = await t.request(ana, 'GET', '/api/v1/notifications?limit=1', undefined, { 'accept-language': 'zh-CN' });
    expect(zh.json().items[0].title).toBe('关于 KF-1 的第 5 条');
    expect((await list(ben)).items.map((item) => item.body)).toEqual(['Body of 99']);
  });

  it('counts unread, marks one and then all read, and keeps the first read time', async () => {
    const ana = await a.addUser('agent');
    await notify(a.id, [draft(ana, 1), draft(ana, 2), draft(ana, 3)]);
    expect(await unread(ana)).toEqual({ unread: 3, capped: false });
    const [newest] = (await list(ana)).items;

    const marked = await t.request(ana, 'POST', `/api/v1/notifications/${newest!.id}/read`);
    expect(marked.statusCode).toBe(200);
    const readAt = marked.json().readAt as string;
    expect(readAt).toBe(t.clock.now().toISOString());
    expect(await unread(ana)).toEqual({ unread: 2, capped: false });
    expect((await list(ana, '?unread=true')).items.map((item) => item.body)).not.toContain(newest!.body);

    t.clock.advanceMinutes(1);
    expect((await t.request(ana, 'POST', `/api/v1/notifications/${newest!.id}/read`)).json().readAt).toBe(readAt);
    const all = await t.request(ana, 'POST', '/api/v1/notifications/read-all');
    expect(all.json()).toEqual({ count: 2 });
    expect(await unread(ana)).toEqual({ unread: 0, capped: false });
    expect((await list(ana, '?unread=true')).items).toEqual([]);
    expect((await t.request(ana, 'POST', '/api/v1/notifications/read-all')).json()).toEqual({ count: 0 });
  });

  it('never shows or marks another user’s notification, in the workspace or across workspaces', async () => {
    const ana = await a.addUser('agent');
    const ben = await a.addUser('supervisor');
    const other = await b.addUser('admin');
    await notify(a.id, [draft(ana, 1)]);
    const [mine] = (await list(ana)).items;
    for (const stranger of [ben, other]) {
      expect((await t.request(stranger, 'POST', `/api/v1/notifications/${mine!.id}/read`)).statusCode).toBe(404);
      expect((await list(stranger)).items.map((item) => item.id)).not.toContain(mine!.id);
    }
    expect(await unread(ana)).toEqual({ unread: 1, capped: false });
  });

  it('creates one notification per user and source, however often the source is delivered', async () => {
    const ana = await a.addUser('agent');
    const once = draft(ana, 1, { sourceKey: 'event:42:test' });
    expect(await notify(a.id, [once])).toBe(1);
    expect(await notify(a.id, [{ ...once }])).toBe(0);
    expect((await list(ana)).items).toHaveLength(1);
  });

  it('caps the unread count, and refuses cursors it did not make', async () => {
    const ana = await a.addUser('agent');
    await notify(a.id, Array.from({ length: 105 }, (_, n) => draft(ana, n)));
    expect(await unread(ana)).toEqual({ unread: 100, capped: true });
    const bad = await t.request(ana, 'GET', '/api/v1/notifications?cursor=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.cursor');
  });

  it('pushes a new notification and a read mark to the recipient’s sockets only', async () => {
    const ana = await a.addUser('agent');
    const ben = await a.addUser('agent');
    const anaSocket = await openSocket(t.app, ana);
    const benSocket = await openSocket(t.app, ben);
    await notify(a.id, [draft(ana, 1)]);
    await t.kernel.dispatcher.drain();
    const [created] = (await list(ana)).items;
    await t.request(ana, 'POST', `/api/v1/notifications/${created!.id}/read`);
    await t.kernel.dispatcher.drain();
    await expect.poll(() => anaSocket.messages.map((m) => m.type)).toEqual(['notification.created', 'notification.read']);
    expect(anaSocket.messages[0]).toMatchObject({ aggregateType: 'recipient', aggregateId: ana.id });
    // Ben's socket is open and hears the workspace, but not Ana's notifications.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(benSocket.messages.filter((m) => m.type.startsWith('notification.'))).toEqual([]);
    anaSocket.close();
    benSocket.close();
  });
});
