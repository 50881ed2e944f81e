import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR_24X7, defaultOfficeCalendar, type BusinessCalendar } from './business-calendar.ts';
import { pendingTimers } from './sla-clock.ts';
import type { Metric, PolicyTarget } from './sla-policy.ts';
import { applyPolicy, applyTargetTimer, applyTicketEvent, matchTicketPolicy, type TicketEventInput } from './sla-reconcile.ts';
import { blankTicketSla, createWork, planSave, timerKey, TIMER_KINDS, type SlaTicketEventType, type SlaWork } from './sla-work.ts';
import type { PolicyRecord } from './sla-policies.repository.ts';
import type { TicketEventBase } from '../tickets/index.ts';

const MIN = 60_000;
// 2026-01-05 is a Monday; 01:00Z is 09:00 in Shanghai, the opening of the office calendar.
const START = new Date('2026-01-05T01:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * MIN);
const minutesOf = (date: Date) => (date.getTime() - START.getTime()) / MIN;
const WS = 'ws-1';
const TICKET = 'ticket-1';

/** What every ticket event carries (the tests vary status and priority as plain text). */
const ticketFacts = (ticket: { status?: string; priority?: string } = {}): TicketEventBase =>
  ({
    ticketId: TICKET,
    number: 'T-1',
    subject: 'Order not delivered',
    status: ticket.status ?? 'open',
    priority: ticket.priority ?? 'P2',
    urgency: 'normal',
    type: 'consultation',
    channel: 'email',
    tags: [],
    customFields: {},
    teamId: null,
    departmentId: null,
    assigneeId: null,
    customerId: 'customer-1',
    createdAt: START.toISOString(),
  }) as TicketEventBase;

function policy(name: string, targets: PolicyTarget[], extra: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    id: `policy-${name}`,
    name,
    description: '',
    position: 0,
    isActive: true,
    conditions: { priorities: [name] },
    targets,
    calendarId: null,
    countBotReplies: false,
    reopenRestartsResolution: true,
    escalation: [],
    version: 1,
    createdAt: START,
    updatedAt: START,
    ...extra,
  };
}

const target = (metric: Metric, minutes: number, extra: Partial<PolicyTarget> = {}): PolicyTarget => ({ metric, minutes, businessTime: false, ...extra });

const P2 = policy('P2', [target('first_response', 60, { warn: { percentUsed: 80 } }), target('next_response', 120), target('resolution', 480)]);
const P1 = policy('P1', [target('first_response', 5), target('resolution', 120)], { position: 1 });

type Step =
  | ['status' | 'priority', number, string]
  | ['reply', number, 'agent' | 'bot' | 'customer', { autoReply?: boolean }?]
  | ['note' | 'merge', number]
  /** An event older than the last one applied (a lower outbox id), delivered late. */
  | ['late status', number, string]
  /** A configuration change: the recompute pass re-matches the ticket against these policies. */
  | ['config', number, PolicyRecord[]]
  | ['timer', number, 'warning' | 'breach', Metric, number];

interface Case {
  name: string;
  policies: PolicyRecord[];
  ticket?: { status?: string; priority?: string };
  steps: Step[];
  /** `metric#cycle status`, then `due <minute>` while open or the minutes used once stopped; `late` once breached. */
  targets: string[];
  /** Event types in order, with the policy name or the target they concern. */
  events: string[];
}

const calendars = (): Map<string, BusinessCalendar> =>
  new Map([
    ['', DEFAULT_CALENDAR_24X7],
    ['office', defaultOfficeCalendar('Asia/Shanghai')],
  ]);

/**
 * Drives the pure reconciliation as the engine does — each event applied, then the policy re-matched, then the
 * plan saved and the work reloaded — and keeps the durable timers the plans schedule and cancel.
 */
