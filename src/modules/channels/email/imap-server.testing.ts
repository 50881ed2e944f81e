/**
 * A real IMAP server for tests, in the test's own process: hoodiecrow-imap (IMAP4rev1 over a socket, IDLE, UIDPLUS),
 * holding one account's folders in memory. Tests append to it over IMAP, as another mail client would.
 */
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';

export interface TestImapServer {
  port: number;
  user: string;
  password: string;
  /** Delivers a message into a folder, through a second IMAP connection (APPEND). */
  append(raw: string, folder?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startImapServer(options: { idle?: boolean } = {}): Promise<TestImapServer> {
  const user = 'desk@imap.test';
  const password = 'imap-secret';
  const server = hoodiecrow({
    plugins: options.idle === false ? ['UIDPLUS'] : ['IDLE', 'UIDPLUS'],
    users: { [user]: { password } },
    storage: { INBOX: { messages: [] }, '': { separator: '/', folders: { Support: { messages: [] } } } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.server.address().port;
  return {
    port,
    user,
    password,
    async append(raw, folder = 'INBOX') {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
      await client.connect();
      try {
        await client.append(folder, raw);
      } finally {
        await client.logout();
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
