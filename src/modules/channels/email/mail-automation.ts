import type { AutomatedVerdict } from '../channel-adapter.ts';
import { isOwnMessageId } from './mail-threading.ts';

/** What the verdict looks at: the decoded headers and a few envelope facts. */
export interface AutomationFacts {
  /** Lower-case header names to their text. */
  headers: ReadonlyMap<string, string>;
  fromAddress: string | null;
  /** The SMTP envelope sender; an empty one (`MAIL FROM:<>`) is how bounces are sent. */
  envelopeFrom?: string | null;
  subject: string;
  contentType: string;
  messageId: string | null;
  /** This installation's mailbox addresses and the domains of its Message-IDs. */
  ownAddresses: readonly string[];
  ownDomains: readonly string[];
}

const BOUNCE_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|double-bounce)(?:[+-][^@]*)?@/i;
const NO_REPLY_SENDER = /^(?:no-?reply|do-?not-?reply|noreply-[^@]*)@/i;
const BOUNCE_SUBJECT = /^(?:undeliver(?:able|ed)|delivery (?:status notification|failure|has failed)|returned mail|mail delivery (?:failed|subsystem)|failure notice|系统退信|退信|邮件投递失败|未能送达|無法傳遞)/i;
const AUTO_REPLY_SUBJECT = /^(?:auto(?:matic)?[ -]?reply|auto[ -]?response|out of (?:the )?office|ooo\b|自动回复|自動回覆|自动答复|休假|外出|不在办公室)/i;

const header = (facts: AutomationFacts, name: string): string | undefined => facts.headers.get(name)?.trim();

/**
 * Whether a mail was written by a machine rather than a person, and why. The headers decide first
 * (RFC 3834 Auto-Submitted, the de-facto X-Autoreply family, Precedence, List-*), then the sender and the
 * report type of bounces, then subject patterns of clients that set no header. Our own Message-ID or one
 * of our own addresses as sender is a loop.
 */
export function classifyAutomated(facts: AutomationFacts): AutomatedVerdict | null {
  if (isOwnMessageId(facts.messageId, facts.ownDomains)) return { kind: 'loop', reason: 'message-id:own' };
  const from = facts.fromAddress?.toLowerCase() ?? null;
  if (from && facts.ownAddresses.some((address) => address.toLowerCase() === from)) return { kind: 'loop', reason: 'from:own-address' };

  const contentType = facts.contentType.toLowerCase();
  // Delivery reports (DSN) and read receipts (MDN) both come as multipart/report.
  if (contentType.startsWith('multipart/report')) return { kind: 'bounce', reason: 'content-type:multipart/report' };
  if (header(facts, 'x-failed-recipients')) return { kind: 'bounce', reason: 'header:x-failed-recipients' };
  if (facts.envelopeFrom === '') return { kind: 'bounce', reason: 'envelope:null-sender' };
  if (from && BOUNCE_SENDER.test(from)) return { kind: 'bounce', reason: `from:${from.slice(0, from.indexOf('@'))}` };

  const autoSubmitted = header(facts, 'auto-submitted')?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return { kind: 'auto_reply', reason: `header:auto-submitted=${autoSubmitted.split(/[;\s]/)[0]}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply']) {
    const value = header(facts, name)?.toLowerCase();
    if (value !== undefined && value !== 'no' && value !== 'false') return { kind: 'auto_reply', reason: `header:${name}` };
  }
  const suppress = header(facts, 'x-auto-response-suppress')?.toLowerCase();
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) return { kind: 'auto_reply', reason: 'header:x-auto-response-suppress' };
  const precedence = header(facts, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'].includes(precedence)) {
    return { kind: precedence === 'list' || precedence === 'bulk' ? 'list' : 'auto_reply', reason: `header:precedence=${precedence}` };
  }
  if (header(facts, 'list-id') || header(facts, 'list-unsubscribe')) return { kind: 'list', reason: header(facts, 'list-id') ? 'header:list-id' : 'header:list-unsubscribe' };
  if (header(facts, 'x-loop')) return { kind: 'loop', reason: 'header:x-loop' };
  if (from && NO_REPLY_SENDER.test(from)) return { kind: 'auto_reply', reason: 'from:no-reply' };

  const subject = facts.subject.normalize('NFKC').trim();
  if (BOUNCE_SUBJECT.test(subject)) return { kind: 'bounce', reason: 'subject:bounce' };
  if (AUTO_REPLY_SUBJECT.test(subject)) return { kind: 'auto_reply', reason: 'subject:auto-reply' };
  return null;
}
