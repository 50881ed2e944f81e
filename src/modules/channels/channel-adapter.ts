import type { Sql } from '../../platform/db.ts';
import type { Locale } from '../../platform/i18n.ts';

/**
 * The contract every channel driver meets (e-mail now; chat, messaging and SMS later): inbound traffic is
 * normalised to one `InboundMessage` that a single intake turns into a ticket or a message on one, and
 * outbound messages go through one queue that hands each to its channel's `send`. Providers (SMTP, IMAP, WeChat, an SMS gateway…) are drivers chosen
 * by configuration behind the same shape.
 */

export const CHANNEL_KINDS = ['email', 'chat', 'wechat', 'sms', 'webform', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Who wrote, as the channel knows them; the customers module finds or creates the customer from it. */
export interface ChannelContact {
  name?: string;
  email?: string;
  phone?: string;
  /** A provider's own id for the person (a WeChat open id, a chat visitor id). */
  externalId?: string;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
  /** The bare id that `cid:` links in HTML mail refer to (no angle brackets); null for other parts. */
  contentId: string | null;
  isInline: boolean;
}

/**
 * Machine-written traffic. It is stored and shown, never answered automatically, so two systems
 * cannot answer each other forever.
 */
export type AutomatedKind = 'auto_reply' | 'bounce' | 'list' | 'loop';
export interface AutomatedVerdict {
  kind: AutomatedKind;
  /** Which signal decided it, for the record (`header:auto-submitted=auto-replied`). */
  reason: string;
}

export interface InboundMessage {
  channel: ChannelKind;
  /** The provider's id of this message (an e-mail's Message-ID): the same id twice is one message. */
  externalId: string | null;
  /** Ids of earlier messages this one answers, the nearest first (In-Reply-To, then References). */
  inReplyTo: string[];
  /** A ticket number the sender quoted (in an e-mail subject), the weaker threading signal. */
  ticketNumber: string | null;
  from: ChannelContact;
  /** Where answers go when not to the sender (an e-mail's Reply-To). */
  replyTo: ChannelContact | null;
  subject: string;
  /** What an agent reads first: quoted history and signature trimmed. */
  body: string;
  /** The whole text as sent (the raw message is kept besides). */
  fullBody: string;
  attachments: InboundAttachment[];
  automated: AutomatedVerdict | null;
  sentAt: Date | null;
}

/** A file that leaves with an outbound message (an agent's reply attachment), read from the attachment store. */
export interface OutboundAttachment {
  id: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * One message of the outbound queue as its channel's adapter receives it. The words are final (rendered when it was
 * queued); what is the channel's own (an e-mail's sender, subject of a reply, threading headers) the adapter adds.
 */
export interface OutboundDelivery {
  /** The queue row: the same on every attempt, so a provider id derived from it is stable across retries. */
  id: string;
  workspaceId: string;
  channel: ChannelKind;
  to: ChannelContact;
  /** Null for a reply, whose subject the channel derives from its ticket. */
  subject: string | null;
  text: string;
  html: string | null;
  /** The template it was rendered from; null for a person's own words. */
  template: string | null;
  locale: string | null;
  ticketId: string | null;
  /** The ticket message this delivers (an agent's reply). */
  ticketMessageId: string | null;
  attachmentIds: string[];
  /** Reads the attachments from the store, for a channel that carries files (only then are they read). */
  loadAttachments(): Promise<OutboundAttachment[]>;
  /** 1 on the first try. */
  attempt: number;
}

/** What a messaging channel reads of a queued reply: the ticket it answers (its conversation says where it goes) and the words. */
export type ReplyDelivery = Pick<OutboundDelivery, 'workspaceId' | 'ticketId' | 'ticketMessageId' | 'text'>;

export interface SendResult {
  /** The provider's id of the message (an e-mail's Message-ID, a gateway's message id). */
  externalId: string;
  /** What the provider answered (an SMTP reply line), kept on the queue row. */
  response: string;
  /** The address it was sent from, when the channel has one. */
  from?: string;
}

/**
 * A failed send. `permanent` failures (an SMTP 5xx, an address the provider refuses, a missing address) are not
 * retried; the rest (timeouts, 4xx, a provider that is down, a channel not configured yet) are, with back-off.
 */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

/**
 * A channel's outbound driver, registered with the outbound queue (`service.outbound.registerAdapter`). `send` runs
 * after commit, outside any transaction, and may be called again for the same delivery after a crash: providers that
 * de-duplicate by an id should be given one derived from `delivery.id`. `recordSent` runs in the transaction that marks
 * the delivery sent, for what the channel keeps of it (the e-mail thread index).
 */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  send(delivery: OutboundDelivery): Promise<SendResult>;
  recordSent?(tx: Sql, delivery: OutboundDelivery, result: SendResult): Promise<void>;
  /** Ends open connections at shutdown. */
  close?(): void;
}

// ---------------------------------------------------------------------------------------------------------------
// The outbound queue, as other modules call it (`service.outbound.queue`)

/**
 * One message to send. Give either `template` (a registered template, rendered in `locale` with `params`) or
 * `content` (the words of a person, sent as they are). Callers have checked that the actor may cause it.
 */
export interface QueueOutboundInput {
  workspaceId: string;
  channel: ChannelKind;
  /** E-mail needs `email`, SMS `phone`; channels that address people by their own ids use `externalId`. */
  to: ChannelContact;
  template?: string;
  /** The recipient's language; the workspace's default when absent. */
  locale?: Locale | null;
  /** Values of the template's `{{placeholders}}`; text, escaped where it lands in HTML. */
  params?: Record<string, string | number | null | undefined>;
  content?: { subject?: string; text: string; html?: string };
  /** Ties it to a ticket: shown with the ticket's deliveries, and a final failure is written on its timeline. */
  ticketId?: string | null;
  /** The ticket message it delivers (an agent's reply): that message's delivery status follows the send. */
  ticketMessageId?: string | null;
  /** Ticket attachments that leave with it (e-mail). */
  attachmentIds?: readonly string[];
  /** The same key twice in a workspace queues one message (an event delivered twice, a retried request). */
  dedupeKey?: string;
  /**
   * One notice sent on several channels (by e-mail and by SMS) gives each message the same group: its `outbound.sent`
   * events say which was the first to reach the customer, so the notice counts once.
   */
  noticeGroup?: string;
  /** Not sent before this instant (a delayed notice); now when absent. */
  notBefore?: Date;
}

export interface QueuedOutbound {
  id: string;
  /** False when the dedupe key was taken: the message was queued before, and nothing new was. */
  isNew: boolean;
}

/** What queues a message: the outbound service, or a part of this module that is handed only that. */
export interface OutboundQueuePort {
  queue(tx: Sql, input: QueueOutboundInput): Promise<QueuedOutbound>;
}
