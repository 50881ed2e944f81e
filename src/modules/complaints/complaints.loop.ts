/**
 * The complaint loop on a ticket: receive (the ticket becomes a complaint with the priority its severity asks for,
 * so the SLA policies for complaints apply), record, confirm with the customer, respond, reopen as a second
 * complaint; lists and the second-complaint rate.
 */
import { assertCan, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { nextComplaintStatus, priorityForSeverity, secondComplaintRate, SECOND_COMPLAINT_TARGET_PERCENT, type ComplaintAction, type RootCause, type Severity } from './complaint-flow.ts';
import type { ComplaintsContext } from './complaints.context.ts';
import { COMPLAINT_EVENTS } from './complaints.events.ts';
import * as repo from './complaints.repository.ts';
import type { FollowUpOps } from './follow-ups.ts';

export interface CreateComplaintInput {
  ticketId: string;
  severity: Severity;
  rootCause: RootCause;
  summary: string;
  aboutSlowResponse?: boolean;
  occurredAt?: Date | null;
  orderNo?: string | null;
  contact?: string | null;
  amountInvolvedMinor?: number | null;
  currency?: string | null;
}

export interface RecordInput {
  occurredAt: Date;
  orderNo?: string | null;
  contact: string;
  amountInvolvedMinor?: number | null;
  currency?: string | null;
}

const SLOW_RESPONSE_FOLLOW_UP_MS = 24 * 3_600_000;

export function createComplaintLoopOps(ctx: ComplaintsContext, followUps: FollowUpOps) {
  const { clock, deps } = ctx;

  /** Moves the complaint by an action, or refuses (409) naming where it stands. */
  async function move(tx: Sql, actor: Actor, complaint: repo.ComplaintRecord, action: ComplaintAction, patch: Partial<repo.ComplaintRecord> = {}, context: { needsApproval?: boolean; openProposals?: number } = {}): Promise<repo.ComplaintRecord> {
    const to = nextComplaintStatus(complaint.status, action, context);
    if (!to) throw new AppError('invalid_state', 'complaints.invalid_transition', { params: { action, status: complaint.status }, extra: { complaintStatus: complaint.status, action } });
    const now = clock.now();
    const next = await repo.updateComplaint(tx, actor.workspaceId, complaint.id, { ...patch, status: to, ...(to === 'closed' ? { closedAt: now } : {}) }, now);
    if (to !== complaint.status) {
      await ctx.emit(tx, actor, COMPLAINT_EVENTS.statusChanged, next.ticketId, { complaintId: next.id, ticketId: next.ticketId, ticketNumber: next.ticketNumber, status: to, isRepeat: next.isRepeat, from: complaint.status });
      await ctx.timeline(tx, actor, next.ticketId, 'complaint.status_changed', `complaints.timeline.${to}`, { number: next.ticketNumber }, { complaintId: next.id, from: complaint.status, to });
    }
    await deps.audit.record(tx, actor, { action: `complaint.${action}`, entityType: 'complaint', entityId: next.id, details: { from: complaint.status, to, ...patch } });
    return next;
  }

  /** The earlier complaint on the same order, if any: a complaint about it again is a second complaint. */
  async function repeatOf(tx: Sql, workspaceId: string, id: string, orderNo: string | null | undefined): Promise<repo.ComplaintRecord | undefined> {
    return orderNo ? repo.selectEarlierOnOrder(tx, workspaceId, orderNo, id) : undefined;
  }

  async function insert(tx: Sql, actor: Actor, input: CreateComplaintInput, ticket: { id: string; number: string; customerId: string | null; teamId: string | null }, previous?: repo.ComplaintRecord): Promise<repo.ComplaintRecord> {
    const id = newId();
    const earlier = previous ?? (await repeatOf(tx, actor.workspaceId, id, input.orderNo));
    const recorded = Boolean(input.occurredAt && input.contact);
    const complaint = await repo.insertComplaint(tx, actor.workspaceId, {
      id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: ticket.customerId,
      status: recorded ? 'recorded' : 'received',
      severity: input.severity,
      rootCause: input.rootCause,
      summary: input.summary,
      aboutSlowResponse: input.aboutSlowResponse ?? input.rootCause === 'slow_response',
      occurredAt: input.occurredAt ?? null,
      orderNo: input.orderNo?.trim() || null,
      contact: input.contact ?? null,
      amountInvolvedMinor: input.amountInvolvedMinor ?? null,
      currency: input.currency ?? null,
      isRepeat: Boolean(earlier),
      previousId: earlier?.id ?? null,
      teamId: ticket.teamId,
      createdBy: actor.userId,
      createdAt: clock.now(),
    });
    await ctx.emit(tx, actor, COMPLAINT_EVENTS.created, ticket.id, { complaintId: id, ticketId: ticket.id, ticketNumber: ticket.number, status: complaint.status, isRepeat: complaint.isRepeat, severity: complaint.severity, rootCause: complaint.rootCause });
    await ctx.timeline(tx, actor, ticket.id, 'complaint.created', complaint.isRepeat ? 'complaints.timeline.repeat' : 'complaints.timeline.created', { number: ticket.number }, { complaintId: id, severity: complaint.severity, rootCause: complaint.rootCause });
    await deps.audit.record(tx, actor, { action: 'complaint.created', entityType: 'complaint', entityId: id, details: { ticketId: ticket.id, severity: complaint.severity, rootCause: complaint.rootCause, isRepeat: complaint.isRepeat } });
    // A complaint about slow response: a supervisor follows it up within 24 hours.
    if (complaint.aboutSlowResponse) {
      const supervisors = await ctx.supervisorIds(tx, actor.workspaceId);
      await followUps.openInTransaction(tx, actor, {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        complaintId: id,
        reason: 'slow_response',
        assigneeId: supervisors[0] ?? null,
        dueAt: new Date(clock.now().getTime() + SLOW_RESPONSE_FOLLOW_UP_MS),
        sourceKey: `complaint:${id}:slow_response`,
      });
      await ctx.notifySupervisors(tx, actor, `${id}:slow_response`, 'complaints.notice.slow_response', { id: ticket.id, number: ticket.number });
    }
    return complaint;
  }

  /**
   * The ticket becomes a complaint: its type, the priority of the severity, the complaint team if there is one. In the
   * caller's transaction, so a complaint that cannot be recorded leaves the ticket as it was.
   */
  async function retypeTicket(tx: Sql, actor: Actor, ticketId: string, severity: Severity) {
    const ticket = await deps.tickets.getTicketInTransaction(tx, actor, ticketId);
    const facts = { id: ticket.id, number: ticket.number, customerId: ticket.customer?.id ?? null, teamId: ticket.team?.id ?? null };
    if (ticket.status === 'closed') return facts;
    const settings = await repo.selectSettings(tx, actor.workspaceId);
    const teamId = settings.complaintTeamId && !ticket.assignee ? settings.complaintTeamId : undefined;
    const updated = await deps.tickets.updateTicketInTransaction(tx, actor, ticketId, { type: 'complaint', priority: priorityForSeverity(severity), ...(teamId ? { teamId } : {}) });
    return { ...facts, teamId: updated.teamId };
  }

  return {
    async createComplaint(actor: Actor, input: CreateComplaintInput): Promise<repo.ComplaintRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => insert(tx, actor, input, await retypeTicket(tx, actor, input.ticketId, input.severity)));
    },

    async recordDetails(actor: Actor, id: string, input: RecordInput): Promise<repo.ComplaintRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const complaint = await ctx.requireComplaint(tx, actor, id, { forUpdate: true });
        const orderNo = input.orderNo?.trim() || null;
        const earlier = complaint.isRepeat ? undefined : await repeatOf(tx, actor.workspaceId, complaint.id, orderNo);
        return move(tx, actor, complaint, 'record', {
          occurredAt: input.occurredAt,
          orderNo,
          contact: input.contact,
          amountInvolvedMinor: input.amountInvolvedMinor ?? null,
          currency: input.currency ?? null,
          ...(earlier ? { isRepeat: true, previousId: earlier.id } : {}),
        });
      });
    },

    async confirmWithCustomer(actor: Actor, id: string): Promise<repo.ComplaintRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => move(tx, actor, await ctx.requireComplaint(tx, actor, id, { forUpdate: true }), 'confirm', { confirmedAt: clock.now() }));
    },

    async respond(actor: Actor, id: string): Promise<repo.ComplaintRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => move(tx, actor, await ctx.requireComplaint(tx, actor, id, { forUpdate: true }), 'respond', { respondedAt: clock.now() }));
    },

    /** A closed complaint raised again: a new complaint, counted as a second complaint. */
    async reopen(actor: Actor, id: string, input: { summary: string }): Promise<repo.ComplaintRecord> {
      assertCan(actor, 'tickets.write');
      const closed = await ctx.requireComplaint(ctx.db, actor, id);
      if (closed.status !== 'closed') throw new AppError('invalid_state', 'complaints.reopen_not_closed');
      return ctx.db.transaction(async (tx) => {
        const ticket = await retypeTicket(tx, actor, closed.ticketId, closed.severity);
        return insert(
          tx,
          actor,
          { ticketId: closed.ticketId, severity: closed.severity, rootCause: closed.rootCause, summary: input.summary, orderNo: closed.orderNo, contact: closed.contact, occurredAt: closed.occurredAt, amountInvolvedMinor: closed.amountInvolvedMinor, currency: closed.currency },
          { id: ticket.id, number: ticket.number, customerId: closed.customerId, teamId: closed.teamId },
          closed,
        );
      });
    },

    move,

    async listComplaints(actor: Actor, filter: { status?: string; ticketId?: string; limit?: number }) {
      assertCan(actor, 'tickets.read');
      return repo.selectComplaints(ctx.db, actor.workspaceId, { ...filter, limit: filter.limit ?? 100 });
    },

    async metrics(actor: Actor, period: { from: Date; to: Date }) {
      assertCan(actor, 'analytics.read');
      const counts = await repo.complaintCounts(ctx.db, actor.workspaceId, period.from, period.to);
      return { ...counts, secondComplaintRate: secondComplaintRate(counts.total, counts.repeats), targetPercent: SECOND_COMPLAINT_TARGET_PERCENT };
    },
  };
}
