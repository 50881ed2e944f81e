/**
 * How a mail finds its ticket, and how our replies carry what finds it again: Message-ID / In-Reply-To /
 * References first (exact), then the ticket number in the subject (survives clients that drop the
 * headers, and a customer who writes a new mail quoting the number).
 */

/** The ids a mail answers, nearest first: In-Reply-To, then References from the newest back. */
export function threadCandidates(mail: { inReplyTo: readonly string[]; references: readonly string[] }): string[] {
  return [...new Set([...mail.inReplyTo, ...[...mail.references].reverse()])];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The ticket number quoted in a subject as `[#CS20260501001]` or `[CS20260501001]` (full-width brackets
 * too, as Chinese input methods type them). Numbers are the workspace prefix, the local date and a
 * sequence of three or more digits; the last tag wins (a forward of a reply quotes the newest last).
 */
export function findTicketNumber(subject: string, prefix: string): string | null {
  const pattern = new RegExp(`[[【［]\\s*#?\\s*(${escapeRegExp(prefix)}\\d{11,})\\s*[\\]】］]`, 'giu');
  let found: string | null = null;
  for (const match of subject.normalize('NFKC').matchAll(pattern)) found = match[1]!.toUpperCase();
  return found;
}

// Reply and forward markers of English and Chinese clients, any number of times: "Re: 回复: Fwd: …".
const REPLY_PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|回复|回覆|答复|转发|轉寄|转寄)\s*(?:\[\d+\])?\s*[:：]\s*)+/i;

// A character or its full-width form (Chinese input methods type ＣＳ２０…), matched without rewriting the subject.
const eitherWidth = (char: string): string => {
  const code = char.charCodeAt(0);
  return code > 0x20 && code < 0x7f ? `(?:${escapeRegExp(char)}|${String.fromCharCode(code + 0xfee0)})` : escapeRegExp(char);
};

/**
 * The subject without reply markers and without our ticket tag, for the ticket's own subject. The words stay as
 * the customer wrote them: a compatibility normalisation (NFKC) would turn Chinese punctuation （：，） into ASCII.
 */
export function baseSubject(subject: string, prefix: string): string {
  const number = `${[...prefix].map(eitherWidth).join('')}[0-9０-９]{11,}`;
  const tag = new RegExp(`\\s*[[【［]\\s*[#＃]?\\s*${number}\\s*[\\]】］]\\s*`, 'giu');
  return subject.normalize('NFC').replace(tag, ' ').replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim();
}

/** Our replies' subject: `Re: <subject> [#<number>]`, so the answer threads back by number as well. */
export function replySubject(ticketSubject: string, ticketNumber: string, prefix: string): string {
  const subject = baseSubject(ticketSubject, prefix);
  return `Re: ${subject ? `${subject} ` : ''}[#${ticketNumber}]`;
}

/**
 * The Message-ID of an outgoing message, derived from the ticket message it sends: a retried send
 * carries the same id (receivers drop the copy), and a mail that comes back with it is known as ours.
 */
export function outboundMessageId(ticketMessageId: string, domain: string): string {
  return `<kefu.${ticketMessageId}@${domain.toLowerCase()}>`;
}

/** Whether a message id is one this installation wrote (the `kefu.` ids above, on one of our domains). */
export function isOwnMessageId(messageId: string | null, domains: readonly string[]): boolean {
  if (!messageId) return false;
  const match = /^<kefu\.[0-9a-f-]{36}@([^>]+)>$/i.exec(messageId);
  return match !== null && domains.some((domain) => domain.toLowerCase() === match[1]!.toLowerCase());
}

/**
 * The References header of a reply: the thread's ids oldest first, ending with the one answered. Long
 * threads keep the first and the newest ids (RFC 5322 §3.6.4 lets a client drop the middle).
 */
export function referencesFor(thread: readonly string[], inReplyTo: string | null, limit = 20): string[] {
  const ids = [...new Set([...thread.filter((id) => id !== inReplyTo), ...(inReplyTo ? [inReplyTo] : [])])];
  if (ids.length <= limit) return ids;
  return [ids[0]!, ...ids.slice(ids.length - (limit - 1))];
}

/** The domain part of an address, lower-cased. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
