import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR_24X7, defaultOfficeCalendar, type BusinessCalendar } from './business-calendar.ts';
import {
  cancelTarget,
  elapsedAt,
  elapsedWithPauses,
  markBreached,
  markWarned,
  meetTarget,
  pauseTarget,
  pendingTimers,
  remainingMs,
  reopenTarget,
  resumeTarget,
  retarget,
  startTarget,
  summarize,
  type TargetClock,
} from './sla-clock.ts';

const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
// Mon–Fri 09:00–18:00 Shanghai = 01:00–10:00 UTC. 2026-01-05 is a Monday.
const office = defaultOfficeCalendar('Asia/Shanghai');

type Step =
  | ['pause' | 'resume' | 'meet' | 'cancel', string]
  | ['reopen', string, boolean]
  | ['retarget', string, { minutes: number; businessTime?: boolean; warnMinutes?: number | null }]
  | ['warn' | 'breach', string];

function run(start: { at: string; minutes: number; businessTime?: boolean; warnMinutes?: number | null; paused?: boolean }, steps: Step[], calendar: BusinessCalendar = office) {
  let target = startTarget(
    { at: at(start.at), targetMs: start.minutes * MIN, businessTime: start.businessTime ?? false, warnElapsedMs: start.warnMinutes == null ? null : start.warnMinutes * MIN, paused: start.paused },
    calendar,
  );
  for (const step of steps) {
    const when = at(step[1]);
    switch (step[0]) {
      case 'pause':
        target = pauseTarget(target, when, calendar);
        break;
      case 'resume':
        target = resumeTarget(target, when, calendar);
        break;
      case 'meet':
        target = meetTarget(target, when, calendar);
        break;
      case 'cancel':
        target = cancelTarget(target, when, calendar);
        break;
      case 'reopen':
        target = reopenTarget(target, when, calendar, step[2]);
        break;
      case 'retarget': {
        const change = step[2];
        target = retarget(
          target,
          { targetMs: change.minutes * MIN, businessTime: change.businessTime ?? target.businessTime, warnElapsedMs: change.warnMinutes == null ? null : change.warnMinutes * MIN },
          when,
          calendar,
          calendar,
        );
        break;
      }
      case 'warn':
        target = markWarned(target, when) ?? target;
        break;
      case 'breach':
        target = markBreached(target, when) ?? target;
        break;
    }
  }
  return target;
}

const view = (t: TargetClock) => ({ status: t.status, dueAt: iso(t.dueAt), warnAt: iso(t.warnAt), elapsedMin: t.elapsedMs / MIN });

