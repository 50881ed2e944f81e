import { expect } from 'vitest';
import { systemActor } from '../../../platform/actor.ts';
import { newId } from '../../../platform/ids.ts';
import type { TestContext, TestUser, TestWorkspace } from '../../../testing/test-app.ts';

/** 2026-03-02 is a Monday; 01:00Z is 09:00 in Shanghai. */
export const START = '2026-03-02T01:00:00Z';
export const MIN = 60_000;

/** The clock time `offsetMinutes` after `from` (START by default), as ISO text. */
export const at = (offsetMinutes: number, from = START) => new Date(new Date(from).getTime() + offsetMinutes * MIN).toISOString();

export interface TargetJson {
  metric: string;
  cycle: number;
  status: string;
  dueAt: string | null;
  remainingMs: number;
  elapsedMs: number;
  breachedAt: string | null;
  warnedAt: string | null;
  metAt: string | null;
}

/** What the SLA integration tests do over and over, for the context, workspace and agent their beforeAll made. */
export function slaTestKit(scene: () => { t: TestContext; a: TestWorkspace; agent: TestUser }) {
  async function createTicket(user: TestUser, body: Record<string, unknown> = {}) {
    const { t } = scene();
    const suffix = newId().slice(0, 8);
    const response = await t.request(user, 'POST', '/api/v1/tickets', {
      subject: `SLA ticket ${suffix}`,
      description: 'The service is down.',
      customer: { name: `Customer ${suffix}`, email: `c-${suffix}@example.com` },
      ...body,
    });
    expect(response.statusCode).toBe(201);
    await t.settle();
    return response.json() as { id: string; number: string; customerId: string };
  }

  async function sla(ticketId: string, user: TestUser = scene().agent) {
    const response = await scene().t.request(user, 'GET', `/api/v1/tickets/${ticketId}/sla`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { state: string; nextDueAt: string | null; policy: { name: string } | null; targets: TargetJson[]; history: TargetJson[] };
    const target = (metric: string) => body.targets.find((x) => x.metric === metric);
    return { ...body, target };
  }

  async function reply(ticketId: string, body: Record<string, unknown> = {}, user: TestUser = scene().agent) {
    const { t } = scene();
    const response = await t.request(user, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', body: 'We are on it.', ...body });
    expect(response.statusCode).toBe(201);
    await t.settle();
  }

  async function customerWrites(ticketId: string) {
    const { t, a } = scene();
    await t.kernel.services.tickets.addMessage(systemActor(a.id), ticketId, { kind: 'reply', body: 'Any news?', authorType: 'customer' });
    await t.settle();
  }

  async function patchTicket(ticketId: string, body: Record<string, unknown>, user: TestUser = scene().agent) {
    const { t } = scene();
    const current = await t.request(user, 'GET', `/api/v1/tickets/${ticketId}`);
    const response = await t.request(user, 'PATCH', `/api/v1/tickets/${ticketId}`, body, { 'if-match': String(current.headers.etag) });
    expect(response.statusCode, response.body).toBe(200);
    await t.settle();
  }

  async function eventsOf(ticketId: string, type: string) {
    const { t, a } = scene();
    return t.kernel.db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2 AND type = $3 ORDER BY id`,
      [a.id, ticketId, type],
    );
  }

  async function policyId(name: string, workspace: TestWorkspace = scene().a): Promise<string> {
    const items = (await scene().t.request(workspace.admin, 'GET', '/api/v1/sla-policies')).json().items as { id: string; name: string }[];
    return items.find((p) => p.name === name)!.id;
  }

  return { createTicket, sla, reply, customerWrites, patchTicket, eventsOf, policyId };
}
