/** Triage: trained on the workspace's own tickets on request (with progress), a prediction stored per new ticket and announced. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;

const HISTORY: [string, string, 'P1' | 'P2' | 'P3'][] = [
  ['我要投诉你们的客服态度太差', 'complaint', 'P1'],
  ['投诉：快递员把包裹扔在门口', 'complaint', 'P1'],
  ['再次投诉，问题一直没有解决', 'complaint', 'P1'],
  ['耳机坏了，申请保修维修', 'after_sales', 'P2'],
  ['收到的商品破损，要换货', 'after_sales', 'P2'],
  ['屏幕坏了能不能保修', 'after_sales', 'P2'],
  ['请问你们几点上班', 'consultation', 'P3'],
  ['这款衣服有没有黑色的', 'consultation', 'P3'],
  ['请问支持花呗付款吗', 'consultation', 'P3'],
];

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace({ locale: 'zh-CN' });
  agent = await a.addUser('agent');
  for (let round = 0; round < 8; round++) {
    for (const [subject, type, priority] of HISTORY) await t.kernel.services.tickets.createTicket(a.admin.actor, { subject: `${subject} ${round}`, customer: { name: '客户' }, type, priority });
  }
  await t.kernel.dispatcher.drain();
});
afterAll(() => t.close());

describe('triage', () => {
  it('predicts sentiment before any training, and type and priority once trained on request', async () => {
    const early = await t.kernel.services.tickets.createTicket(a.admin.actor, { subject: '你们太慢了，我要投诉！！', customer: { name: '客户' } });
    await t.kernel.dispatcher.drain();
    expect((await t.request(agent, 'GET', `/api/v1/bot/triage/tickets/${early.id}`)).json().prediction).toMatchObject({ sentiment: 'negative', type: null, priority: null, modelVersion: null });

    expect((await t.request(agent, 'POST', '/api/v1/bot/triage/train')).statusCode).toBe(403);
    const requested = await t.request(a.admin, 'POST', '/api/v1/bot/triage/train');
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toMatchObject({ status: 'queued', progress: 0 });
    // Asking again while it waits returns the same run.
    expect((await t.request(a.admin, 'POST', '/api/v1/bot/triage/train')).json().id).toBe(requested.json().id);

    expect(await t.kernel.services.bot.runPendingTraining()).toBe(1);
    expect(await t.kernel.services.bot.runPendingTraining()).toBe(0);
    const training = (await t.request(a.admin, 'GET', '/api/v1/bot/triage/training')).json();
    expect(training.run).toMatchObject({ status: 'done', progress: 146, total: 146 });
    expect(training.model).toMatchObject({ version: 1, sampleCount: 73 });
    // With this few tickets the engine holds none out to calibrate on, so it reports no accuracy.
    expect(training.model.metrics).toMatchObject({ samples: 73, typeAccuracy: null });

    const ticket = await t.kernel.services.tickets.createTicket(a.admin.actor, { subject: '投诉客服态度', description: '客服态度太差，我要投诉', customer: { name: '客户' } });
    await t.kernel.dispatcher.drain();
    const detail = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(detail.extensions.triage).toMatchObject({ type: 'complaint', priority: 'P1', sentiment: 'negative', modelVersion: 1 });
    expect(detail.extensions.triage.typeConfidence).toBeGreaterThan(0.5);

    const events = await t.kernel.db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox_events WHERE workspace_id = $1 AND type = 'triage.predicted' AND aggregate_id = $2`, [a.id, ticket.id]);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ ticketId: ticket.id, type: 'complaint', priority: 'P1', sentiment: 'negative' });

    // A redelivered ticket.created stores nothing twice and announces nothing twice.
    await t.kernel.db.query(`DELETE FROM outbox_deliveries WHERE workspace_id = $1 AND subscriber = 'bot.triage'`, [a.id]);
    await t.kernel.db.query(`UPDATE outbox_events SET dispatched_at = NULL WHERE workspace_id = $1 AND type = 'ticket.created' AND aggregate_id = $2`, [a.id, ticket.id]);
    await t.kernel.dispatcher.drain();
    expect(await t.kernel.db.query(`SELECT 1 FROM outbox_events WHERE workspace_id = $1 AND type = 'triage.predicted' AND aggregate_id = $2`, [a.id, ticket.id])).toHaveLength(1);
  });

  it('a run whose node died is picked up again once its lease runs out', async () => {
    const run = (await t.request(a.admin, 'POST', '/api/v1/bot/triage/train')).json();
    await t.kernel.db.query(`UPDATE triage_training_runs SET status = 'running', lease_until = $3, progress = 40 WHERE workspace_id = $1 AND id = $2`, [a.id, run.id, new Date(t.clock.now().getTime() + 30_000)]);
    expect(await t.kernel.services.bot.runPendingTraining()).toBe(0);
    t.clock.advanceMinutes(2);
    expect(await t.kernel.services.bot.runPendingTraining()).toBe(1);
    expect((await t.request(a.admin, 'GET', '/api/v1/bot/triage/training')).json().model.version).toBe(2);
  });

  it('keeps predictions and training in their workspace', async () => {
    const b = await t.createWorkspace();
    const stranger = await b.addUser('agent');
    const ticket = (await t.kernel.services.tickets.listTickets(a.admin.actor, { limit: 1 })).items[0]!;
    expect((await t.request(stranger, 'GET', `/api/v1/bot/triage/tickets/${ticket.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'GET', '/api/v1/bot/triage/training')).json()).toEqual({ run: null, model: null });
  });
});
