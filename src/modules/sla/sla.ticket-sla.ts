/** A ticket's SLA as the API shows it: the latest cycle of each metric with its remaining time, and the history. */
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { assertCan } from '../identity/index.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import { elapsedAt, isRunning, remainingMs, type SummaryState, type TargetStatus } from './sla-clock.ts';
import type { Metric } from './sla-policy.ts';
import type { TargetRecord } from './sla-clocks.repository.ts';
import * as policiesRepo from './sla-policies.repository.ts';
import type { SlaContext } from './sla.context.ts';

export interface TargetView {
  metric: Metric;
  cycle: number;
  status: TargetStatus;
  targetMinutes: number;
  businessTime: boolean;
  calendarId: string | null;
  startedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  pausedAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
  /** Time used so far (business ms for business-time targets). */
  elapsedMs: number;
  /** Budget left; negative when overdue; business ms for business-time targets. */
  remainingMs: number;
}

export interface TicketSlaView {
  ticketId: string;
  policy: { id: string; name: string } | null;
  state: SummaryState;
  nextDueAt: Date | null;
  /** The latest cycle of each metric. */
  targets: TargetView[];
  /** Earlier cycles (met next responses, progress updates, restarted resolutions), newest first. */
  history: TargetView[];
}

function toTargetView(target: TargetRecord, calendar: BusinessCalendar, now: Date): TargetView {
  return {
    metric: target.metric,
    cycle: target.cycle,
    status: target.status,
    targetMinutes: target.targetMs / 60_000,
    businessTime: target.businessTime,
    calendarId: target.calendarId,
    startedAt: target.startedAt,
    dueAt: target.dueAt,
    warnAt: target.warnAt,
    pausedAt: target.pausedAt,
    warnedAt: target.warnedAt,
    breachedAt: target.breachedAt,
    metAt: target.metAt,
    elapsedMs: Math.round(elapsedAt(target, now, calendar)),
    remainingMs: Math.round(isRunning(target) || target.status === 'paused' ? remainingMs(target, now, calendar) : target.targetMs - target.elapsedMs),
  };
}

export function createTicketSlaOps(ctx: SlaContext) {
  const { db, clock, engine } = ctx;

  async function readTicketSla(sql: Sql, workspaceId: string, ticketId: string): Promise<TicketSlaView> {
    const read = await engine.readTicketTargets(sql, workspaceId, ticketId);
    if (!read) return { ticketId, policy: null, state: 'none', nextDueAt: null, targets: [], history: [] };
    const now = clock.now();
    const policy = read.state.policyId ? await policiesRepo.selectPolicy(sql, workspaceId, read.state.policyId) : undefined;
    const latest = new Map<string, TargetRecord>();
    for (const target of read.targets) {
      const seen = latest.get(target.metric);
      if (!seen || target.cycle > seen.cycle) latest.set(target.metric, target);
    }
    const view = (t: TargetRecord) => toTargetView(t, engine.calendarOf(read.calendars, t.calendarId), now);
    const order = (a: TargetView, b: TargetView) => a.startedAt.getTime() - b.startedAt.getTime() || a.metric.localeCompare(b.metric);
    return {
      ticketId,
      policy: policy ? { id: policy.id, name: policy.name } : null,
      state: read.summary.state,
      nextDueAt: read.summary.nextDueAt,
      targets: [...latest.values()].map(view).sort(order),
      history: read.targets
        .filter((t) => latest.get(t.metric) !== t)
        .map(view)
        .sort((a, b) => order(b, a))
        .slice(0, 50),
    };
  }

  return {
    async getTicketSla(actor: Actor, ticketId: string): Promise<TicketSlaView> {
      assertCan(actor, 'tickets.read');
      if (ctx.assertCanViewTicket) await ctx.assertCanViewTicket(actor, ticketId);
      return readTicketSla(db, actor.workspaceId, ticketId);
    },

    /** The ticket detail's `extensions.sla` (the tickets module checked the viewer already). */
    readTicketSla: (workspaceId: string, ticketId: string, sql: Sql = db) => readTicketSla(sql, workspaceId, ticketId),
  };
}
