import { systemActor, type Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import { translate } from '../../../platform/i18n.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import type { AuditService } from '../../audit/index.ts';
import { normalizePhone, type CustomersService } from '../../customers/index.ts';
import { assertCan, type IdentityService } from '../../identity/index.ts';
import { ACTIVE_STATUSES, type TicketsService } from '../../tickets/index.ts';
import * as repo from './phone.repository.ts';

export interface CallInput {
  /** The telephony platform's id of the call: the same id twice is one call. */
  externalId?: string;
  direction: repo.CallDirection;
  caller: string;
  callee: string;
  /** The agent who took or made the call. */
  agentId?: string | null;
  startedAt: Date;
  endedAt?: Date | null;
  outcome: repo.CallOutcome;
  recordingUrl?: string | null;
  /** The ticket the call is about; without it the customer's latest open ticket, else a new one. */
  ticketId?: string | null;
  /** What was said, as the agent noted it. */
  note?: string | null;
}

export interface CallView {
  id: string;
  externalId: string | null;
  direction: repo.CallDirection;
  caller: string;
  callee: string;
  agentId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  outcome: repo.CallOutcome;
  recordingUrl: string | null;
  customerId: string;
  ticketId: string;
  createdAt: Date;
}

class DuplicateCall extends Error {}

const toView = ({ workspaceId: _workspaceId, connectionId: _connectionId, ...call }: repo.CallRecord): CallView => call;

function checkRecordingUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return url.toString();
  } catch {
    // falls through to the field problem
  }
  throw invalidField('recordingUrl', 'channels.phone.invalid_recording_url');
}

export function createPhoneService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  tickets: TicketsService;
  customers: Pick<CustomersService, 'resolveCustomer'>;
  identity: Pick<IdentityService, 'getUsersByIds'>;
  workspaces: { getWorkspace(id: string): Promise<{ defaultLocale: 'en' | 'zh-CN' }> };
}) {
  const { db, clock } = deps;

  /**
   * Records a call on the customer's ticket (the caller's for an inbound call, the callee's for an outbound one):
   * the ticket named, else their latest active ticket, else a new phone ticket. The call appears on the ticket's
   * timeline with its duration and recording. A call already recorded (same external id) is returned as it was.
   */
  async function recordCall(actor: Actor, input: CallInput, options: { connectionId?: string } = {}): Promise<{ call: CallView; isDuplicate: boolean }> {
    assertCan(actor, 'tickets.write');
    const { workspaceId } = actor;
    if (input.externalId) {
      const existing = await repo.selectCallByExternalId(db, workspaceId, input.externalId);
      if (existing) return { call: toView(existing), isDuplicate: true };
    }
    const endedAt = input.endedAt ?? null;
    if (endedAt && endedAt < input.startedAt) throw invalidField('endedAt', 'channels.phone.ends_before_start');
    const recordingUrl = checkRecordingUrl(input.recordingUrl);
    const customerField = input.direction === 'inbound' ? 'caller' : 'callee';
    const phone = normalizePhone(input[customerField]);
    if (!phone) throw invalidField(customerField, 'channels.phone.invalid_number');
    if (input.agentId && (!isUuid(input.agentId) || (await deps.identity.getUsersByIds(workspaceId, [input.agentId])).length === 0)) throw invalidField('agentId', 'channels.phone.unknown_agent');
    const system = systemActor(workspaceId, (await deps.workspaces.getWorkspace(workspaceId)).defaultLocale);
    if (input.ticketId && !(isUuid(input.ticketId) && (await deps.tickets.getTicket(actor, input.ticketId).then(() => true, () => false)))) {
      throw invalidField('ticketId', 'channels.phone.unknown_ticket');
    }
    const customer = await db.transaction((tx) => deps.customers.resolveCustomer(tx, system, { phone }));
    const openTicketId =
      input.ticketId ?? (await deps.tickets.listTickets(system, { customer: customer.id, status: [...ACTIVE_STATUSES], sort: 'updated_at', order: 'desc', limit: 1 })).items[0]?.id ?? null;
    const durationSeconds = endedAt ? Math.round((endedAt.getTime() - input.startedAt.getTime()) / 1000) : null;
    const now = clock.now();
    const call = await db.transaction(async (tx) => {
      // A racing request stored this external id first: nothing of this one is kept (the ticket it opened included).
      let ticketId = openTicketId;
      if (!ticketId) {
        const key = input.direction === 'inbound' ? 'channels.phone.inbound_call' : 'channels.phone.outbound_call';
        const subject = translate(system.locale, key, { caller: input.caller, callee: input.callee });
        const created = await deps.tickets.createTicketInTransaction(tx, system, {
          subject,
          description: input.note || subject,
          customer: { id: customer.id },
          channel: 'phone',
          descriptionAuthor: 'agent',
          ...(input.agentId ? { assigneeId: input.agentId } : {}),
        });
        ticketId = created.id;
      }
      const inserted = await repo.insertCall(tx, workspaceId, {
        id: newId(),
        externalId: input.externalId ?? null,
        connectionId: options.connectionId ?? null,
        direction: input.direction,
        caller: input.caller,
        callee: input.callee,
        agentId: input.agentId ?? null,
        startedAt: input.startedAt,
        endedAt,
        durationSeconds,
        outcome: input.outcome,
        recordingUrl,
        customerId: customer.id,
        ticketId,
        createdAt: now,
      });
      if (!inserted) throw new DuplicateCall();
      await deps.tickets.addTimelineEntry(tx, workspaceId, ticketId, {
        kind: 'phone.call',
        stage: 'handling',
        at: input.startedAt,
        operatorType: input.agentId ? 'user' : 'system',
        operatorId: input.agentId ?? null,
        content: input.note ?? null,
        details: { callId: inserted.id, direction: input.direction, caller: input.caller, callee: input.callee, outcome: input.outcome, durationSeconds, recordingUrl },
      });
      await deps.audit.record(tx, actor, { action: 'phone_call.recorded', entityType: 'ticket', entityId: ticketId, details: { callId: inserted.id, direction: input.direction, outcome: input.outcome } });
      return inserted;
    }).catch(async (error: unknown) => {
      if (!(error instanceof DuplicateCall)) throw error;
      return null;
    });
    if (!call) return { call: toView((await repo.selectCallByExternalId(db, workspaceId, input.externalId!))!), isDuplicate: true };
    return { call: toView(call), isDuplicate: false };
  }

  return {
    recordCall,

    async listTicketCalls(actor: Actor, ticketId: string): Promise<CallView[]> {
      await deps.tickets.getTicket(actor, ticketId);
      return (await repo.selectCallsOfTicket(db, actor.workspaceId, ticketId)).map(toView);
    },
  };
}

export type PhoneService = ReturnType<typeof createPhoneService>;
