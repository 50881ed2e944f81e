import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-03-02T01:00:00Z' });
  a = await t.createWorkspace();
});
afterAll(() => t.close());

const policyOf = async (ticketId: string) => (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/sla`)).json().policy?.name as string | undefined;

describe('urgency in SLA policy conditions', () => {
  it('applies the policy for the ticket’s urgency at creation and follows a change of urgency', async () => {
    const created = await t.request(a.admin, 'POST', '/api/v1/sla-policies', {
      name: 'Critical cases',
      position: 0,
      conditions: { urgencies: ['critical'] },
      targets: [{ metric: 'first_response', minutes: 2 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().conditions).toEqual({ urgencies: ['critical'] });

    const ticket = async (urgency: string) => {
      const response = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: `An ${urgency} case`, customer: { name: 'Urgency customer' }, priority: 'P2', urgency });
      expect(response.statusCode).toBe(201);
      return response.json() as { id: string };
    };
    const critical = await ticket('critical');
    const normal = await ticket('normal');
    await t.settle();
    expect(await policyOf(critical.id)).toBe('Critical cases');
    expect(await policyOf(normal.id)).toBe('P2');

    // The urgency rises: the next event carries it and the ticket moves to the stricter policy.
    const raised = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${normal.id}`, { urgency: 'critical' }, { 'if-match': '"1"' });
    expect(raised.statusCode).toBe(200);
    await t.settle();
    expect(await policyOf(normal.id)).toBe('Critical cases');
    const sla = (await t.request(a.admin, 'GET', `/api/v1/tickets/${normal.id}/sla`)).json();
    expect(sla.targets.find((target: { metric: string }) => target.metric === 'first_response')).toMatchObject({ status: 'active' });

    // And back down: the priority's policy applies again.
    await t.request(a.admin, 'PATCH', `/api/v1/tickets/${normal.id}`, { urgency: 'urgent' }, { 'if-match': '"2"' });
    await t.settle();
    expect(await policyOf(normal.id)).toBe('P2');
  });

  it('refuses an unknown urgency in a policy, naming the field', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/sla-policies', { name: 'Bad', conditions: { urgencies: ['asap'] }, targets: [{ metric: 'resolution', minutes: 60 }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('conditions.urgencies[0]');
  });
});