describe('a target clock', () => {
  it.each<[string, Parameters<typeof run>[0], Step[], ReturnType<typeof view>]>([
    ['calendar time: due after the budget', { at: '2026-01-05T02:00:00Z', minutes: 5, warnMinutes: 4 }, [], { status: 'active', dueAt: '2026-01-05T02:05:00.000Z', warnAt: '2026-01-05T02:04:00.000Z', elapsedMin: 0 }],
    [
      'business time: skips the night',
      { at: '2026-01-05T09:30:00Z', minutes: 60, businessTime: true, warnMinutes: 48 },
      [],
      { status: 'active', dueAt: '2026-01-06T01:30:00.000Z', warnAt: '2026-01-06T01:18:00.000Z', elapsedMin: 0 },
    ],
    [
      'business time: created on Saturday starts on Monday',
      { at: '2026-01-10T03:00:00Z', minutes: 30, businessTime: true },
      [],
      { status: 'active', dueAt: '2026-01-12T01:30:00.000Z', warnAt: null, elapsedMin: 0 },
    ],
    ['pause keeps the elapsed time and clears the due time', { at: '2026-01-05T02:00:00Z', minutes: 60 }, [['pause', '2026-01-05T02:20:00Z']], { status: 'paused', dueAt: null, warnAt: null, elapsedMin: 20 }],
    [
      'resume moves the due time by the pause',
      { at: '2026-01-05T02:00:00Z', minutes: 60, warnMinutes: 45 },
      [
        ['pause', '2026-01-05T02:20:00Z'],
        ['resume', '2026-01-05T03:20:00Z'],
      ],
      { status: 'active', dueAt: '2026-01-05T04:00:00.000Z', warnAt: '2026-01-05T03:45:00.000Z', elapsedMin: 20 },
    ],
    [
      'business-time pause over the night counts only open minutes',
      { at: '2026-01-05T09:00:00Z', minutes: 120, businessTime: true },
      [
        ['pause', '2026-01-05T09:30:00Z'],
        ['resume', '2026-01-06T01:00:00Z'],
      ],
      { status: 'active', dueAt: '2026-01-06T02:30:00.000Z', warnAt: null, elapsedMin: 30 },
    ],
    ['met stops the clock', { at: '2026-01-05T02:00:00Z', minutes: 5 }, [['meet', '2026-01-05T02:03:00Z']], { status: 'met', dueAt: '2026-01-05T02:05:00.000Z', warnAt: null, elapsedMin: 3 }],
    [
      'warning then breach, each once',
      { at: '2026-01-05T02:00:00Z', minutes: 5, warnMinutes: 4 },
      [
        ['warn', '2026-01-05T02:04:00Z'],
        ['warn', '2026-01-05T02:04:30Z'],
        ['breach', '2026-01-05T02:05:00Z'],
        ['breach', '2026-01-05T02:06:00Z'],
      ],
      { status: 'breached', dueAt: '2026-01-05T02:05:00.000Z', warnAt: '2026-01-05T02:04:00.000Z', elapsedMin: 0 },
    ],
    ['a breach timer before the due time is stale', { at: '2026-01-05T02:00:00Z', minutes: 5 }, [['breach', '2026-01-05T02:04:59Z']], { status: 'active', dueAt: '2026-01-05T02:05:00.000Z', warnAt: null, elapsedMin: 0 }],
    [
      'a paused target does not breach',
      { at: '2026-01-05T02:00:00Z', minutes: 5 },
      [
        ['pause', '2026-01-05T02:01:00Z'],
        ['breach', '2026-01-05T02:10:00Z'],
      ],
      { status: 'paused', dueAt: null, warnAt: null, elapsedMin: 1 },
    ],
    [
      'pause and resume a breached target: still breached, due time kept',
      { at: '2026-01-05T02:00:00Z', minutes: 5 },
      [
        ['breach', '2026-01-05T02:05:00Z'],
        ['pause', '2026-01-05T02:07:00Z'],
        ['resume', '2026-01-05T02:30:00Z'],
      ],
      { status: 'breached', dueAt: '2026-01-05T02:05:00.000Z', warnAt: null, elapsedMin: 7 },
    ],
    [
      'met late keeps the breach',
      { at: '2026-01-05T02:00:00Z', minutes: 5 },
      [
        ['breach', '2026-01-05T02:05:00Z'],
        ['meet', '2026-01-05T02:09:00Z'],
      ],
      { status: 'met', dueAt: '2026-01-05T02:05:00.000Z', warnAt: null, elapsedMin: 9 },
    ],
    [
      'retarget to a longer budget keeps the elapsed time',
      { at: '2026-01-05T02:00:00Z', minutes: 15, warnMinutes: 12 },
      [['retarget', '2026-01-05T02:10:00Z', { minutes: 120, warnMinutes: 96 }]],
      { status: 'active', dueAt: '2026-01-05T04:00:00.000Z', warnAt: '2026-01-05T03:36:00.000Z', elapsedMin: 10 },
    ],
    [
      'retarget to a budget already used up is due at once',
      { at: '2026-01-05T02:00:00Z', minutes: 120 },
      [['retarget', '2026-01-05T02:10:00Z', { minutes: 5 }]],
      { status: 'active', dueAt: '2026-01-05T02:10:00.000Z', warnAt: null, elapsedMin: 10 },
    ],
    [
      'retarget a paused target: stays paused with the new budget',
      { at: '2026-01-05T02:00:00Z', minutes: 60 },
      [
        ['pause', '2026-01-05T02:10:00Z'],
        ['retarget', '2026-01-05T03:00:00Z', { minutes: 30 }],
        ['resume', '2026-01-05T04:00:00Z'],
      ],
      { status: 'active', dueAt: '2026-01-05T04:20:00.000Z', warnAt: null, elapsedMin: 10 },
    ],
    [
      'reopen without restart continues from the used time',
      { at: '2026-01-05T02:00:00Z', minutes: 120 },
      [
        ['meet', '2026-01-05T03:00:00Z'],
        ['reopen', '2026-01-06T02:00:00Z', false],
      ],
      { status: 'active', dueAt: '2026-01-06T03:00:00.000Z', warnAt: null, elapsedMin: 60 },
    ],
    [
      'reopen into waiting on the customer is paused',
      { at: '2026-01-05T02:00:00Z', minutes: 120 },
      [
        ['meet', '2026-01-05T03:00:00Z'],
        ['reopen', '2026-01-06T02:00:00Z', true],
      ],
      { status: 'paused', dueAt: null, warnAt: null, elapsedMin: 60 },
    ],
    ['cancel', { at: '2026-01-05T02:00:00Z', minutes: 5 }, [['cancel', '2026-01-05T02:02:00Z']], { status: 'cancelled', dueAt: '2026-01-05T02:05:00.000Z', warnAt: null, elapsedMin: 2 }],
    ['start paused', { at: '2026-01-05T02:00:00Z', minutes: 5, paused: true }, [['resume', '2026-01-05T03:00:00Z']], { status: 'active', dueAt: '2026-01-05T03:05:00.000Z', warnAt: null, elapsedMin: 0 }],
    [
      'an event older than the last change adds no time',
      { at: '2026-01-05T02:00:00Z', minutes: 60 },
      [
        ['pause', '2026-01-05T02:20:00Z'],
        ['resume', '2026-01-05T02:30:00Z'],
        ['pause', '2026-01-05T02:25:00Z'],
      ],
      { status: 'paused', dueAt: null, warnAt: null, elapsedMin: 20 },
    ],
  ])('%s', (_name, start, steps, expected) => {
    expect(view(run(start, steps))).toEqual(expected);
  });

  it('reports elapsed and remaining business time while running', () => {
    const target = run({ at: '2026-01-05T09:00:00Z', minutes: 120, businessTime: true }, []);
    expect(elapsedAt(target, at('2026-01-06T01:30:00Z'), office) / MIN).toBe(90);
    expect(remainingMs(target, at('2026-01-06T01:30:00Z'), office) / MIN).toBe(30);
    expect(remainingMs(target, at('2026-01-06T03:00:00Z'), office) / MIN).toBe(-60);
  });

  it('asks for timers only while active', () => {
    const active = run({ at: '2026-01-05T02:00:00Z', minutes: 5, warnMinutes: 4 }, []);
    expect(pendingTimers(active)).toEqual({ warnAt: at('2026-01-05T02:04:00Z'), breachAt: at('2026-01-05T02:05:00Z') });
    const warned = markWarned(active, at('2026-01-05T02:04:00Z'))!;
    expect(pendingTimers(warned)).toEqual({ warnAt: null, breachAt: at('2026-01-05T02:05:00Z') });
    expect(pendingTimers(markBreached(warned, at('2026-01-05T02:05:00Z'))!)).toEqual({ warnAt: null, breachAt: null });
    expect(pendingTimers(pauseTarget(active, at('2026-01-05T02:01:00Z'), office))).toEqual({ warnAt: null, breachAt: null });
  });

  it('counts a late-added target from the ticket creation minus its pauses', () => {
    const from = at('2026-01-05T02:00:00Z');
    const pauses: [number, number][] = [[at('2026-01-05T02:10:00Z').getTime(), at('2026-01-05T02:40:00Z').getTime()]];
    expect(elapsedWithPauses(DEFAULT_CALENDAR_24X7, false, from, at('2026-01-05T03:00:00Z'), pauses, null) / MIN).toBe(30);
    expect(elapsedWithPauses(DEFAULT_CALENDAR_24X7, false, from, at('2026-01-05T03:00:00Z'), pauses, at('2026-01-05T02:50:00Z')) / MIN).toBe(20);
    // Business time: 09:00–18:00 Shanghai; from 17:30 local to 09:30 next day = 60 open minutes.
    expect(elapsedWithPauses(office, true, at('2026-01-05T09:30:00Z'), at('2026-01-06T01:30:00Z'), [], null) / MIN).toBe(60);
  });
});

