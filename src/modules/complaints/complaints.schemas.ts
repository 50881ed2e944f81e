/** The complaint API's request and response contracts (the web app derives its types from them). */
import { z } from 'zod';
import { longText, text } from '../../platform/validation/index.ts';
import { COMPENSATION_TYPES, COMPLAINT_STATUSES, ROOT_CAUSES, SEVERITIES } from './complaint-flow.ts';

const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');
/** Integer minor units (fen, cents): never floating point money. */
const Minor = z.number().int().min(0).max(1_000_000_000_00);

export const ComplaintSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  customerId: z.uuid().nullable(),
  status: z.enum(COMPLAINT_STATUSES),
  severity: z.enum(SEVERITIES),
  rootCause: z.enum(ROOT_CAUSES),
  summary: z.string(),
  aboutSlowResponse: z.boolean(),
  occurredAt: z.date().nullable(),
  orderNo: z.string().nullable(),
  contact: z.string().nullable(),
  amountInvolvedMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  isRepeat: z.boolean().describe('A second complaint: the same order again, or a closed complaint reopened'),
  previousId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  confirmedAt: z.date().nullable(),
  respondedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  version: z.number().int(),
});

export const CompensationSchema = z.object({
  id: z.uuid(),
  complaintId: z.uuid(),
  ticketId: z.uuid(),
  type: z.enum(COMPENSATION_TYPES),
  amountMinor: z.number().int(),
  currency: z.string(),
  description: z.string(),
  status: z.enum(['pending_approval', 'approved', 'rejected', 'executed']),
  rootCause: z.string(),
  teamId: z.uuid().nullable(),
  executorDepartmentId: z.uuid().nullable(),
  subtaskId: z.uuid().nullable(),
  proposedBy: z.uuid().nullable(),
  approverId: z.uuid().nullable(),
  decidedAt: z.date().nullable(),
  rejectionReason: z.string().nullable(),
  executedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const FollowUpSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  complaintId: z.uuid().nullable(),
  reason: z.enum(['complaint', 'low_csat', 'p1', 'slow_response']),
  status: z.enum(['open', 'done', 'escalated']),
  assigneeId: z.uuid().nullable(),
  dueAt: z.date(),
  attempts: z.number().int(),
  satisfied: z.boolean().nullable(),
  outcome: z.string().nullable(),
  sourceKey: z.string(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
  escalatedAt: z.date().nullable(),
});

export const ComplaintDetailSchema = ComplaintSchema.extend({ compensations: z.array(CompensationSchema), followUps: z.array(FollowUpSchema) });

export const CreateComplaintBody = z.strictObject({
  ticketId: z.uuid(),
  severity: z.enum(SEVERITIES),
  rootCause: z.enum(ROOT_CAUSES),
  summary: longText(5000, 1),
  aboutSlowResponse: z.boolean().optional().describe('Default: true when the root cause is slow_response; a supervisor follows it up within 24 h'),
  occurredAt: z.coerce.date().nullable().optional(),
  orderNo: text(100).nullable().optional(),
  contact: text(200).nullable().optional(),
  amountInvolvedMinor: Minor.nullable().optional(),
  currency: Currency.nullable().optional(),
});

export const RecordBody = z.strictObject({
  occurredAt: z.coerce.date(),
  orderNo: text(100).nullable().optional(),
  contact: text(200, 1),
  amountInvolvedMinor: Minor.nullable().optional(),
  currency: Currency.nullable().optional(),
});

export const ProposeBody = z.strictObject({
  type: z.enum(COMPENSATION_TYPES),
  amountMinor: Minor,
  currency: Currency.optional(),
  description: longText(2000).optional(),
  executorDepartmentId: z.uuid().nullable().optional().describe('Finance, logistics…: gets a sub-task to carry it out'),
});

export const RejectBody = z.strictObject({ reason: longText(1000, 1) });
export const ReopenBody = z.strictObject({ summary: longText(5000, 1) });
export const AssignFollowUpBody = z.strictObject({ assigneeId: z.uuid().nullable().optional(), dueAt: z.coerce.date().optional() });
export const AttemptBody = z.strictObject({ note: longText(1000).optional() });
export const CompleteFollowUpBody = z.strictObject({ satisfied: z.boolean(), outcome: longText(2000, 1) });
export const ComplaintSettingsBody = z.strictObject({
  approvalThresholdMinor: Minor,
  currency: Currency,
  followUpMaxAttempts: z.number().int().min(1).max(20),
  complaintTeamId: z.uuid().nullable(),
});

export const Period = { from: z.coerce.date(), to: z.coerce.date() };

export const MetricsSchema = z.object({
  total: z.number().int(),
  repeats: z.number().int(),
  secondComplaintRate: z.number().nullable().describe('Percent'),
  targetPercent: z.number(),
  byRootCause: z.array(z.object({ rootCause: z.string(), total: z.number().int(), repeats: z.number().int() })),
});

export const LedgerRowSchema = z.object({
  id: z.uuid(),
  complaintId: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  type: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  rootCause: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  approverId: z.uuid().nullable(),
  approverName: z.string().nullable(),
  proposedBy: z.uuid().nullable(),
  executedAt: z.date(),
});

export const LedgerTotalsSchema = z.object({
  groupBy: z.enum(['month', 'day', 'cause', 'team', 'type']),
  totals: z.array(z.object({ key: z.string().nullable(), name: z.string().nullable(), currency: z.string(), count: z.number().int(), amountMinor: z.number().int() })),
  overall: z.array(z.object({ currency: z.string(), count: z.number().int(), amountMinor: z.number().int() })),
});
