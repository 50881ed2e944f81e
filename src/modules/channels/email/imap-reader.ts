/**
 * Reading existing mailboxes over IMAP (`imapflow`). Each active account has one connection on the node, its folder
 * selected: the server's IDLE (or, where it offers none, imapflow's NOOP polling) announces new mail, and the periodic
 * `syncAll` reads whatever arrived since `last_uid` besides. Each message takes the SMTP listener's path — raw bytes
 * stored first, de-duplicated by Message-ID or hash — then is marked \Seen and the position moves past it, so a
 * crash between the two reads it again and the dedupe makes that harmless. Several nodes reading one account do the
 * same: the position only moves forward and the same message is one stored row.
 */
import { ImapFlow } from 'imapflow';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { ReceivedMail } from './email.intake.ts';
import * as repo from './email.repository.ts';
import * as accounts from './imap-accounts.repository.ts';

export interface ImapConnectionSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
}

export interface ImapTestResult {
  ok: boolean;
  /** Messages in the folder, when it opened. */
  messages: number | null;
  /** Whether the server announces new mail (IDLE); without it the folder is polled. */
  idle: boolean | null;
  error: string | null;
}

const CONNECT_TIMEOUT_MS = 10_000;

function clientFor(settings: ImapConnectionSettings, options: { disableAutoIdle?: boolean } = {}): ImapFlow {
  return new ImapFlow({
    ...options,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
  });
}

const describe = (error: unknown): string => {
  const detail = error as { responseText?: string; message?: string; code?: string };
  return (detail.responseText || detail.message || detail.code || String(error)).slice(0, 300);
};

/** Connects, signs in and opens the folder read-only; says what it found or why it failed. */
export async function testImapConnection(settings: ImapConnectionSettings): Promise<ImapTestResult> {
  const client = clientFor(settings);
  client.on('error', () => undefined);
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen(settings.folder, { readOnly: true });
    const result = { ok: true, messages: mailbox.exists, idle: client.capabilities.has('IDLE'), error: null };
    await client.logout();
    return result;
  } catch (error) {
    client.close();
    return { ok: false, messages: null, idle: null, error: describe(error) };
  }
}

export interface ImapReaderDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  receive(mail: ReceivedMail): Promise<unknown>;
}

/** One account's connection, its reads one at a time. */
class AccountWatcher {
  readonly client: ImapFlow;
  #chain: Promise<number> = Promise.resolve(0);
  #closed = false;

  constructor(
    readonly account: accounts.ImapAccountRecord,
    private readonly deps: ImapReaderDeps,
  ) {
    // IDLE is entered by hand after each read: imapflow's automatic IDLE does not always re-arm after a released lock.
    this.client = clientFor(account, { disableAutoIdle: true });
    this.client.on('error', (error: unknown) => deps.logger?.warn({ err: error, imapAccountId: account.id }, 'IMAP connection error'));
    this.client.on('close', () => {
      this.#closed = true;
    });
    this.client.on('exists', () => void this.sync());
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  async open(): Promise<void> {
    await this.client.connect();
    await this.client.mailboxOpen(this.account.folder);
  }

  /** Reads what arrived since the stored position; reads never overlap on one connection. */
  sync(): Promise<number> {
    this.#chain = this.#chain.then(
      () => this.#readNew(),
      () => this.#readNew(),
    );
    return this.#chain.catch(async (error: unknown) => {
      await accounts.recordError(this.deps.db, this.account.workspaceId, this.account.id, describe(error), this.deps.clock.now());
      this.deps.logger?.warn({ err: error, imapAccountId: this.account.id }, 'IMAP mailbox could not be read; will retry');
      return 0;
    });
  }

  /**
   * Under the folder's lock, then back to IDLE (a server without IDLE gets imapflow's NOOP polling instead), so the
   * server announces the next mail; the next command ends the IDLE by itself.
   */
  async #readNew(): Promise<number> {
    const lock = await this.client.getMailboxLock(this.account.folder);
    try {
      return await this.#readUnlocked();
    } finally {
      lock.release();
      if (!this.#closed) this.client.idle().catch(() => undefined);
    }
  }

  async #readUnlocked(): Promise<number> {
    const { db, clock } = this.deps;
    const { workspaceId, id } = this.account;
    const [current, mailbox] = await Promise.all([accounts.selectAccount(db, workspaceId, id), repo.selectMailbox(db, workspaceId, this.account.mailboxId)]);
    if (!current || !mailbox || !this.client.mailbox) return 0;
    const uidValidity = String(this.client.mailbox.uidValidity);
    // A folder re-created under the same name (new UIDVALIDITY) is read again from the start: the dedupe keeps it once.
    const from = current.uidValidity === uidValidity ? current.lastUid + 1 : 1;
    const found = await this.client.search({ uid: `${from}:*` }, { uid: true });
    // `n:*` always names the last message, even below n.
    const uids = (found || []).filter((uid) => uid >= from).sort((x, y) => x - y);
    for (const uid of uids) {
      const message = await this.client.fetchOne(String(uid), { source: true }, { uid: true });
      if (message && message.source) {
        await this.deps.receive({ raw: message.source, mailboxes: [mailbox], envelopeFrom: null, remoteAddress: `imap:${this.account.host}` });
        await this.client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      }
      await accounts.recordPosition(db, workspaceId, id, { uidValidity, lastUid: uid, now: clock.now() });
    }
    if (uids.length === 0) await accounts.recordPosition(db, workspaceId, id, { uidValidity, lastUid: current.uidValidity === uidValidity ? current.lastUid : 0, now: clock.now() });
    return uids.length;
  }

  close(): void {
    this.#closed = true;
    this.client.close();
  }
}

export function createImapReader(deps: ImapReaderDeps) {
  const watchers = new Map<string, AccountWatcher>();

  async function start(account: accounts.ImapAccountRecord): Promise<AccountWatcher | undefined> {
    const watcher = new AccountWatcher(account, deps);
    try {
      await watcher.open();
    } catch (error) {
      watcher.close();
      await accounts.recordError(deps.db, account.workspaceId, account.id, describe(error), deps.clock.now());
      deps.logger?.warn({ err: error, imapAccountId: account.id }, 'IMAP mailbox could not be opened; will retry');
      return undefined;
    }
    watchers.set(account.id, watcher);
    return watcher;
  }

  return {
    /**
     * Brings the connections in line with the accounts (opens new and changed ones, closes removed ones) and reads
     * every folder; new mail between two calls arrives through IDLE. Returns how many messages it read.
     */
    async syncAll(): Promise<number> {
      const active = await accounts.selectActiveAccounts(deps.db);
      const wanted = new Map(active.map((account) => [account.id, account]));
      for (const [id, watcher] of watchers) {
        const account = wanted.get(id);
        if (!account || watcher.isClosed || account.updatedAt.getTime() !== watcher.account.updatedAt.getTime()) {
          watcher.close();
          watchers.delete(id);
        }
      }
      let read = 0;
      for (const account of active) {
        const watcher = watchers.get(account.id) ?? (await start(account));
        if (watcher) read += await watcher.sync();
      }
      return read;
    },

    close(): void {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

export type ImapReader = ReturnType<typeof createImapReader>;
