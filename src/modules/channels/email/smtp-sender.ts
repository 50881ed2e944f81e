import nodemailer from 'nodemailer';
import { ChannelSendError, type ChannelContact, type OutboundAttachment } from '../channel-adapter.ts';

/** SMTP reply codes that retrying the same message would get again (RFC 5321: 5yz, except 503). */
export function isPermanentSmtpFailure(error: { code?: string; responseCode?: number }): boolean {
  if (typeof error.responseCode === 'number') return error.responseCode >= 500 && error.responseCode < 600 && error.responseCode !== 503;
  // Refused credentials or configuration do not fix themselves between tries, but an admin may fix them:
  // they are retried like an outage (the back-off keeps that cheap).
  return false;
}

/** One e-mail as it leaves: every header decided by the e-mail adapter. */
export interface ComposedMail {
  messageId: string;
  from: ChannelContact;
  to: ChannelContact;
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  attachments: OutboundAttachment[];
}

export interface SmtpSender {
  send(mail: ComposedMail): Promise<{ response: string }>;
  close(): void;
}

const address = (contact: ChannelContact) => (contact.name ? { name: contact.name, address: contact.email! } : contact.email!);

/**
 * Sends through an SMTP relay (`smtp://user:password@host:port`, `smtps://…` for implicit TLS). One transport per
 * relay URL; each send opens its own connection, so a relay restart costs nothing. A refusal is a `ChannelSendError`,
 * permanent for a 5xx.
 */
export function createSmtpSender(relayUrl: string): SmtpSender {
  const transport = nodemailer.createTransport({ url: relayUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          messageId: mail.messageId,
          from: address(mail.from),
          to: address(mail.to),
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
          ...(mail.references.length > 0 ? { references: mail.references } : {}),
          headers: mail.headers,
          attachments: mail.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        });
        return { response: String(info.response ?? '') };
      } catch (error) {
        const failure = error as Error & { code?: string; responseCode?: number };
        throw new ChannelSendError(failure.message, isPermanentSmtpFailure(failure));
      }
    },
    close() {
      transport.close();
    },
  };
}
