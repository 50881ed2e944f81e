import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import type { ResolveCustomerInput } from './index.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agentA: TestUser;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agentA = await a.addUser('agent');
});
afterAll(() => t.close());

const customers = () => t.kernel.services.customers;
const resolve = (actor: Actor, input: ResolveCustomerInput) => t.kernel.db.transaction((tx) => customers().resolveCustomer(tx, actor, input));

async function countRows(sqlText: string, params: unknown[]): Promise<number> {
  const rows = await t.kernel.db.query<{ n: number }>(sqlText, params);
  return rows[0]?.n ?? 0;
}

describe('dedup by identity', () => {
  it('resolves the same e-mail in any case to one customer and adds new identities to it', async () => {
    const first = await resolve(agentA.actor, { email: '  Zhang.Wei@Example.COM ' });
    expect(first.created).toBe(true);
    const second = await resolve(agentA.actor, { email: 'zhang.wei@example.com', phone: '137-6666-5555', name: '张伟' });
    expect(second).toEqual({ id: first.id, created: false });
    const byPhone = await resolve(agentA.actor, { phone: '13766665555' });
    expect(byPhone).toEqual({ id: first.id, created: false });

    const customer = await customers().getCustomer(agentA.actor, first.id);
    expect(customer.name).toBe('张伟');
    expect(customer.identities).toEqual([
      { kind: 'email', value: 'zhang.wei@example.com' },
      { kind: 'phone', value: '+8613766665555' },
    ]);
    expect(customer.version).toBe(2);
  });

  it('never renames a customer that has a name, and never takes an identity from another customer', async () => {
    const owner = await resolve(agentA.actor, { email: 'owner@example.net', name: 'Owner' });
    const other = await resolve(agentA.actor, { phone: '+86 138 0000 1111', name: 'Other' });
    const both = await resolve(agentA.actor, { email: 'OWNER@example.net', phone: '+8613800001111', name: 'Someone else' });
    expect(both).toEqual({ id: owner.id, created: false });
    expect((await customers().getCustomer(agentA.actor, owner.id)).name).toBe('Owner');
    expect((await customers().getCustomer(agentA.actor, other.id)).identities).toEqual([{ kind: 'phone', value: '+8613800001111' }]);
  });

  it('resolves by WeChat openid and external id', async () => {
    const first = await resolve(agentA.actor, { wechatOpenId: 'oWx_123-abc', externalId: 'CRM-1' });
    expect(await resolve(agentA.actor, { wechatOpenId: 'oWx_123-abc' })).toEqual({ id: first.id, created: false });
    expect(await resolve(agentA.actor, { externalId: 'CRM-1', email: 'crm1@example.com' })).toEqual({ id: first.id, created: false });
  });

  it('creates a new customer for a name alone, and refuses neither name nor contact', async () => {
    const one = await resolve(agentA.actor, { name: 'Walk-in' });
    const two = await resolve(agentA.actor, { name: 'Walk-in' });
    expect(one.created && two.created).toBe(true);
    expect(one.id).not.toBe(two.id);
    const error = await resolve(agentA.actor, { email: '  ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields[0]?.field).toBe('customer');
    const bad = await resolve(agentA.actor, { email: 'not-an-email' }).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('validation');
    expect((bad as AppError).fields[0]?.field).toBe('email');
  });

  it('cleans control characters out of an intake name instead of failing', async () => {
    const { id } = await resolve(agentA.actor, { name: 'Li\u0000 Lei\n', email: 'lilei@example.com' });
    expect((await customers().getCustomer(agentA.actor, id)).name).toBe('Li Lei');
  });

  it('commits with the caller: a rolled-back intake leaves no customer behind', async () => {
    const failed = await t.kernel.db
      .transaction(async (tx) => {
        await customers().resolveCustomer(tx, agentA.actor, { email: 'rollback@example.com' });
        throw new Error('ticket creation failed');
      })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toBe('ticket creation failed');
    expect((await resolve(agentA.actor, { email: 'rollback@example.com' })).created).toBe(true);
  });

  it('creates exactly one customer for 50 concurrent intakes of the same e-mail', async () => {
    const ws = await t.createWorkspace();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => resolve(ws.admin.actor, { email: i % 2 ? 'Rush@Example.com' : 'rush@example.com ', name: `Rush ${i}` })),
    );
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countRows(`SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1`, [ws.id])).toBe(1);
    expect(await countRows(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND type = 'customer.created'`, [ws.id])).toBe(1);
    expect(await countRows(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND action = 'customer.created'`, [ws.id])).toBe(1);
  });

  it('does not deadlock or duplicate when concurrent intakes name the same identities in different orders', async () => {
    const ws = await t.createWorkspace();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        resolve(ws.admin.actor, i % 2 ? { email: 'pair@example.com', phone: '13700001111' } : { phone: '137 0000 1111', email: 'PAIR@example.com', wechatOpenId: `o-${i}` }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await countRows(`SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1`, [ws.id])).toBe(1);
    // Every distinct openid ended up on the one customer.
    expect(await countRows(`SELECT count(*)::int AS n FROM customer_identities WHERE workspace_id = $1 AND kind = 'wechat_openid'`, [ws.id])).toBe(15);
  });
});

