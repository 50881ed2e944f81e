import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CompensationSchema, ComplaintDetailSchema, ComplaintSchema, CreateComplaintBody, FollowUpSchema, LedgerRowSchema, LedgerTotalsSchema, MetricsSchema, ProposeBody, RecordBody } from '../../../../src/modules/complaints/index.ts';
import { api, useApiMutation, type Wire } from '../../shared/index.ts';

// Response and request shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type Complaint = Wire<z.infer<typeof ComplaintSchema>>;
export type ComplaintDetail = Wire<z.infer<typeof ComplaintDetailSchema>>;
export type Compensation = Wire<z.infer<typeof CompensationSchema>>;
export type FollowUp = Wire<z.infer<typeof FollowUpSchema>>;
export type LedgerRow = Wire<z.infer<typeof LedgerRowSchema>>;
export type LedgerTotals = Wire<z.infer<typeof LedgerTotalsSchema>>;
export type Metrics = Wire<z.infer<typeof MetricsSchema>>;
export type NewComplaint = z.input<typeof CreateComplaintBody>;
export type RecordInput = z.input<typeof RecordBody>;
export type ProposeInput = z.input<typeof ProposeBody>;
export interface Period {
  from: string;
  to: string;
}

export const complaintsApi = {
  ofTicket: (ticketId: string) => api.get<{ items: Complaint[] }>('/api/v1/complaints', { query: { ticketId } }),
  list: (status?: string) => api.get<{ items: Complaint[] }>('/api/v1/complaints', { query: status ? { status } : {} }),
  get: (id: string) => api.get<ComplaintDetail>(`/api/v1/complaints/${id}`),
  create: (body: NewComplaint) => api.post<Complaint>('/api/v1/complaints', body),
  record: (id: string, body: RecordInput) => api.post<Complaint>(`/api/v1/complaints/${id}/record`, body),
  step: (id: string, step: 'confirm' | 'respond') => api.post<Complaint>(`/api/v1/complaints/${id}/${step}`, {}),
  propose: (id: string, body: ProposeInput) => api.post<Compensation>(`/api/v1/complaints/${id}/compensations`, body),
  pending: () => api.get<{ items: Compensation[] }>('/api/v1/compensations/pending'),
  approve: (id: string) => api.post<Compensation>(`/api/v1/compensations/${id}/approve`, {}),
  reject: (id: string, reason: string) => api.post<Compensation>(`/api/v1/compensations/${id}/reject`, { reason }),
  execute: (id: string) => api.post<Compensation>(`/api/v1/compensations/${id}/execute`, {}),
  metrics: (period: Period) => api.get<Metrics>('/api/v1/complaints/metrics', { query: { ...period } }),
  ledger: (period: Period) => api.get<{ items: LedgerRow[]; nextCursor: string | null }>('/api/v1/ledger', { query: { ...period, limit: 500 } }),
  totals: (period: Period, groupBy: string) => api.get<LedgerTotals>('/api/v1/ledger/totals', { query: { ...period, groupBy } }),
  followUps: (status: string) => api.get<{ items: FollowUp[] }>('/api/v1/follow-ups', { query: { status } }),
  attempt: (id: string, note: string) => api.post<FollowUp>(`/api/v1/follow-ups/${id}/attempts`, { note }),
  completeFollowUp: (id: string, body: { satisfied: boolean; outcome: string }) => api.post<FollowUp>(`/api/v1/follow-ups/${id}/complete`, body),
};

const all = ['complaints'] as const;
const invalidates = [all, ['tickets'], ['collaboration']];

export const useTicketComplaints = (ticketId: string) => useQuery({ queryKey: ['complaints', 'ticket', ticketId], queryFn: () => complaintsApi.ofTicket(ticketId).then((r) => r.items) });
export const useComplaint = (id: string | undefined) => useQuery({ queryKey: ['complaints', 'detail', id], queryFn: () => complaintsApi.get(id!), enabled: Boolean(id) });
export const useComplaints = (status?: string) => useQuery({ queryKey: ['complaints', 'list', status], queryFn: () => complaintsApi.list(status).then((r) => r.items) });
export const usePendingCompensations = () => useQuery({ queryKey: ['complaints', 'pending'], queryFn: () => complaintsApi.pending().then((r) => r.items) });
export const useComplaintMetrics = (period: Period) => useQuery({ queryKey: ['complaints', 'metrics', period], queryFn: () => complaintsApi.metrics(period) });
export const useLedger = (period: Period) => useQuery({ queryKey: ['complaints', 'ledger', period], queryFn: () => complaintsApi.ledger(period).then((r) => r.items) });
export const useLedgerTotals = (period: Period, groupBy: string) => useQuery({ queryKey: ['complaints', 'totals', period, groupBy], queryFn: () => complaintsApi.totals(period, groupBy) });
export const useFollowUps = (status: string) => useQuery({ queryKey: ['complaints', 'follow-ups', status], queryFn: () => complaintsApi.followUps(status).then((r) => r.items) });

export const useCreateComplaint = () => useApiMutation({ mutationFn: complaintsApi.create, invalidates }, { success: 'complaints.created' });
export const useRecordComplaint = () => useApiMutation({ mutationFn: ({ id, ...body }: RecordInput & { id: string }) => complaintsApi.record(id, body), invalidates }, { success: 'common.saved' });
export const useComplaintStep = () => useApiMutation({ mutationFn: ({ id, step }: { id: string; step: 'confirm' | 'respond' }) => complaintsApi.step(id, step), invalidates }, { success: 'common.saved' });
export const usePropose = () => useApiMutation({ mutationFn: ({ id, ...body }: ProposeInput & { id: string }) => complaintsApi.propose(id, body), invalidates }, { success: 'complaints.proposed' });
export const useDecide = () =>
  useApiMutation({ mutationFn: ({ id, approve, reason }: { id: string; approve: boolean; reason?: string }) => (approve ? complaintsApi.approve(id) : complaintsApi.reject(id, reason ?? '')), invalidates }, { success: 'common.saved' });
export const useExecute = () => useApiMutation({ mutationFn: (id: string) => complaintsApi.execute(id), invalidates }, { success: 'common.saved' });
export const useAttempt = () => useApiMutation({ mutationFn: ({ id, note }: { id: string; note: string }) => complaintsApi.attempt(id, note), invalidates }, { success: 'common.saved' });
export const useCompleteFollowUp = () => useApiMutation({ mutationFn: ({ id, ...body }: { id: string; satisfied: boolean; outcome: string }) => complaintsApi.completeFollowUp(id, body), invalidates }, { success: 'complaints.followUpDone' });

/** Minor units shown as an amount with two decimals. */
export const formatMoney = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