function run(c: Case) {
  let policies = c.policies;
  let epoch = 1;
  let lastId = 0;
  const ticket = { status: c.ticket?.status ?? 'open', priority: c.ticket?.priority ?? 'P2' };
  const loaded = calendars();
  const timers = new Map<string, Date>();
  const events: string[] = [];
  let work: SlaWork = createWork(WS, blankTicketSla(ticketFacts(ticket)), [], loaded);

  const rematch = (when: Date) => {
    const matched = matchTicketPolicy(policies, work.state);
    applyPolicy(work, matched, matched?.calendarId ?? null, epoch, when);
  };
  const save = () => {
    const plan = planSave(work);
    for (const spec of plan.schedule) timers.set(spec.key, spec.dueAt);
    for (const key of plan.cancel) timers.delete(key);
    for (const event of plan.events) {
      const p = event.payload as { policyName?: string | null; metric?: string; cycle?: number };
      events.push(`${event.type} ${p.metric ? `${p.metric}#${p.cycle}` : (p.policyName ?? '-')}`);
    }
    work = createWork(WS, work.state, [...work.targets], loaded);
  };
  const deliver = (type: SlaTicketEventType, when: Date, extra: Record<string, unknown> = {}, id = ++lastId) => {
    const payload = { ...ticketFacts(ticket), ...extra };
    const applied = policies.find((p) => p.id === work.state.policyId);
    applyTicketEvent(work, { id, type, occurredAt: when, payload } as TicketEventInput, applied);
    rematch(when);
    save();
  };

  // The ticket's first event: a new state row is matched at creation, then the event applies.
  rematch(START);
  deliver('ticket.created', START, { firstMessageId: 'message-1' });
  for (const step of c.steps) {
    const when = at(step[1]);
    switch (step[0]) {
      case 'status':
        ticket.status = step[2];
        deliver('ticket.status_changed', when);
        break;
      case 'priority':
        ticket.priority = step[2];
        deliver('ticket.priority_changed', when);
        break;
      case 'reply':
        deliver('message.added', when, { kind: 'reply', authorType: step[2], isAutoReply: step[3]?.autoReply ?? false });
        break;
      case 'note':
        deliver('message.added', when, { kind: 'note', authorType: 'agent' });
        break;
      case 'merge':
        ticket.status = 'closed';
        deliver('ticket.merged', when);
        break;
      case 'late status':
        deliver('ticket.status_changed', when, { status: step[2] }, lastId - 1);
        break;
      case 'config':
        policies = step[2];
        epoch++;
        rematch(when);
        save();
        break;
      case 'timer':
        applyTargetTimer(work, step[3], step[4], step[2] === 'warning' ? TIMER_KINDS.warning : TIMER_KINDS.breach, when);
        save();
        break;
    }
    expectTimersMatchTargets(work, timers);
  }

  const targets = work.targets
    .map((t) => {
      const open = t.status === 'active' || t.status === 'paused' || t.status === 'breached';
      const when = open ? (t.dueAt ? ` due ${minutesOf(t.dueAt)}` : '') : ` ${t.elapsedMs / MIN}`;
      return `${t.metric}#${t.cycle} ${t.status}${when}${t.breachedAt ? ' late' : ''}`;
    })
    .sort();
  return { targets, events, state: work.state };
}

/** The timers the plans left are exactly those the targets need: nothing stale, nothing missing. */
function expectTimersMatchTargets(work: SlaWork, timers: Map<string, Date>): void {
  const wanted = new Map<string, number>();
  for (const t of work.targets) {
    const pending = pendingTimers(t);
    if (pending.warnAt) wanted.set(timerKey(TICKET, t.metric, t.cycle, 'warn'), pending.warnAt.getTime());
    if (pending.breachAt) wanted.set(timerKey(TICKET, t.metric, t.cycle, 'breach'), pending.breachAt.getTime());
  }
  expect(new Map([...timers].map(([key, due]) => [key, due.getTime()]))).toEqual(wanted);
}

const APPLIED_P2 = 'sla.policy_applied P2';

const cases: Case[] = [
  // First response
  {
    name: 'first response and resolution start at creation; the first agent reply meets first response',
    policies: [P2],
    steps: [['reply', 30, 'agent']],
    targets: ['first_response#1 met 30', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  {
    name: 'an internal note, an auto-reply and a bot (not counted) leave first response running',
    policies: [P2],
    steps: [['note', 5], ['reply', 6, 'agent', { autoReply: true }], ['reply', 7, 'bot']],
    targets: ['first_response#1 active due 60', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  {
    name: 'a bot reply meets first response when the policy counts bots',
    policies: [{ ...P2, countBotReplies: true }],
    steps: [['reply', 7, 'bot']],
    targets: ['first_response#1 met 7', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  {
    name: 'a customer follow-up before the first reply starts no next response',
    policies: [P2],
    steps: [['reply', 5, 'customer'], ['reply', 20, 'agent']],
    targets: ['first_response#1 met 20', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  // Next response
  {
    name: 'a customer message after the first reply starts next response; the agent reply meets it',
    policies: [P2],
    steps: [['reply', 10, 'agent'], ['reply', 60, 'customer'], ['reply', 100, 'agent'], ['reply', 200, 'customer']],
    targets: ['first_response#1 met 10', 'next_response#1 met 40', 'next_response#2 active due 320', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  {
    name: 'a second customer message keeps next response counting from the first unanswered one',
    policies: [P2],
    steps: [['reply', 10, 'agent'], ['reply', 60, 'customer'], ['reply', 90, 'customer']],
    targets: ['first_response#1 met 10', 'next_response#1 active due 180', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  {
    name: 'progress updates run again from each agent reply',
    policies: [policy('P2', [target('progress_update', 30)])],
    steps: [['reply', 10, 'agent'], ['reply', 30, 'agent']],
    targets: ['progress_update#1 met 20', 'progress_update#2 active due 60'],
    events: [APPLIED_P2],
  },
  // Resolution
  {
    name: 'solving meets resolution and cancels an unanswered first response; a reopen starts a new cycle',
    policies: [P2],
    steps: [['status', 100, 'solved'], ['status', 200, 'open']],
    targets: ['first_response#1 cancelled 100', 'resolution#1 met 100', 'resolution#2 active due 680'],
    events: [APPLIED_P2],
  },
  {
    name: 'a reopen without restart resumes the met resolution with the time it had used',
    policies: [{ ...P2, reopenRestartsResolution: false }],
    steps: [['reply', 10, 'agent'], ['status', 100, 'solved'], ['status', 200, 'open']],
    targets: ['first_response#1 met 10', 'resolution#1 active due 580'],
    events: [APPLIED_P2],
  },
  {
    name: 'a merged-away ticket cancels resolution instead of meeting it',
    policies: [P2],
    steps: [['merge', 50]],
    targets: ['first_response#1 cancelled 50', 'resolution#1 cancelled 50'],
    events: [APPLIED_P2],
  },
  {
    name: 'an older event delivered late does not roll the status back',
    policies: [P2],
    steps: [['status', 100, 'solved'], ['late status', 90, 'open']],
    targets: ['first_response#1 cancelled 100', 'resolution#1 met 100'],
    events: [APPLIED_P2],
  },
  {
    name: 'resolution in business time counts only office hours',
    policies: [policy('P2', [target('resolution', 600, { businessTime: true })], { calendarId: 'office' })],
    // 9 h on Monday (09:00–18:00 Shanghai), the 10th hour on Tuesday from 09:00: Tuesday 10:00 = 1500 min.
    steps: [],
    targets: ['resolution#1 active due 1500'],
    events: [APPLIED_P2],
  },
  // Pause and resume
  {
    name: 'pending pauses every running clock; reopening resumes them with the pause added to the due time',
    policies: [P2],
    steps: [['status', 30, 'pending'], ['status', 90, 'open']],
    targets: ['first_response#1 active due 120', 'resolution#1 active due 540'],
    events: [APPLIED_P2],
  },
  {
    name: 'paused clocks have no due time and no timers',
    policies: [P2],
    steps: [['status', 30, 'on_hold']],
    targets: ['first_response#1 paused', 'resolution#1 paused'],
    events: [APPLIED_P2],
  },
  {
    name: 'a ticket created pending starts paused',
    policies: [P2],
    ticket: { status: 'pending' },
    steps: [['status', 30, 'open']],
    targets: ['first_response#1 active due 90', 'resolution#1 active due 510'],
    events: [APPLIED_P2],
  },
  {
    name: 'solving a paused ticket meets resolution with the time used before the pause',
    policies: [P2],
    steps: [['status', 30, 'pending'], ['status', 90, 'solved']],
    targets: ['first_response#1 cancelled 30', 'resolution#1 met 30'],
    events: [APPLIED_P2],
  },
  // Warning and breach
  {
    name: 'the warning fires at 80 %, the breach at the due time, and a late reply meets it late',
    policies: [P2],
    steps: [['timer', 48, 'warning', 'first_response', 1], ['timer', 60, 'breach', 'first_response', 1], ['reply', 70, 'agent']],
    targets: ['first_response#1 met 70 late', 'resolution#1 active due 480'],
    events: [APPLIED_P2, 'sla.warning first_response#1', 'sla.breached first_response#1'],
  },
  {
    name: 'a breach noticed before its warning warns first, once',
    policies: [P2],
    steps: [['timer', 61, 'breach', 'first_response', 1], ['timer', 62, 'warning', 'first_response', 1], ['timer', 63, 'breach', 'first_response', 1]],
    targets: ['first_response#1 breached due 60 late', 'resolution#1 active due 480'],
    events: [APPLIED_P2, 'sla.warning first_response#1', 'sla.breached first_response#1'],
  },
  {
    name: 'stale timers change nothing: not yet due, already met, or of an unknown cycle',
    policies: [P2],
    steps: [['timer', 30, 'breach', 'first_response', 1], ['reply', 40, 'agent'], ['timer', 60, 'breach', 'first_response', 1], ['timer', 60, 'breach', 'next_response', 1]],
    targets: ['first_response#1 met 40', 'resolution#1 active due 480'],
    events: [APPLIED_P2],
  },
  {
    name: 'a breached clock paused and resumed stays breached',
    policies: [P2],
    steps: [['timer', 60, 'breach', 'first_response', 1], ['status', 70, 'pending'], ['status', 80, 'open']],
    targets: ['first_response#1 breached due 60 late', 'resolution#1 active due 490'],
    events: [APPLIED_P2, 'sla.warning first_response#1', 'sla.breached first_response#1'],
  },
  // Policy change
  {
    name: 'a priority change moves the ticket to another policy, keeping the time used',
    policies: [P2, P1],
    steps: [['priority', 2, 'P1']],
    targets: ['first_response#1 active due 5', 'resolution#1 active due 120'],
    events: [APPLIED_P2, 'sla.policy_applied P1'],
  },
  {
    name: 'a priority no policy matches cancels the clocks',
    policies: [P2],
    steps: [['priority', 20, 'P9']],
    targets: ['first_response#1 cancelled 20', 'resolution#1 cancelled 20'],
    events: [APPLIED_P2, 'sla.policy_applied -'],
  },
  {
    name: 'a configuration change that drops a metric cancels it and one that shortens a target retargets it',
    policies: [P2],
    steps: [['config', 100, [{ ...P2, version: 2, targets: [target('resolution', 240)] }]]],
    targets: ['first_response#1 cancelled 100', 'resolution#1 active due 240'],
    events: [APPLIED_P2],
  },
  {
    // At 50 it has used 50 - 30 paused = 20 of its 60 minutes.
    name: 'a metric added by a configuration change counts from creation, less the pauses',
    policies: [policy('P2', [target('resolution', 480)])],
    steps: [['status', 10, 'pending'], ['status', 40, 'open'], ['config', 50, [policy('P2', [target('first_response', 60), target('resolution', 480)])]]],
    targets: ['first_response#1 active due 90', 'resolution#1 active due 510'],
    events: [APPLIED_P2],
  },
  {
    name: 'an inactive policy no longer applies',
    policies: [P2],
    steps: [['config', 15, [{ ...P2, isActive: false }]]],
    targets: ['first_response#1 cancelled 15', 'resolution#1 cancelled 15'],
    events: [APPLIED_P2, 'sla.policy_applied -'],
  },
];

describe('SLA reconciliation', () => {
  it.each(cases)('$name', (c) => {
    const result = run(c);
    expect(result.targets).toEqual(c.targets);
    expect(result.events).toEqual(c.events);
  });

  it('records the applied policy and configuration on the ticket state', () => {
    const { state } = run({ name: 'config', policies: [P2], steps: [['config', 5, [{ ...P2, version: 3 }]]], targets: [], events: [] });
    expect({ policyId: state.policyId, policyVersion: state.policyVersion, configEpoch: state.configEpoch }).toEqual({ policyId: P2.id, policyVersion: 3, configEpoch: 2 });
  });

  it('starts a ticket first seen from what its event carries, paused from creation when it waits', () => {
    expect(blankTicketSla(ticketFacts())).toMatchObject({ ticketId: TICKET, number: 'T-1', ticketStatus: 'open', isOpen: true, priority: 'P2', customerId: 'customer-1', ticketCreatedAt: START, pausedSince: null });
    expect(blankTicketSla(ticketFacts({ status: 'pending' })).pausedSince).toEqual(START);
    expect(blankTicketSla(ticketFacts({ status: 'closed' })).isOpen).toBe(false);
  });

  it('plans nothing when nothing changed', () => {
    const work = createWork(WS, blankTicketSla(ticketFacts()), [], calendars());
    expect(planSave(work)).toEqual({ targets: [], schedule: [], cancel: [], events: [], timeline: [], summary: null });
  });
});
