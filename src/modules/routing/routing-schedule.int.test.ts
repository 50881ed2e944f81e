/** Working schedules end to end: team hours with an agent's own override, assignment only on shift, the queue served when a shift starts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

// A Monday, 09:00 in Shanghai (the workspace's zone).
const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let team: string;
let ann: TestUser;
let bob: TestUser;
let sue: TestUser;

const off = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  team = (await t.kernel.services.identity.createTeam(systemActor(a.id), { name: 'Morning desk', kind: 'team' })).id;
  ann = await a.addUser('agent', { teamIds: [team], name: 'Ann' });
  bob = await a.addUser('agent', { teamIds: [team], name: 'Bob' });
  sue = await a.addUser('supervisor', { teamIds: [], name: 'Sue' });
  for (const user of [ann, bob]) await t.request(user, 'PATCH', '/api/v1/me', { presence: 'online' });
  await t.settle();
});
afterAll(() => t.close());

async function newTicket(subject: string) {
  const response = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject, customer: { name: '张伟' }, teamId: team });
  expect(response.statusCode).toBe(201);
  await t.settle();
  return (response.json() as { id: string }).id;
}
const assigneeOf = async (ticketId: string) =>
  (await t.kernel.db.query<{ assignee_id: string | null }>(`SELECT assignee_id FROM tickets WHERE workspace_id = $1 AND id = $2`, [a.id, ticketId]))[0]!.assignee_id;

describe('working schedules', () => {
  it('assigns only to agents on shift (own hours over the team’s) and serves the queue when a shift starts', async () => {
    const setTeam = await t.request(sue, 'PUT', `/api/v1/routing/teams/${team}`, { strategy: 'least_loaded', schedule: { ...off, mon: [{ start: '09:00', end: '12:00' }] } });
    expect(setTeam.statusCode).toBe(200);
    expect(setTeam.json().schedule.mon).toEqual([{ start: '09:00', end: '12:00' }]);
    const setBob = await t.request(sue, 'PUT', `/api/v1/routing/agents/${bob.id}`, { schedule: { ...off, mon: [{ start: '13:00', end: '18:00' }] } });
    expect(setBob.statusCode).toBe(200);
    expect(setBob.json().schedule.mon).toEqual([{ start: '13:00', end: '18:00' }]);
    await t.settle();

    // 09:30: only Ann works the team's morning hours; Bob's own hours start at 13:00.
    t.clock.set('2026-03-02T01:30:00Z');
    const morning = [await newTicket('Morning 1'), await newTicket('Morning 2')];
    for (const id of morning) expect(await assigneeOf(id)).toBe(ann.id);

    // 12:30: nobody on shift; the ticket waits.
    t.clock.set('2026-03-02T04:30:00Z');
    const lunch = await newTicket('Over lunch');
    expect(await assigneeOf(lunch)).toBeNull();

    // 13:00: Bob's shift starts (a durable timer), and the waiting ticket goes to him.
    t.clock.set('2026-03-02T05:00:00Z');
    await t.settle();
    expect(await assigneeOf(lunch)).toBe(bob.id);

    // Keeping the team's hours while changing its strategy; clearing Bob's makes him work the team's.
    const keep = await t.request(sue, 'PUT', `/api/v1/routing/teams/${team}`, { strategy: 'round_robin' });
    expect(keep.json().schedule.mon).toEqual([{ start: '09:00', end: '12:00' }]);
    const cleared = await t.request(sue, 'PUT', `/api/v1/routing/agents/${bob.id}`, { schedule: null });
    expect(cleared.json().schedule).toBeNull();
    const afternoon = await newTicket('Afternoon');
    expect(await assigneeOf(afternoon)).toBeNull();
  });

  it('refuses hours it cannot read, naming the range, and keeps what was stored', async () => {
    const response = await t.request(sue, 'PUT', `/api/v1/routing/agents/${ann.id}`, { schedule: { ...off, tue: [{ start: '09:00', end: '18:00' }, { start: '25:00', end: '26:00' }] } });
    expect(response.statusCode).toBe(400);
    const errors = response.json().errors as { field: string; message: string }[];
    expect(errors.map((error) => error.field)).toContain('schedule.tue[1].start');
    expect(errors.every((error) => error.message.length > 0)).toBe(true);
    // In the user's language.
    const zh = await t.request(sue, 'PUT', `/api/v1/routing/agents/${ann.id}`, { schedule: { ...off, tue: [{ start: '25:00', end: '26:00' }] } }, { 'accept-language': 'zh-CN' });
    expect(zh.statusCode).toBe(400);
    expect((zh.json().errors as { message: string }[])[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    const agents = (await t.request(sue, 'GET', '/api/v1/routing/agents')).json().items as { userId: string; schedule: unknown }[];
    expect(agents.find((agent) => agent.userId === ann.id)!.schedule).toBeNull();
  });
});
