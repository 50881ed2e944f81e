import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseEmail, type ParsedEmail } from '../modules/channels/email/mail-parse.ts';

/** A relay started by the test: a real SMTP server that keeps what it is given, or refuses as told. */
export interface Relay {
  port: number;
  received: { envelope: { from: string; to: string[] }; raw: Buffer; mail: ParsedEmail }[];
  /** Answers for the next DATA commands, in order: a code refuses; an empty list accepts. */
  refuseData: number[];
  refuseRcpt: number | null;
  close(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  const relay: Relay = { port: 0, received: [], refuseData: [], refuseRcpt: null, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (relay.refuseRcpt) return callback(Object.assign(new Error('5.1.1 User unknown'), { responseCode: relay.refuseRcpt }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = relay.refuseData.shift();
        if (code) return callback(Object.assign(new Error(code === 451 ? '4.3.0 Try again later' : '5.7.1 Rejected'), { responseCode: code }));
        const raw = Buffer.concat(chunks);
        void parseEmail(raw).then((mail) => {
          relay.received.push({ envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }, raw, mail });
          callback(null, 'OK queued at the relay');
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.port = (server.server.address() as AddressInfo).port;
  relay.close = () => new Promise((resolve) => server.close(() => resolve()));
  return relay;
}

