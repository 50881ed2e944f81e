import nodemailer from 'nodemailer';
import { ChannelSendError, type ChannelAdapter, type OutboundMessage, type SendResult } from '../channel-adapter.ts';

/** SMTP reply codes that retrying the same message would get again (RFC 5321: 5yz, except 503). */
export function isPermanentSmtpFailure(error: { code?: string; responseCode?: number }): boolean {
  if (typeof error.responseCode === 'number') return error.responseCode >= 500 && error.responseCode < 600 && error.responseCode !== 503;
  // Refused credentials or configuration do not fix themselves between tries, but an admin may fix them:
  // they are retried like an outage (the back-off keeps that cheap).
  return false;
}

/**
 * Sends through an SMTP relay (`smtp://user:password@host:port`, `smtps://…` for implicit TLS). One
 * transport per relay URL; each send opens its own connection, so a relay restart costs nothing.
 */
export function createSmtpSender(relayUrl: string): ChannelAdapter & { close(): void } {
  const transport = nodemailer.createTransport({ url: relayUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return {
    kind: 'email',
    async send(message: OutboundMessage): Promise<SendResult> {
      try {
        const info = await transport.sendMail({
          messageId: message.externalId,
          from: message.from.name ? { name: message.from.name, address: message.from.email! } : message.from.email!,
          to: message.to.name ? { name: message.to.name, address: message.to.email! } : message.to.email!,
          subject: message.subject,
          text: message.body,
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          ...(message.references.length > 0 ? { references: message.references } : {}),
          headers: message.headers ?? {},
        });
        return { externalId: message.externalId, response: String(info.response ?? '') };
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
