import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import type { ChannelContact, InboundAttachment } from '../channel-adapter.ts';
import { htmlToText } from './html-text.ts';

/** An inbound e-mail decoded into what the channel needs; the raw message is kept beside it. */
export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: ChannelContact | null;
  replyTo: ChannelContact | null;
  to: string[];
  cc: string[];
  date: Date | null;
  /** The plain-text part, or the HTML part turned into text when there is none. */
  text: string;
  html: string | null;
  /** Header values as text, keyed by lower-case name (first occurrence). */
  headers: Map<string, string>;
  contentType: string;
  attachments: InboundAttachment[];
}

/** Message ids as `<local@domain>`; anything without an @ is dropped (it cannot be one of ours or anyone's). */
export function normalizeMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const inner = value.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  if (!inner.includes('@') || /[\s<>]/.test(inner) || inner.length > 990) return null;
  return `<${inner}>`;
}

/** Every message id in a header value (`References` lists several, separated by white space or commas). */
export function messageIdList(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const ids = text.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(ids.map((id) => normalizeMessageId(id)).filter((id): id is string => id !== null))];
}

const HEADER_END = /\r?\n\r?\n/;

/**
 * The Message-ID read straight from the header block, without the MIME parser: the raw message is stored
 * and de-duplicated before it is parsed, so a parser bug can lose nothing.
 */
export function scanMessageId(raw: Uint8Array): string | null {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 64 * 1024)).toString('latin1');
  const end = head.search(HEADER_END);
  const unfolded = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((header) => /^message-id\s*:/i.test(header));
  return line ? messageIdList(line.slice(line.indexOf(':') + 1))[0] ?? null : null;
}

function firstContact(address: AddressObject | AddressObject[] | undefined): ChannelContact | null {
  const list = Array.isArray(address) ? address : address ? [address] : [];
  for (const entry of list.flatMap((object) => object.value)) {
    const mailbox = entry.address ? entry : entry.group?.find((member) => member.address);
    if (mailbox?.address) return { email: mailbox.address.toLowerCase(), ...(mailbox.name.trim() ? { name: mailbox.name.trim() } : {}) };
  }
  return null;
}

function addressList(address: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(address) ? address : address ? [address] : [];
  return list
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.address ? [entry] : (entry.group ?? [])))
    .flatMap((entry) => (entry.address ? [entry.address.toLowerCase()] : []));
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  if (value && typeof value === 'object' && 'value' in value) {
    const structured = value as { value: unknown; params?: Record<string, string>; text?: string };
    if (typeof structured.text === 'string') return structured.text;
    const params = Object.entries(structured.params ?? {}).map(([key, param]) => `; ${key}=${param}`);
    return `${String(structured.value)}${params.join('')}`;
  }
  return JSON.stringify(value);
}

function toParsed(mail: ParsedMail): ParsedEmail {
  const headers = new Map<string, string>();
  for (const [key, value] of mail.headers) if (!headers.has(key)) headers.set(key, headerText(value));
  const html = typeof mail.html === 'string' && mail.html.trim() ? mail.html : null;
  const plain = mail.text?.trim() ? mail.text : '';
  const contentType = mail.headers.get('content-type');
  return {
    messageId: normalizeMessageId(mail.messageId),
    inReplyTo: messageIdList(mail.inReplyTo),
    references: messageIdList(mail.references),
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    from: firstContact(mail.from),
    replyTo: firstContact(mail.replyTo),
    to: addressList(mail.to),
    cc: addressList(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text: (plain || (html ? htmlToText(html) : '')).replace(/\r\n/g, '\n'),
    html,
    headers,
    contentType: (contentType && typeof contentType === 'object' && 'value' in contentType ? String(contentType.value) : 'text/plain').toLowerCase(),
    attachments: mail.attachments.map((attachment, index) => ({
      filename: attachment.filename?.trim() || `attachment-${index + 1}`,
      contentType: (typeof attachment.contentType === 'string' && attachment.contentType ? attachment.contentType : 'application/octet-stream').toLowerCase(),
      content: attachment.content,
      contentId: attachment.cid ?? null,
      isInline: attachment.contentDisposition === 'inline' || (attachment.related === true && Boolean(attachment.cid)),
    })),
  };
}

/**
 * Decodes a raw RFC 822 message: charsets (GBK/GB18030/Big5 among them), encoded words, quoted-printable
 * and base64, nested multiparts. `cid:` links are left as they are: the images are kept as attachments.
 */
export async function parseEmail(raw: Uint8Array): Promise<ParsedEmail> {
  const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    keepCidLinks: true,
    checksumAlgo: false,
  });
  return toParsed(mail);
}
