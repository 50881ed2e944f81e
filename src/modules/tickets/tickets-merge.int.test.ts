import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;

const eventTypes = async (ticketId: string) =>
  (await t.kernel.db.query<{ type: string }>(`SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY id`, [ticketId])).map((row) => row.type);

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace({ locale: 'zh-CN' });
});
afterAll(() => t.close());

describe('merge', () => {
  it('closes the duplicate, copies its conversation to the target after a note, and records both timelines', async () => {
    const target = await makeTicket(t, a.admin, { subject: '订单未发货', description: '下单一周了还没发货' });
    const source = await makeTicket(t, a.admin, { subject: '催发货', description: '请尽快发货，单号 DH-42' });
    await t.request(a.admin, 'POST', `/api/v1/tickets/${source.id}/messages`, { kind: 'note', body: '客户第二次来电' });

    const response = await t.request(a.admin, 'POST', `/api/v1/tickets/${source.id}/merge`, { targetId: target.id }, { 'if-match': '"1"' });
    expect(response.statusCode, response.body).toBe(200);
    const { source: closed, target: grown } = response.json();
    expect(closed).toMatchObject({ status: 'closed', mergedIntoId: target.id, version: 2 });
    expect(grown.version).toBe(1);

    const messages = (await t.request(a.admin, 'GET', `/api/v1/tickets/${target.id}/messages`)).json().items;
    expect(messages.map((m: { body: string; authorType: string }) => [m.authorType, m.body])).toEqual([
      ['customer', '下单一周了还没发货'],
      ['system', `工单 ${source.number} 已合并到本工单，其对话记录附后。`],
      ['customer', '请尽快发货，单号 DH-42'],
      ['agent', '客户第二次来电'],
    ]);
    expect(messages[2].copiedFromId).not.toBeNull();

    const sourceTimeline = (await t.request(a.admin, 'GET', `/api/v1/tickets/${source.id}/timeline`)).json().items;
    expect(sourceTimeline.at(-1)).toMatchObject({ kind: 'merged', stage: 'closure', details: { targetId: target.id, targetNumber: target.number } });
    const targetTimeline = (await t.request(a.admin, 'GET', `/api/v1/tickets/${target.id}/timeline`)).json().items;
    expect(targetTimeline.at(-1)).toMatchObject({ kind: 'merged_from', details: { sourceId: source.id, copiedMessages: 2 } });

    // The target is now found by the duplicate's words.
    const found = (await t.request(a.admin, 'GET', '/api/v1/tickets?q=DH-42')).json().items.map((i: { id: string }) => i.id);
    expect(found.sort()).toEqual([source.id, target.id].sort());

    expect(await eventTypes(source.id)).toEqual(['ticket.created', 'message.added', 'ticket.merged', 'ticket.updated', 'ticket.status_changed']);
    expect(await eventTypes(target.id)).toEqual(['ticket.created']);
  });

  it('refuses to merge into itself, from or into a merged ticket, or into a closed one', async () => {
    const one = await makeTicket(t, a.admin);
    const two = await makeTicket(t, a.admin);
    const three = await makeTicket(t, a.admin);
    const self = await t.request(a.admin, 'POST', `/api/v1/tickets/${one.id}/merge`, { targetId: one.id });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('invalid_state');
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${one.id}/merge`, { targetId: two.id })).statusCode).toBe(200);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${one.id}/merge`, { targetId: three.id })).statusCode).toBe(409);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${three.id}/merge`, { targetId: one.id })).statusCode).toBe(409);
    const stale = await t.request(a.admin, 'POST', `/api/v1/tickets/${three.id}/merge`, { targetId: two.id }, { 'if-match': '"5"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict');
  });

  it('needs tickets.merge', async () => {
    const specialist = await a.addUser('specialist');
    const one = await makeTicket(t, a.admin, { assigneeId: specialist.id });
    const two = await makeTicket(t, a.admin, { assigneeId: specialist.id });
    expect((await t.request(specialist, 'POST', `/api/v1/tickets/${one.id}/merge`, { targetId: two.id })).statusCode).toBe(403);
  });
});

describe('links', () => {
  it('links symmetrically, once, and lists the links on both tickets', async () => {
    const one = await makeTicket(t, a.admin, { subject: 'Printer broken' });
    const two = await makeTicket(t, a.admin, { subject: 'Printer still broken' });
    const linked = await t.request(a.admin, 'POST', `/api/v1/tickets/${one.id}/links`, { ticketId: two.id });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().items).toEqual([expect.objectContaining({ id: two.id, number: two.number, subject: 'Printer still broken' })]);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${two.id}/links`, { ticketId: one.id })).statusCode).toBe(200);
    const detail = (await t.request(a.admin, 'GET', `/api/v1/tickets/${two.id}`)).json();
    expect(detail.links.map((l: { id: string }) => l.id)).toEqual([one.id]);
    expect(await eventTypes(one.id)).toEqual(['ticket.created', 'ticket.linked']);
    expect(await eventTypes(two.id)).toEqual(['ticket.created']);

    const self = await t.request(a.admin, 'POST', `/api/v1/tickets/${one.id}/links`, { ticketId: one.id });
    expect(self.statusCode).toBe(400);

    const unlinked = await t.request(a.admin, 'DELETE', `/api/v1/tickets/${two.id}/links/${one.id}`);
    expect(unlinked.json().items).toEqual([]);
    expect((await t.request(a.admin, 'GET', `/api/v1/tickets/${one.id}/links`)).json().items).toEqual([]);
    const timeline = (await t.request(a.admin, 'GET', `/api/v1/tickets/${one.id}/timeline`)).json().items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'linked', 'unlinked']);
  });
});