describe('the ticket summary', () => {
  const base = (minutes: number) => run({ at: '2026-01-05T02:00:00Z', minutes }, []);
  it.each<[string, TargetClock[], string, string | null]>([
    ['no targets', [], 'none', null],
    ['active, earliest due first', [base(60), base(5)], 'active', '2026-01-05T02:05:00.000Z'],
    ['warning wins over active', [base(60), markWarned(run({ at: '2026-01-05T02:00:00Z', minutes: 5, warnMinutes: 1 }, []), at('2026-01-05T02:01:00Z'))!], 'warning', '2026-01-05T02:05:00.000Z'],
    ['breached wins, overdue sorts first', [base(60), markBreached(base(5), at('2026-01-05T02:05:00Z'))!], 'breached', '2026-01-05T02:05:00.000Z'],
    ['all paused', [pauseTarget(base(60), at('2026-01-05T02:01:00Z'), office)], 'paused', null],
    ['all met', [meetTarget(base(60), at('2026-01-05T02:01:00Z'), office)], 'met', null],
    ['done but once breached', [meetTarget(markBreached(base(5), at('2026-01-05T02:05:00Z'))!, at('2026-01-05T02:09:00Z'), office)], 'breached', null],
    ['cancelled only', [cancelTarget(base(60), at('2026-01-05T02:01:00Z'), office)], 'none', null],
  ])('%s', (_name, targets, state, nextDueAt) => {
    const summary = summarize(targets);
    expect(summary.state).toBe(state);
    expect(iso(summary.nextDueAt)).toBe(nextDueAt);
  });
});
