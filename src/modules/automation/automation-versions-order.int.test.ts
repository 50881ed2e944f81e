/** Rule history (list and restore, with If-Match) and the whole running order written at once, each kept to its workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-03-02T01:00:00Z' });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agent = await a.addUser('agent');
});
afterAll(() => t.close());

interface Problem {
  errors?: { field: string; message: string }[];
  fields?: { field: string; message: string }[];
}
const problemsOf = (body: Problem) => body.errors ?? body.fields ?? [];

const TAG_NEW = { kind: 'event', event: 'ticket.created' } as const;

async function createRule(user: TestUser, name: string, body: Record<string, unknown> = {}) {
  const response = await t.request(user, 'POST', '/api/v1/automation/rules', { name, trigger: TAG_NEW, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_tags', tags: [name] }], ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

const ruleOrder = async (user: TestUser) => ((await t.request(user, 'GET', '/api/v1/automation/rules')).json().items as { id: string; name: string; position: number }[]).map((rule) => `${rule.name}@${rule.position}`);

async function settle(): Promise<void> {
  for (let round = 0; round < 30; round++) {
    if ((await t.kernel.dispatcher.drain()) + (await t.kernel.timers.drain()) === 0) return;
  }
}

describe('rule versions', () => {
  it('lists every version newest first and restores an earlier one as a new version, which then fires', async () => {
    const rule = await createRule(a.admin, 'Refunds', { isEnabled: true, conditions: { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'refund' }] } });
    const nested = { match: 'any', conditions: [{ field: 'ticket.type', op: 'is', value: 'complaint' }, { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'refund' }, { field: 'ticket.priority', op: 'is', value: 'P1' }] }] };
    const edited = await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { name: 'Refunds v2', conditions: nested }, { 'if-match': '"1"' });
    expect(edited.json().version).toBe(2);

    const versions = await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}/versions`);
    expect(versions.statusCode).toBe(200);
    const items = versions.json().items as { version: number; name: string; definition: { conditions: unknown; trigger: unknown; actions: unknown }; createdBy: string; createdAt: string }[];
    expect(items.map((item) => [item.version, item.name, item.createdBy])).toEqual([[2, 'Refunds v2', a.admin.id], [1, 'Refunds', a.admin.id]]);
    expect(items[0]!.definition).toMatchObject({ trigger: TAG_NEW, conditions: nested, actions: [{ type: 'add_tags', tags: ['Refunds'] }] });
    expect(items[1]!.definition.conditions).toEqual({ match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'refund' }] });
    expect(new Date(items[0]!.createdAt).toISOString()).toBe('2026-03-02T01:00:00.000Z');

    const restored = await t.request(a.admin, 'POST', `/api/v1/automation/rules/${rule.id}/versions/1/restore`, undefined, { 'if-match': '"2"' });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.headers.etag).toBe('"3"');
    expect(restored.json()).toMatchObject({ name: 'Refunds', version: 3, isEnabled: true, conditions: { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'refund' }] } });
    const after = (await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}/versions`)).json().items as { version: number; name: string }[];
    expect(after.map((item) => [item.version, item.name])).toEqual([[3, 'Refunds'], [2, 'Refunds v2'], [1, 'Refunds']]);
    const audit = await t.kernel.services.audit.list(t.kernel.db, { workspaceId: a.id, entityType: 'automation_rule', entityId: rule.id });
    expect(audit.find((entry) => entry.action === 'automation.rule_restored')?.details).toEqual({ version: 3, restoredVersion: 1 });

    // The engine runs the restored version at once, and the firing names it.
    const ticket = await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'Refund please', customer: { name: '王芳' } });
    await settle();
    const firings = (await t.request(a.admin, 'GET', `/api/v1/automation/firings?ticketId=${ticket.json().id}`)).json().items;
    expect(firings).toMatchObject([{ ruleId: rule.id, ruleVersion: 3 }]);
    await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { isEnabled: false });
  });

  it('refuses a stale If-Match, an unknown version and a malformed one, and changes nothing', async () => {
    const rule = await createRule(a.admin, 'Stale');
    await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { name: 'Stale v2' });

    const stale = await t.request(a.admin, 'POST', `/api/v1/automation/rules/${rule.id}/versions/1/restore`, undefined, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    const unknown = await t.request(a.admin, 'POST', `/api/v1/automation/rules/${rule.id}/versions/9/restore`, undefined, { 'accept-language': 'zh-CN' });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.stringify(unknown.json())).toContain('该规则没有这个版本。');
    expect((await t.request(a.admin, 'POST', `/api/v1/automation/rules/${rule.id}/versions/zero/restore`)).statusCode).toBe(400);
    expect((await t.request(a.admin, 'POST', `/api/v1/automation/rules/00000000-0000-4000-8000-000000000000/versions/1/restore`)).statusCode).toBe(404);
    expect((await t.request(a.admin, 'GET', `/api/v1/automation/rules/00000000-0000-4000-8000-000000000000/versions`)).statusCode).toBe(404);

    const current = (await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}`)).json();
    expect(current).toMatchObject({ name: 'Stale v2', version: 2 });
    expect((await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}/versions`)).json().items).toHaveLength(2);
    // Agents do not see or restore rule history.
    expect((await t.request(agent, 'GET', `/api/v1/automation/rules/${rule.id}/versions`)).statusCode).toBe(403);
    expect((await t.request(agent, 'POST', `/api/v1/automation/rules/${rule.id}/versions/1/restore`)).statusCode).toBe(403);
  });
});

describe('rule order', () => {
  it('rewrites every position at once and refuses, changing nothing, a list that is not exactly the workspace’s rules', async () => {
    const rules = (await t.request(a.admin, 'GET', '/api/v1/automation/rules')).json().items as { id: string; name: string }[];
    const ids = rules.map((rule) => rule.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const reversed = [...ids].reverse();

    const reordered = await t.request(a.admin, 'PUT', '/api/v1/automation/rules/order', { ruleIds: reversed });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect((reordered.json().items as { id: string; position: number }[]).map((rule) => [rule.id, rule.position])).toEqual(reversed.map((id, index) => [id, (index + 1) * 10]));
    const stored = await ruleOrder(a.admin);
    expect(stored).toEqual(reversed.map((id, index) => `${rules.find((rule) => rule.id === id)!.name}@${(index + 1) * 10}`));

    const refusals: [string, unknown[], string][] = [
      ['missing', reversed.slice(1), '排序中缺少部分规则，请列出本工作区的全部规则。'],
      ['duplicate', [...reversed, reversed[0]], '排序中有规则重复出现，每条规则只能出现一次。'],
      ['unknown', [...reversed.slice(1), '00000000-0000-4000-8000-000000000000'], '排序中有本工作区不存在的规则，请刷新规则列表后重试。'],
    ];
    for (const [label, ruleIds, message] of refusals) {
      const refused = await t.request(a.admin, 'PUT', '/api/v1/automation/rules/order', { ruleIds }, { 'accept-language': 'zh-CN' });
      expect({ label, status: refused.statusCode }).toEqual({ label, status: 400 });
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(problemsOf(refused.json())).toEqual([expect.objectContaining({ field: 'ruleIds', message })]);
      expect(await ruleOrder(a.admin)).toEqual(stored);
    }
    const english = await t.request(a.admin, 'PUT', '/api/v1/automation/rules/order', { ruleIds: reversed.slice(1) }, { 'accept-language': 'en' });
    expect(problemsOf(english.json())).toEqual([expect.objectContaining({ field: 'ruleIds', message: 'The order leaves out some of the rules; list every rule of the workspace.' })]);
    const malformed = await t.request(a.admin, 'PUT', '/api/v1/automation/rules/order', { ruleIds: ['not-a-rule'] });
    expect(malformed.statusCode).toBe(400);
    expect(problemsOf(malformed.json()).map((problem) => problem.field)).toEqual(['ruleIds[0]']);
    expect(await ruleOrder(a.admin)).toEqual(stored);
    expect((await t.request(agent, 'PUT', '/api/v1/automation/rules/order', { ruleIds: reversed })).statusCode).toBe(403);

    const audit = await t.kernel.services.audit.list(t.kernel.db, { workspaceId: a.id, entityType: 'automation_rule' });
    expect(audit.filter((entry) => entry.action === 'automation.rules_reordered')).toHaveLength(1);
  });
});

describe('workspace isolation', () => {
  it('keeps a workspace’s rule history and order from another workspace', async () => {
    const rule = await createRule(a.admin, 'A only');
    await t.request(a.admin, 'PATCH', `/api/v1/automation/rules/${rule.id}`, { name: 'A only v2' });
    const orderBefore = await ruleOrder(a.admin);
    const aIds = ((await t.request(a.admin, 'GET', '/api/v1/automation/rules')).json().items as { id: string }[]).map((item) => item.id);

    expect((await t.request(b.admin, 'GET', `/api/v1/automation/rules/${rule.id}/versions`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'POST', `/api/v1/automation/rules/${rule.id}/versions/1/restore`)).statusCode).toBe(404);
    const crossOrder = await t.request(b.admin, 'PUT', '/api/v1/automation/rules/order', { ruleIds: [...aIds].reverse() });
    expect(crossOrder.statusCode).toBe(400);
    expect(problemsOf(crossOrder.json()).map((problem) => problem.field)).toEqual(['ruleIds']);

    expect(await ruleOrder(a.admin)).toEqual(orderBefore);
    expect((await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}`)).json()).toMatchObject({ name: 'A only v2', version: 2 });
    expect((await t.request(a.admin, 'GET', `/api/v1/automation/rules/${rule.id}/versions`)).json().items).toHaveLength(2);
    // B's own (empty) order is its own business.
    expect((await t.request(b.admin, 'PUT', '/api/v1/automation/rules/order', { ruleIds: [] })).statusCode).toBe(200);
    expect(await ruleOrder(a.admin)).toEqual(orderBefore);
  });
});