describe('ticket types and custom fields', () => {
  it('lists built-in types in both languages and lets an admin add, rename and retire types', async () => {
    const types = (await t.request(a.admin, 'GET', '/api/v1/ticket-types')).json().items;
    expect(types.map((type: { key: string }) => type.key)).toEqual(['consultation', 'complaint', 'after_sales', 'technical_support', 'suggestion']);
    expect(types[1].names).toEqual({ en: 'Complaint', 'zh-CN': '投诉' });

    const created = await t.request(a.admin, 'POST', '/api/v1/ticket-types', { key: 'billing', names: { en: 'Billing', 'zh-CN': '账单' } });
    expect(created.statusCode).toBe(201);
    expect((await t.request(a.admin, 'POST', '/api/v1/ticket-types', { key: 'billing', names: { en: 'B', 'zh-CN': 'B' } })).statusCode).toBe(409);
    expect((await t.request(a.admin, 'POST', '/api/v1/ticket-types', { key: 'complaint', names: { en: 'B', 'zh-CN': 'B' } })).statusCode).toBe(409);
    expect((await makeTicket(t, a.admin, { type: 'billing' })).type).toBe('billing');

    const retired = await t.request(a.admin, 'PATCH', '/api/v1/ticket-types/suggestion', { isActive: false, names: { en: 'Idea', 'zh-CN': '建议反馈' } });
    expect(retired.json()).toMatchObject({ key: 'suggestion', isActive: false, isBuiltIn: true, names: { en: 'Idea' } });
    const refused = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: { name: 'y' }, type: 'suggestion' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('type');
    expect((await t.request(a.admin, 'PATCH', '/api/v1/ticket-types/nonexistent', { isActive: false })).statusCode).toBe(404);

    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'POST', '/api/v1/ticket-types', { key: 'other', names: { en: 'O', 'zh-CN': 'O' } })).statusCode).toBe(403);
  });

  it('validates custom field values on create and update with the field named', async () => {
    const ws = await t.createWorkspace();
    const order = await t.request(ws.admin, 'POST', '/api/v1/custom-fields', { key: 'order_no', labels: { en: 'Order number', 'zh-CN': '订单号' }, type: 'text', isRequired: true });
    expect(order.statusCode).toBe(201);
    const area = (
      await t.request(ws.admin, 'POST', '/api/v1/custom-fields', {
        key: 'area',
        labels: { en: 'Area', 'zh-CN': '区域' },
        type: 'select',
        options: [
          { value: 'north', labels: { en: 'North', 'zh-CN': '北区' } },
          { value: 'south', labels: { en: 'South', 'zh-CN': '南区' } },
        ],
      })
    ).json();
    await t.request(ws.admin, 'POST', '/api/v1/custom-fields', { key: 'amount', labels: { en: 'Amount', 'zh-CN': '金额' }, type: 'number' });
    expect((await t.request(ws.admin, 'POST', '/api/v1/custom-fields', { key: 'area', labels: { en: 'A', 'zh-CN': 'A' }, type: 'text' })).statusCode).toBe(409);
    expect((await t.request(ws.admin, 'POST', '/api/v1/custom-fields', { key: 'kind', labels: { en: 'K', 'zh-CN': 'K' }, type: 'select' })).statusCode).toBe(400);

    const missing = await t.request(ws.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: { name: 'c' }, customFields: { area: 'west', amount: 'ten', extra: 1 } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['customFields.amount', 'customFields.area', 'customFields.extra', 'customFields.order_no']);

    const ok = await t.request(ws.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: { name: 'c' }, customFields: { order_no: 'SO-1', area: 'north', amount: 12.5 } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().customFields).toEqual({ order_no: 'SO-1', area: 'north', amount: 12.5 });
    const url = `/api/v1/tickets/${ok.json().id}`;
    const bad = await t.request(ws.admin, 'PATCH', url, { customFields: { area: 'east' } }, { 'if-match': '"1"' });
    expect(bad.json().errors[0].field).toBe('customFields.area');
    const good = await t.request(ws.admin, 'PATCH', url, { customFields: { area: 'south', amount: null } }, { 'if-match': '"1"' });
    expect(good.json().customFields).toEqual({ order_no: 'SO-1', area: 'south' });

    await t.request(ws.admin, 'PATCH', `/api/v1/custom-fields/${area.id}`, { options: [{ value: 'east', labels: { en: 'East', 'zh-CN': '东区' } }] });
    expect((await t.request(ws.admin, 'PATCH', url, { customFields: { area: 'east' } }, { 'if-match': '"2"' })).statusCode).toBe(200);
    expect((await t.request(ws.admin, 'DELETE', `/api/v1/custom-fields/${area.id}`)).statusCode).toBe(200);
    expect((await t.request(ws.admin, 'GET', url)).json().customFields).toEqual({ order_no: 'SO-1' });
    const fields = (await t.request(ws.admin, 'GET', '/api/v1/custom-fields')).json().items;
    expect(fields.map((f: { key: string }) => f.key).sort()).toEqual(['amount', 'order_no']);

    // Channel intake (the system) is not blocked by required fields an agent fills in later.
    const system = { ...ws.admin.actor, kind: 'system' as const, userId: null };
    const intake = await t.kernel.services.tickets.createTicket(system, { subject: 'from e-mail', customer: { email: 'mail@example.com' }, channel: 'email' });
    expect(intake.customFields).toEqual({});
  });
});
