/** The customer portal and the public web form: the data of the customer's own requests, sign-in, the form. */
export { portalApi, type PortalHome, type PortalTicketSummary, type PortalTicketDetail, type PortalAttachment, type WebFormRequest, type AssistantAnswer } from './api.ts';
export {
  portalKeys,
  usePortalHome,
  useMyTickets,
  useMyTicket,
  useRequestLink,
  useVerifyLink,
  usePasswordSignIn,
  usePortalSignOut,
  useSetPortalPassword,
  useCreatePortalTicket,
  usePortalReply,
  useWebForm,
  useAskAssistant,
  useRateAssistant,
} from './hooks.ts';
