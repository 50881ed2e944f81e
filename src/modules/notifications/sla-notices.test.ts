import { describe, expect, it } from 'vitest';
import type { SlaEscalatedPayload, SlaTargetEventPayload } from '../sla/index.ts';
import { slaNotices, type SlaNoticeEvent } from './sla-notices.ts';

const ticket = { ticketId: '00000000-0000-4000-8000-0000000000a1', number: 'KF-20260302-0001', priority: 'P1', teamId: 'team-1', assigneeId: null };
const envelope = { workspaceId: 'ws', id: 7, aggregateType: 'ticket', aggregateId: ticket.ticketId, actorId: null, occurredAt: new Date('2026-03-02T01:05:00Z') };

const target = (type: 'sla.warning' | 'sla.breached', payload: Partial<SlaTargetEventPayload>): SlaNoticeEvent => ({
  ...envelope,
  type,
  payload: { ...ticket, policyId: 'p1', metric: 'first_response', cycle: 1, dueAt: '2026-03-02T01:05:00Z', warnAt: null, businessTime: false, firedAt: '2026-03-02T01:05:00Z', ...payload },
});
const escalated = (payload: Partial<SlaEscalatedPayload>): SlaNoticeEvent => ({
  ...envelope,
  type: 'sla.escalated',
  payload: { ...ticket, policyId: 'p1', trigger: 'breached', metric: 'first_response', cycle: 1, step: 0, action: 'notify_supervisor', recipients: [], ...payload },
});
const metric = { key: 'sla.metric.first_response' };

describe('slaNotices', () => {
  it.each([
    ['sla.warning', 'sla_warning', 'notifications.sla.warning'],
    ['sla.breached', 'sla_breached', 'notifications.sla.breached'],
  ] as const)('%s reaches the assignee', (type, kind, titleKey) => {
    expect(slaNotices(target(type, { assigneeId: 'agent-1' }))).toEqual([
      { userId: 'agent-1', kind, titleKey, params: { number: ticket.number, metric }, ticketId: ticket.ticketId, ticketNumber: ticket.number, sourceKey: 'event:7' },
    ]);
  });

  it('a warning of an unassigned ticket reaches nobody directly (escalation does)', () => {
    expect(slaNotices(target('sla.warning', { assigneeId: null }))).toEqual([]);
  });

  it.each([
    [{ action: 'notify_supervisor', trigger: 'breached', metric: 'first_response' }, 'sla_escalated', 'notifications.sla.escalated_breached'],
    [{ action: 'notify_supervisor', trigger: 'warning', metric: 'resolution' }, 'sla_escalated', 'notifications.sla.escalated_warning'],
    [{ action: 'notify_supervisor', trigger: 'applied', metric: null }, 'sla_escalated', 'notifications.sla.escalated_applied'],
    [{ action: 'create_task', trigger: 'breached', metric: 'first_response' }, 'sla_task', 'notifications.sla.task'],
    [{ action: 'assign_to', trigger: 'breached', metric: 'first_response' }, 'sla_assigned', 'notifications.sla.assigned'],
  ] as const)('an escalation %j reaches each resolved recipient once', (step, kind, titleKey) => {
    const recipients = [{ userId: 'lead-1' }, { userId: 'lead-2' }, { userId: 'lead-1' }, { role: 'supervisor' as const, teamId: 'team-1' }];
    const drafts = slaNotices(escalated({ ...step, recipients }));
    expect(drafts.map((d) => d.userId)).toEqual(['lead-1', 'lead-2']);
    for (const draft of drafts) expect(draft).toMatchObject({ kind, titleKey, sourceKey: 'event:7', ticketId: ticket.ticketId, bodyKey: null });
    expect(drafts[0]!.params).toEqual(step.metric ? { number: ticket.number, metric: { key: `sla.metric.${step.metric}` } } : { number: ticket.number });
  });

  it('carries the step’s note as the body', () => {
    const [draft] = slaNotices(escalated({ action: 'create_task', recipients: [{ userId: 'agent-1' }], note: 'Call before noon' }));
    expect(draft).toMatchObject({ bodyKey: 'notifications.sla.note', params: { note: 'Call before noon' } });
  });
});