describe('phones stored before international form', () => {
  it('are moved to +86 by the migration, except where another row already holds that number', async () => {
    const ws = await t.createWorkspace();
    const old = await resolve(ws.admin.actor, { name: 'Old form' });
    const withCode = await resolve(ws.admin.actor, { name: 'Country code without plus' });
    const taken = await resolve(ws.admin.actor, { phone: '13955556666', name: 'Already international' });
    const clash = await resolve(ws.admin.actor, { name: 'Clash' });
    const insert = (customerId: string, value: string) =>
      t.kernel.db.query(`INSERT INTO customer_identities (workspace_id, kind, value, customer_id, created_at) VALUES ($1, 'phone', $2, $3, now())`, [ws.id, value, customerId]);
    await insert(old.id, '13911112222');
    await insert(withCode.id, '8613933334444');
    await insert(clash.id, '13955556666');
    await insert(clash.id, '01012345678');
    await t.kernel.db.exec(readFileSync(new URL('../../../migrations/0009_phone_e164.sql', import.meta.url), 'utf8'));
    const phones = await t.kernel.db.query<{ customer_id: string; value: string }>(
      `SELECT customer_id, value FROM customer_identities WHERE workspace_id = $1 AND kind = 'phone' ORDER BY value COLLATE "C"`,
      [ws.id],
    );
    expect(phones).toEqual(
      [
        { customer_id: clash.id, value: '01012345678' },
        { customer_id: clash.id, value: '13955556666' },
        { customer_id: old.id, value: '+8613911112222' },
        { customer_id: withCode.id, value: '+8613933334444' },
        { customer_id: taken.id, value: '+8613955556666' },
      ].sort((x, y) => (x.value < y.value ? -1 : 1)),
    );
    expect((await resolve(ws.admin.actor, { phone: '139 1111 2222' })).id).toBe(old.id);
  });
});

describe('intake of many requests at once', () => {
  const intake = (workspaceId: string, requests: Parameters<ReturnType<typeof customers>['intakeCustomers']>[2]) =>
    t.kernel.db.transaction((tx) => customers().intakeCustomers(tx, workspaceId, requests));

  it('creates new customers together, joins known ones, and gives requests sharing a contact one customer', async () => {
    const ws = await t.createWorkspace();
    const known = await resolve(ws.admin.actor, { email: 'known@example.com', name: 'Known' });
    const agent = await ws.addUser('specialist');
    const results = await intake(ws.id, [
      { actor: ws.admin.actor, customer: { email: 'new-1@example.com', name: 'New One' } },
      { actor: ws.admin.actor, customer: { email: 'KNOWN@example.com', phone: '139 0000 1234' } },
      { actor: ws.admin.actor, customer: { phone: '+86 138 0000 5678', name: 'Twin A' } },
      { actor: agent.actor, customer: { phone: '13800005678', name: 'Twin B' } },
      { actor: ws.admin.actor, customer: { id: known.id } },
      { actor: ws.admin.actor, customer: { name: '只有名字' } },
    ]);
    expect(results[1]!.id).toBe(known.id);
    expect(results[4]!.id).toBe(known.id);
    expect(results[2]!.id).toBe(results[3]!.id);
    expect(new Set(results.map((r) => r.id)).size).toBe(4);
    // The known customer gained the phone; summaries are masked for the request's own actor.
    expect(results[4]!.summary).toMatchObject({ email: 'known@example.com', phone: '+8613900001234' });
    expect(results[3]!.summary.phone).toBe('138****5678');
    expect(results[0]!.searchText).toContain('new-1@example.com');
    expect(await countRows(`SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1`, [ws.id])).toBe(4);
    expect(await countRows(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND type = 'customer.created'`, [ws.id])).toBe(4);
    expect(await countRows(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND action = 'customer.created'`, [ws.id])).toBe(4);
  });

  it('refuses an unknown or foreign customer id and bad contacts, naming the field', async () => {
    const foreign = await resolve(b.admin.actor, { email: 'foreign@example.com' });
    await expect(intake(a.id, [{ actor: a.admin.actor, customer: { id: foreign.id } }])).rejects.toMatchObject({ code: 'not_found' });
    await expect(intake(a.id, [{ actor: a.admin.actor, customer: { id: 'not-a-uuid' } }])).rejects.toMatchObject({ code: 'not_found' });
    const bad = await intake(a.id, [{ actor: a.admin.actor, customer: { email: 'not an e-mail' } }]).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).fields.map((f) => f.field)).toEqual(['email']);
  });

  it('keeps one customer per contact when batches race on the same new contacts', async () => {
    const ws = await t.createWorkspace();
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, batch) =>
        intake(
          ws.id,
          Array.from({ length: 5 }, (_, i) => ({ actor: ws.admin.actor, customer: { email: `race-${(i + batch) % 6}@example.com`, name: `Race ${batch}/${i}` } })),
        ),
      ),
    );
    const byEmail = new Map<string, Set<string>>();
    batches.forEach((results, batch) =>
      results.forEach((result, i) => {
        const email = `race-${(i + batch) % 6}@example.com`;
        byEmail.set(email, (byEmail.get(email) ?? new Set()).add(result.id));
      }),
    );
    expect([...byEmail.values()].map((ids) => ids.size)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await countRows(`SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1`, [ws.id])).toBe(6);
  });
});
