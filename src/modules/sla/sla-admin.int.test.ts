import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
});
afterAll(() => t.close());

const office = {
  name: 'Shanghai office',
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '18:00' }],
    fri: [{ start: '22:00', end: '02:00' }],
  },
  holidays: [{ date: '2026-10-01', name: '国庆节' }],
  extraWorkingDays: [{ date: '2026-10-11', name: '调休' }],
};

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('business calendars', () => {
  it('creates, reads, changes and deletes a calendar with holidays and a working Sunday', async () => {
    const created = await t.request(a.admin, 'POST', '/api/v1/business-calendars', office);
    expect(created.statusCode).toBe(201);
    const calendar = created.json();
    expect(calendar).toMatchObject({ name: 'Shanghai office', timezone: 'Asia/Shanghai', alwaysOpen: false, version: 1 });
    expect(calendar.weekly.sat).toEqual([]);
    expect(calendar.extraWorkingDays).toEqual([{ date: '2026-10-11', name: '调休' }]);
    expect(created.headers.etag).toBe('"1"');

    const list = await t.request(a.admin, 'GET', '/api/v1/business-calendars');
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(calendar.id);
    expect((await t.request(b.admin, 'GET', `/api/v1/business-calendars/${calendar.id}`)).statusCode).toBe(404);

    const renamed = await t.request(a.admin, 'PATCH', `/api/v1/business-calendars/${calendar.id}`, { name: 'SH office', alwaysOpen: true }, { 'if-match': '"1"' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'SH office', alwaysOpen: true, version: 2, timezone: 'Asia/Shanghai' });
    const stale = await t.request(a.admin, 'PATCH', `/api/v1/business-calendars/${calendar.id}`, { name: 'Again' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);

    expect((await t.request(a.admin, 'DELETE', `/api/v1/business-calendars/${calendar.id}`)).statusCode).toBe(200);
    expect((await t.request(a.admin, 'GET', `/api/v1/business-calendars/${calendar.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['overlapping ranges', { weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '14:00' }] } }, ['weekly.mon[1]']],
    ['an empty week', { weekly: {} }, ['weekly']],
    ['a bad time', { weekly: { tue: [{ start: '9am', end: '18:00' }] } }, ['weekly.tue[0].start']],
    ['an unknown time zone', { timezone: 'Mars/Olympus', weekly: { mon: [{ start: '09:00', end: '18:00' }] } }, ['timezone']],
    ['a holiday that is also a working day', { weekly: { mon: [{ start: '09:00', end: '18:00' }] }, holidays: [{ date: '2026-10-03' }], extraWorkingDays: [{ date: '2026-10-03' }] }, ['extraWorkingDays[0].date']],
    ['an unknown field', { weekly: { mon: [{ start: '09:00', end: '18:00' }] }, colour: 'red' }, ['colour']],
    ['a missing name', { name: undefined, weekly: { mon: [{ start: '09:00', end: '18:00' }] } }, ['name']],
  ])('rejects %s with a 400 naming the field', async (_label, patch, fields) => {
    const response = await t.request(a.admin, 'POST', '/api/v1/business-calendars', { name: `Bad ${Math.random()}`, timezone: 'Asia/Shanghai', ...patch });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(response.json())).toEqual(fields);
  });

  it('explains an overlap in Chinese', async () => {
    const response = await t.request(
      a.admin,
      'POST',
      '/api/v1/business-calendars',
      { name: 'Overlap', timezone: 'Asia/Shanghai', weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '14:00' }] } },
      { 'accept-language': 'zh-CN' },
    );
    expect(response.json().errors[0].message).toContain('重叠');
  });

  it('is admin-only for writes and lists hours for the calendar view', async () => {
    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'POST', '/api/v1/business-calendars', { ...office, name: 'Agent cal' })).statusCode).toBe(403);
    const created = (await t.request(a.admin, 'POST', '/api/v1/business-calendars', { ...office, name: 'Hours' })).json();
    // Sat 2026-10-10 00:00 to Mon 2026-10-12 00:00 Shanghai: Friday's 22:00–02:00 spills into Saturday, and
    // Sunday 10-11 (调休) works Monday's hours 09–12, 13–18.
    const hours = await t.request(agent, 'GET', `/api/v1/business-calendars/${created.id}/hours?from=2026-10-09T16:00:00Z&to=2026-10-11T16:00:00Z`);
    expect(hours.statusCode).toBe(200);
    expect(hours.json()).toEqual({
      timezone: 'Asia/Shanghai',
      businessMinutes: 600,
      intervals: [
        { start: '2026-10-09T16:00:00.000Z', end: '2026-10-09T18:00:00.000Z' },
        { start: '2026-10-11T01:00:00.000Z', end: '2026-10-11T04:00:00.000Z' },
        { start: '2026-10-11T05:00:00.000Z', end: '2026-10-11T10:00:00.000Z' },
      ],
    });
    const tooLong = await t.request(agent, 'GET', `/api/v1/business-calendars/${created.id}/hours?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z`);
    expect(tooLong.statusCode).toBe(400);
    expect(fieldsOf(tooLong.json())).toEqual(['to']);
  });

  it('attaches a calendar to a team and refuses to delete a calendar in use', async () => {
    const team = await t.kernel.services.identity.createTeam(a.admin.actor, { name: 'Night shift', kind: 'team' });
    const created = (await t.request(a.admin, 'POST', '/api/v1/business-calendars', { ...office, name: 'Night' })).json();
    const attached = await t.request(a.admin, 'PUT', `/api/v1/teams/${team.id}/calendar`, { calendarId: created.id });
    expect(attached.statusCode).toBe(200);
    expect((await t.request(a.admin, 'GET', `/api/v1/business-calendars/${created.id}`)).json().teamIds).toEqual([team.id]);
    const busy = await t.request(a.admin, 'DELETE', `/api/v1/business-calendars/${created.id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ teams: 1, policies: 0 });
    expect((await t.request(a.admin, 'PUT', `/api/v1/teams/${team.id}/calendar`, { calendarId: null })).statusCode).toBe(200);
    expect((await t.request(a.admin, 'DELETE', `/api/v1/business-calendars/${created.id}`)).statusCode).toBe(200);
    const unknownTeam = await t.request(a.admin, 'PUT', `/api/v1/teams/${b.admin.id}/calendar`, { calendarId: null });
    expect(unknownTeam.statusCode).toBe(404);
  });
});

describe('SLA policies', () => {
  it('seeds the P1/P2/P3 tiers of the product brief', async () => {
    const response = await t.request(b.admin, 'GET', '/api/v1/sla-policies');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { name: string; conditions: unknown; targets: { metric: string; minutes: number }[]; position: number }[];
    expect(items.map((p) => p.name)).toEqual(['P1', 'P2', 'P3']);
    const minutes = (name: string) => Object.fromEntries(items.find((p) => p.name === name)!.targets.map((x) => [x.metric, x.minutes]));
    expect(minutes('P1')).toEqual({ first_response: 5, resolution: 120, progress_update: 30 });
    expect(minutes('P2')).toEqual({ first_response: 15, resolution: 1440, progress_update: 240 });
    expect(minutes('P3')).toEqual({ first_response: 1440 });
    expect(items[0]!.conditions).toEqual({ priorities: ['P1'] });
  });

  it.each([
    ['a zero target', { targets: [{ metric: 'first_response', minutes: 0 }] }, ['targets[0].minutes']],
    ['a negative target', { targets: [{ metric: 'resolution', minutes: -5 }] }, ['targets[0].minutes']],
    ['no targets', { targets: [] }, ['targets']],
    ['a duplicate metric', { targets: [{ metric: 'resolution', minutes: 5 }, { metric: 'resolution', minutes: 9 }] }, ['targets[1].metric']],
    ['an unknown metric', { targets: [{ metric: 'happiness', minutes: 5 }] }, ['targets[0].metric']],
    ['a warning after the due time', { targets: [{ metric: 'resolution', minutes: 5, warn: { minutesBefore: 10 } }] }, ['targets[0].warn.minutesBefore']],
    ['an assignment without a target', { targets: [{ metric: 'resolution', minutes: 5 }], escalation: [{ trigger: 'applied', action: 'assign_to' }] }, ['escalation[0]']],
    ['an unknown field', { targets: [{ metric: 'resolution', minutes: 5, colour: 'red' }] }, ['targets[0].colour']],
  ])('rejects %s with a 400 naming the field', async (_label, body, fields) => {
    const response = await t.request(a.admin, 'POST', '/api/v1/sla-policies', { name: `Bad ${Math.random()}`, ...body });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response.json())).toEqual(fields);
  });

  it('checks references to calendars, users and teams', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/sla-policies', {
      name: 'Refs',
      targets: [{ metric: 'resolution', minutes: 60 }],
      calendarId: '00000000-0000-4000-8000-000000000000',
      conditions: { teamIds: ['00000000-0000-4000-8000-000000000001'] },
      escalation: [{ trigger: 'warning', action: 'assign_to', userId: b.admin.id }],
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response.json())).toEqual(['conditions.teamIds[0]', 'escalation[0].userId']);
    const calendarOnly = await t.request(a.admin, 'POST', '/api/v1/sla-policies', { name: 'Refs', targets: [{ metric: 'resolution', minutes: 60 }], calendarId: '00000000-0000-4000-8000-000000000000' });
    expect(fieldsOf(calendarOnly.json())).toEqual(['calendarId']);
  });

  it('creates at a position, patches with If-Match, reorders and deletes', async () => {
    const agent = await a.addUser('agent');
    const body = {
      name: 'VIP',
      position: 0,
      conditions: { customerTags: ['vip'] },
      targets: [{ metric: 'first_response', minutes: 2, businessTime: true, warn: { percentUsed: 50 } }],
      escalation: [{ trigger: 'applied', action: 'assign_to', userId: a.admin.id }],
    };
    expect((await t.request(agent, 'POST', '/api/v1/sla-policies', body)).statusCode).toBe(403);
    const created = await t.request(a.admin, 'POST', '/api/v1/sla-policies', body);
    expect(created.statusCode).toBe(201);
    const vip = created.json();
    expect(vip).toMatchObject({ position: 0, isActive: true, reopenRestartsResolution: true, countBotReplies: false, version: 1 });
    const names = async () => ((await t.request(agent, 'GET', '/api/v1/sla-policies')).json().items as { name: string }[]).map((p) => p.name);
    expect(await names()).toEqual(['VIP', 'P1', 'P2', 'P3']);
    expect((await t.request(a.admin, 'POST', '/api/v1/sla-policies', { ...body, position: undefined })).statusCode).toBe(409);

    const patched = await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${vip.id}`, { targets: [{ metric: 'first_response', minutes: 3 }] }, { 'if-match': '"1"' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, targets: [{ metric: 'first_response', minutes: 3, businessTime: false }] });
    expect((await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${vip.id}`, { isActive: false }, { 'if-match': '"1"' })).statusCode).toBe(409);
    const badPatch = await t.request(a.admin, 'PATCH', `/api/v1/sla-policies/${vip.id}`, { targets: [{ metric: 'first_response', minutes: 0 }] });
    expect(fieldsOf(badPatch.json())).toEqual(['targets[0].minutes']);

    const all = (await t.request(a.admin, 'GET', '/api/v1/sla-policies')).json().items as { id: string; name: string }[];
    const ids = all.map((p) => p.id);
    const mismatch = await t.request(a.admin, 'PUT', '/api/v1/sla-policies/order', { ids: ids.slice(1) });
    expect(mismatch.statusCode).toBe(400);
    expect(fieldsOf(mismatch.json())).toEqual(['ids']);
    const reordered = await t.request(a.admin, 'PUT', '/api/v1/sla-policies/order', { ids: [...ids.slice(1), ids[0]] });
    expect(reordered.statusCode).toBe(200);
    expect(await names()).toEqual(['P1', 'P2', 'P3', 'VIP']);

    expect((await t.request(a.admin, 'DELETE', `/api/v1/sla-policies/${vip.id}`)).statusCode).toBe(200);
    expect(await names()).toEqual(['P1', 'P2', 'P3']);
    const audit = await t.kernel.services.audit.list(t.kernel.db, { workspaceId: a.id, entityType: 'sla_policy' });
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['sla.policy_created', 'sla.policy_updated', 'sla.policies_reordered', 'sla.policy_deleted']));
  });

  it('refuses to delete a calendar a policy uses', async () => {
    const calendar = (await t.request(a.admin, 'POST', '/api/v1/business-calendars', { ...office, name: 'Policy cal' })).json();
    const policy = (await t.request(a.admin, 'POST', '/api/v1/sla-policies', { name: 'Office hours', calendarId: calendar.id, targets: [{ metric: 'resolution', minutes: 600, businessTime: true }] })).json();
    expect(policy.calendarId).toBe(calendar.id);
    const busy = await t.request(a.admin, 'DELETE', `/api/v1/business-calendars/${calendar.id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ policies: 1 });
  });
});
