import type { z } from 'zod';
import type { AssistantAnswerSchema, AssistantAskBody, PortalAttachmentSchema, PortalHomeSchema, PortalReplyBody, PortalTicketBody, PortalTicketDetailSchema, PortalTicketSummarySchema, WebFormBody } from '../../../../src/modules/portal/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response shapes are the server's schemas as JSON (type-only: nothing of the server is bundled).
export type PortalHome = Wire<z.infer<typeof PortalHomeSchema>>;
export type PortalTicketSummary = Wire<z.infer<typeof PortalTicketSummarySchema>>;
export type PortalTicketDetail = Wire<z.infer<typeof PortalTicketDetailSchema>>;
export type PortalAttachment = Wire<z.infer<typeof PortalAttachmentSchema>>;
export type NewPortalTicket = z.input<typeof PortalTicketBody>;
export type PortalReply = z.input<typeof PortalReplyBody>;
export type WebFormRequest = z.input<typeof WebFormBody>;
export type AssistantAnswer = Wire<z.infer<typeof AssistantAnswerSchema>>;
export type AssistantQuestion = z.input<typeof AssistantAskBody>;
export interface WebFormOpened {
  workspace: PortalHome['workspace'];
  formToken: string;
  minFillSeconds: number;
}

const base = (workspace: string) => `/api/portal/${encodeURIComponent(workspace)}`;
// A 401 here means "not signed in to the portal": the page shows its sign-in, it is no staff session ending.
const customer = { expectUnauthenticated: true };

export const portalApi = {
  home: (workspace: string) => api.get<PortalHome>(base(workspace), customer),
  requestLink: (workspace: string, email: string) => api.post<{ sent: true }>(`${base(workspace)}/sign-in/link`, { email }, customer),
  verifyLink: (workspace: string, token: string) => api.post<{ customer: { email: string } }>(`${base(workspace)}/sign-in/verify`, { token }, customer),
  signInWithPassword: (workspace: string, body: { email: string; password: string }) => api.post<{ customer: { email: string } }>(`${base(workspace)}/sign-in/password`, body, customer),
  signOut: (workspace: string) => api.post<void>(`${base(workspace)}/sign-out`, {}, customer),
  setPassword: (workspace: string, password: string) => api.put<void>(`${base(workspace)}/me/password`, { password }, customer),
  tickets: (workspace: string) => api.get<{ items: PortalTicketSummary[] }>(`${base(workspace)}/tickets`, customer).then((r) => r.items),
  ticket: (workspace: string, id: string) => api.get<PortalTicketDetail>(`${base(workspace)}/tickets/${id}`, customer),
  createTicket: (workspace: string, body: NewPortalTicket) => api.post<PortalTicketDetail>(`${base(workspace)}/tickets`, body, customer),
  reply: (workspace: string, id: string, body: PortalReply) => api.post<PortalTicketDetail>(`${base(workspace)}/tickets/${id}/messages`, body, customer),
  upload: (workspace: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<PortalAttachment>(`${base(workspace)}/attachments`, form, customer);
  },
  askAssistant: (workspace: string, body: AssistantQuestion) => api.post<{ answer: AssistantAnswer | null }>(`${base(workspace)}/assistant`, body, customer).then((r) => r.answer),
  rateAssistant: (workspace: string, answer: AssistantAnswer, helpful: boolean) =>
    api.post<void>(`${base(workspace)}/assistant/${answer.conversationId}/feedback`, { token: answer.token, turnId: answer.turnId, helpful }, customer),
  openWebForm: (workspace: string) => api.get<WebFormOpened>(`${base(workspace)}/web-form`),
  sendWebForm: (workspace: string, body: WebFormRequest) => api.post<{ ticketNumber: string }>(`${base(workspace)}/web-form`, body),
};
