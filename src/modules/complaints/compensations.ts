/**
 * Compensations: proposed on a complaint (refund, replacement, coupon, service upgrade, apology, with an amount in
 * minor units), approved by a supervisor when over the workspace's threshold, carried out by finance or logistics as
 * a sub-task on the ticket (or marked done by hand), and then kept in the ledger. Once nothing waits, the complaint
 * goes on to its follow-up visit.
 */
import { assertCan, systemActor, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { isSupervisorRole, needsApproval, type CompensationType } from './complaint-flow.ts';
import type { ComplaintsContext } from './complaints.context.ts';
import { COMPLAINT_EVENTS, type CompensationEventPayload } from './complaints.events.ts';
import type { createComplaintLoopOps } from './complaints.loop.ts';
import * as repo from './complaints.repository.ts';
import type { FollowUpOps } from './follow-ups.ts';

export interface ProposeInput {
  type: CompensationType;
  amountMinor: number;
  currency?: string;
  description?: string;
  /** The department that carries it out (finance for a refund, logistics for a replacement): it gets a sub-task. */
  executorDepartmentId?: string | null;
}

const FOLLOW_UP_AFTER_MS = 24 * 3_600_000;

const payloadOf = (record: repo.CompensationRecord): CompensationEventPayload => ({
  compensationId: record.id,
  complaintId: record.complaintId,
  ticketId: record.ticketId,
  type: record.type,
  amountMinor: record.amountMinor,
  currency: record.currency,
  status: record.status,
});

export function createCompensationOps(ctx: ComplaintsContext, loop: ReturnType<typeof createComplaintLoopOps>, followUps: FollowUpOps) {
  const { clock, deps } = ctx;

  async function requireCompensation(sql: Sql, actor: Actor, id: string): Promise<repo.CompensationRecord> {
    const record = isUuid(id) ? await repo.selectCompensation(sql, actor.workspaceId, id, { forUpdate: true }) : undefined;
    if (!record) throw new AppError('not_found', 'complaints.compensation_not_found');
    return record;
  }

  const pendingOf = async (tx: Sql, workspaceId: string, complaintId: string) =>
    (await repo.selectCompensations(tx, workspaceId, { complaintId, limit: 1000 })).filter((record) => record.status === 'pending_approval' || record.status === 'approved');

  /** An approved compensation goes to its department as a sub-task, if it names one. */
  async function dispatch(tx: Sql, actor: Actor, record: repo.CompensationRecord, complaint: repo.ComplaintRecord): Promise<repo.CompensationRecord> {
    if (!record.executorDepartmentId) return record;
    const { subtask } = await deps.collaboration.createSubtaskInTransaction(tx, actor, {
      ticketId: record.ticketId,
      departmentId: record.executorDepartmentId,
      title: `${record.type} ${(record.amountMinor / 100).toFixed(2)} ${record.currency}`,
      description: record.description || complaint.summary,
      origin: 'complaint',
      sourceKey: `compensation:${record.id}`,
    });
    return repo.updateCompensation(tx, actor.workspaceId, record.id, { subtaskId: subtask.id });
  }

  /** After an execution: when nothing waits any more, the complaint moves to its follow-up visit. */
  async function afterExecution(tx: Sql, actor: Actor, complaintId: string): Promise<void> {
    const complaint = (await repo.selectComplaint(tx, actor.workspaceId, complaintId, { forUpdate: true }))!;
    if (complaint.status !== 'executing' || (await pendingOf(tx, actor.workspaceId, complaintId)).length > 0) return;
    await loop.move(tx, actor, complaint, 'executed');
    const handledBy = await deps.tickets.getTicketInTransaction(tx, systemActor(actor.workspaceId), complaint.ticketId);
    await followUps.openInTransaction(tx, actor, {
      ticketId: complaint.ticketId,
      ticketNumber: complaint.ticketNumber,
      complaintId,
      reason: 'complaint',
      assigneeId: handledBy.assignee?.id ?? null,
      dueAt: new Date(clock.now().getTime() + FOLLOW_UP_AFTER_MS),
      sourceKey: `complaint:${complaintId}:visit:${clock.now().getTime()}`,
    });
  }

  async function execute(tx: Sql, actor: Actor, record: repo.CompensationRecord): Promise<repo.CompensationRecord> {
    if (record.status !== 'approved') throw new AppError('invalid_state', 'complaints.compensation_not_approved', { extra: { compensationStatus: record.status } });
    const executed = await repo.updateCompensation(tx, actor.workspaceId, record.id, { status: 'executed', executedAt: clock.now() });
    await ctx.emit(tx, actor, COMPLAINT_EVENTS.compensationExecuted, record.ticketId, payloadOf(executed));
    await deps.audit.record(tx, actor, { action: 'compensation.executed', entityType: 'compensation', entityId: record.id, details: { amountMinor: record.amountMinor, currency: record.currency } });
    await afterExecution(tx, actor, record.complaintId);
    return executed;
  }

  return {
    async propose(actor: Actor, complaintId: string, input: ProposeInput): Promise<repo.CompensationRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const complaint = await ctx.requireComplaint(tx, actor, complaintId, { forUpdate: true });
        const settings = await repo.selectSettings(tx, actor.workspaceId);
        if (input.executorDepartmentId) {
          const [team] = await deps.identity.getTeamsByIds(actor.workspaceId, [input.executorDepartmentId], tx);
          if (!team) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'executorDepartmentId', messageKey: 'complaints.unknown_department' }] });
        }
        const approval = needsApproval(input.amountMinor, settings.approvalThresholdMinor);
        await loop.move(tx, actor, complaint, 'propose', {}, { needsApproval: approval });
        let record = await repo.insertCompensation(tx, actor.workspaceId, {
          id: newId(),
          complaintId,
          ticketId: complaint.ticketId,
          type: input.type,
          amountMinor: input.amountMinor,
          currency: input.currency ?? settings.currency,
          description: input.description ?? '',
          status: approval ? 'pending_approval' : 'approved',
          rootCause: complaint.rootCause,
          teamId: complaint.teamId,
          executorDepartmentId: input.executorDepartmentId ?? null,
          proposedBy: actor.userId,
          approverId: null,
          createdAt: clock.now(),
        });
        await ctx.emit(tx, actor, COMPLAINT_EVENTS.compensationProposed, complaint.ticketId, payloadOf(record));
        await deps.audit.record(tx, actor, { action: 'compensation.proposed', entityType: 'compensation', entityId: record.id, details: { complaintId, type: record.type, amountMinor: record.amountMinor, currency: record.currency, needsApproval: approval } });
        if (approval) await ctx.notifySupervisors(tx, actor, `compensation:${record.id}:approval`, 'complaints.notice.approval_needed', { id: complaint.ticketId, number: complaint.ticketNumber }, { amount: (record.amountMinor / 100).toFixed(2), currency: record.currency });
        else record = await dispatch(tx, actor, record, complaint);
        return record;
      });
    },

    async decide(actor: Actor, id: string, input: { approve: boolean; reason?: string }): Promise<repo.CompensationRecord> {
      if (!isSupervisorRole(actor.role)) throw new AppError('forbidden', 'complaints.supervisor_only');
      return ctx.db.transaction(async (tx) => {
        const record = await requireCompensation(tx, actor, id);
        if (record.status !== 'pending_approval') throw new AppError('invalid_state', 'complaints.compensation_decided', { extra: { compensationStatus: record.status } });
        if (!input.approve && !input.reason?.trim()) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'reason', messageKey: 'complaints.reason_required' }] });
        let decided = await repo.updateCompensation(tx, actor.workspaceId, id, {
          status: input.approve ? 'approved' : 'rejected',
          approverId: actor.userId,
          decidedAt: clock.now(),
          rejectionReason: input.approve ? undefined : input.reason,
        });
        const complaint = await ctx.requireComplaint(tx, actor, record.complaintId, { forUpdate: true });
        const stillWaiting = (await repo.selectCompensations(tx, actor.workspaceId, { complaintId: complaint.id, status: 'pending_approval', limit: 1000 })).length;
        if (complaint.status === 'proposed') await loop.move(tx, actor, complaint, input.approve ? 'approve' : 'reject', {}, { openProposals: stillWaiting });
        await ctx.emit(tx, actor, COMPLAINT_EVENTS.compensationDecided, record.ticketId, payloadOf(decided));
        await deps.audit.record(tx, actor, { action: input.approve ? 'compensation.approved' : 'compensation.rejected', entityType: 'compensation', entityId: id, details: { reason: input.reason ?? null } });
        if (record.proposedBy) {
          await ctx.notify(tx, actor.workspaceId, [record.proposedBy], `compensation:${id}:decided`, input.approve ? 'complaints.notice.approved' : 'complaints.notice.rejected', { id: complaint.ticketId, number: complaint.ticketNumber });
        }
        if (input.approve) decided = await dispatch(tx, actor, decided, complaint);
        return decided;
      });
    },

    /** Marks a compensation carried out by hand (no department, or done outside Kefu). */
    async markExecuted(actor: Actor, id: string): Promise<repo.CompensationRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => execute(tx, actor, await requireCompensation(tx, actor, id)));
    },

    /** The department finished its sub-task: the compensation it carried out is executed. */
    async onSubtaskCompleted(tx: Sql, workspaceId: string, subtaskId: string, completedBy: string | null): Promise<void> {
      const record = await repo.selectCompensationBySubtask(tx, workspaceId, subtaskId);
      if (!record || record.status !== 'approved') return;
      const actor: Actor = completedBy ? { ...systemActor(workspaceId), userId: completedBy } : systemActor(workspaceId);
      await execute(tx, actor, record);
    },

    /** The supervisors' queue: compensations waiting for approval, oldest first. */
    async approvalQueue(actor: Actor) {
      assertCan(actor, 'tickets.read');
      return repo.selectCompensations(ctx.db, actor.workspaceId, { status: 'pending_approval', limit: 500 });
    },

    async listCompensations(actor: Actor, complaintId: string) {
      assertCan(actor, 'tickets.read');
      return repo.selectCompensations(ctx.db, actor.workspaceId, { complaintId, limit: 1000 });
    },
  };
}
