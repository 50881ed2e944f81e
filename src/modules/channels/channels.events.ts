import { typedOutbox } from '../../platform/outbox.ts';
import type { ChannelKind } from './channel-adapter.ts';

/**
 * Events of the channels module, written in the transaction that records a delivery's outcome. A delivery tied to a
 * ticket has the ticket as its aggregate (its viewers refresh, and SLA reads it in order with the ticket's events);
 * others have the delivery itself (`outbound`).
 */
export const CHANNEL_EVENTS = {
  outboundSent: 'outbound.sent',
  outboundFailed: 'outbound.failed',
} as const;

export interface OutboundEventPayload {
  outboundId: string;
  channel: ChannelKind;
  template: string | null;
  ticketId: string | null;
  ticketMessageId: string | null;
  /** A customer-facing update on the ticket's progress left (an agent's progress update; of one sent on several channels, the first to leave): the SLA's progress target counts it. */
  isProgressUpdate: boolean;
  /** ISO text. */
  at: string;
}

export interface OutboundFailedPayload extends OutboundEventPayload {
  error: string;
  permanent: boolean;
  attempts: number;
}

/** Event type → payload: what `channelsOutbox` emits and what its subscribers receive. */
export interface ChannelEventPayloads {
  'outbound.sent': OutboundEventPayload;
  'outbound.failed': OutboundFailedPayload;
}

export const channelsOutbox = typedOutbox<ChannelEventPayloads>();
