import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../../platform/logger.ts';
import type { MailboxRecord } from './email.repository.ts';
import type { ReceivedMail } from './email.intake.ts';

export interface SmtpListenerDeps {
  /** Active mailboxes for these lower-case addresses (any workspace). */
  findMailboxes(addresses: readonly string[]): Promise<MailboxRecord[]>;
  receive(mail: ReceivedMail): Promise<{ ids: string[]; duplicates: number }>;
  logger?: Logger;
  maxMessageBytes: number;
  /** The name in the greeting and EHLO reply. */
  hostname: string;
}

export interface SmtpListener {
  /** Port 0 picks a free one; resolves to the port bound. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string): Error & { responseCode: number } => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP listener: receives mail for the workspaces' addresses (a front MTA or the sender's
 * server delivers here). Unknown recipients are refused at RCPT TO (550), oversized messages at MAIL FROM
 * when the client declares SIZE and otherwise after DATA (552); a message is answered 250 only once it is
 * stored durably, so a crash before that makes the sender retry rather than lose it. No AUTH: it accepts
 * mail for its own addresses only, like any receiving MX.
 */
export function createSmtpListener(deps: SmtpListenerDeps): SmtpListener {
  const server = new SMTPServer({
    name: deps.hostname,
    banner: 'Kefu',
    size: deps.maxMessageBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    maxClients: 200,

    onRcptTo(address, _session, callback) {
      const wanted = address.address.trim().toLowerCase();
      deps.findMailboxes([wanted]).then(
        (found) => callback(found.length > 0 ? null : smtpError(550, `5.1.1 <${wanted}>: no such mailbox here`)),
        (error: unknown) => {
          deps.logger?.error({ err: error }, 'SMTP: mailbox lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Past the limit the rest is only read and dropped; the listener answers 552 (rejectOversized).
        if (bytes <= deps.maxMessageBytes) chunks.push(chunk);
      });
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 Message exceeds the fixed maximum size of ${deps.maxMessageBytes} bytes`));
          return;
        }
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.trim().toLowerCase());
        const mailFrom = session.envelope.mailFrom;
        void (async () => {
          const mailboxes = await deps.findMailboxes(recipients);
          if (mailboxes.length === 0) throw smtpError(550, '5.1.1 No such mailbox here');
          const stored = await deps.receive({
            raw: Buffer.concat(chunks),
            mailboxes,
            envelopeFrom: mailFrom ? mailFrom.address : '',
            remoteAddress: session.remoteAddress ?? null,
          });
          return stored;
        })().then(
          (stored) => callback(null, `Message queued as ${stored.ids.join(',')}`),
          (error: unknown) => {
            if (error instanceof Error && 'responseCode' in error) return callback(error);
            deps.logger?.error({ err: error }, 'SMTP: storing a received message failed');
            callback(smtpError(451, '4.3.0 Could not store the message, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error: Error) => deps.logger?.warn({ err: error }, 'SMTP connection error'));

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.server.once('error', onError);
        server.listen(port, host, () => {
          server.server.off('error', onError);
          resolve((server.server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
