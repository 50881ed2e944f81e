/**
 * Keeps long-lived connections (the realtime socket, the chat console's socket) to the sign-in they were opened
 * with: each is closed when its credential no longer stands (session signed out, also everywhere; user
 * deactivated; token revoked; the permission it needs lost) or its credential's own end passes on the injected
 * clock, and follows its user's role and teams while it stays open.
 */
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { CLOSE_SIGNED_OUT, CLOSE_TRY_AGAIN_LATER } from '../../platform/websocket.ts';
import type { ConnectionCredential, IdentityChange, LiveCredential } from './identity.connections.ts';
import { can, type Permission } from './permissions.ts';

export interface CredentialWatchOptions {
  identity: {
    watchChanges(listener: (change: IdentityChange) => void): Promise<() => Promise<void>>;
    checkCredentials(credentials: readonly ConnectionCredential[]): Promise<(LiveCredential | undefined)[]>;
  };
  clock: Clock;
  logger?: Logger;
  /** What the connection needs to stay open (checked at every re-check). */
  permission: Permission;
  /** Names the connections in log lines ("realtime", "chat"). */
  name: string;
  /** How often open connections are held against their credential's end (a clock comparison, no query). */
  expiryCheckMs?: number;
}

/** One connection as the watch knows it. */
export interface WatchedConnection {
  /** Who the connection acts as now: follows role and team changes. */
  readonly actor: Actor;
  /**
   * The actor once every re-check this connection is waiting for has answered, so a frame received after an
   * identity change was heard is judged by what that change left; undefined when the connection has been closed
   * for it (or its credential has run out on the clock).
   */
  current(): Promise<Actor | undefined>;
  /** The connection closed: the watch forgets it. */
  release(): void;
}

export interface WatchInput {
  credential: ConnectionCredential;
  actor: Actor;
  /** Closes the connection (4401 when signed out, 1013 when the check itself failed). */
  close(code: number, reason: string): void;
  /** Told of the actor after a role or team change. */
  onActor?(actor: Actor): void;
}

interface Entry {
  input: WatchInput;
  actor: Actor;
  /** The credential's own end, known once it has been checked after registration. */
  expiresAt: Date | null;
  /** Closed by the watch (or released): frames are no longer judged. */
  ended: boolean;
  /** The first check, until it has answered. */
  first?: Promise<void>;
}

export class CredentialWatch {
  private readonly entries = new Set<Entry>();
  private readonly toRecheck = new Set<Entry>();
  /** Entries of the batch being checked now. */
  private readonly inFlight = new Set<Entry>();
  private rechecking: Promise<void> | undefined;
  private stopWatching: (() => Promise<void>) | undefined;
  private expiryTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly options: CredentialWatchOptions) {}

  /** Starts listening to identity changes on every node, and the expiry check. */
  static async start(options: CredentialWatchOptions): Promise<CredentialWatch> {
    const watch = new CredentialWatch(options);
    watch.stopWatching = await options.identity.watchChanges((change) => watch.onChange(change));
    // Expiry needs no query: each connection knows when its credential ends, measured on the injected clock.
    watch.expiryTimer = setInterval(() => watch.closeExpired(), options.expiryCheckMs ?? 1000);
    watch.expiryTimer.unref();
    return watch;
  }

  /**
   * Registers an open connection and checks its credential once: a sign-out between the upgrade's
   * authentication and here is caught by this check or by the announcement it sends, and the credential's
   * expiry is learnt.
   */
  watch(input: WatchInput): WatchedConnection {
    const entry: Entry = { input, actor: input.actor, expiresAt: null, ended: false };
    this.entries.add(entry);
    entry.first = this.options.identity
      .checkCredentials([input.credential])
      .then(([live]) => {
        entry.expiresAt ??= live?.expiresAt ?? null;
        this.apply(entry, live);
      })
      .catch((error: unknown) => {
        this.options.logger?.warn({ err: error }, `${this.options.name}: checking a new socket’s credential failed`);
        this.end(entry, CLOSE_TRY_AGAIN_LATER, 'try again');
      })
      .finally(() => (entry.first = undefined));
    return {
      get actor() {
        return entry.actor;
      },
      current: () => this.current(entry),
      release: () => this.forget(entry),
    };
  }

  /** Stops listening; the caller closes its connections. */
  async stop(): Promise<void> {
    clearInterval(this.expiryTimer);
    await this.stopWatching?.();
    await this.rechecking;
  }

  private async current(entry: Entry): Promise<Actor | undefined> {
    if (entry.first) await entry.first;
    while (!entry.ended && (this.toRecheck.has(entry) || this.inFlight.has(entry)) && this.rechecking) await this.rechecking;
    if (!entry.ended && this.hasExpired(entry, this.options.clock.now().getTime())) this.signOut(entry);
    return entry.ended ? undefined : entry.actor;
  }

  private onChange(change: IdentityChange): void {
    for (const entry of this.entries) {
      if (entry.actor.workspaceId === change.workspaceId && (change.userId === null || entry.actor.userId === change.userId)) this.toRecheck.add(entry);
    }
    if (this.toRecheck.size > 0) this.rechecking ??= this.recheck();
  }

  // Identity writes on any node: the connections they may concern are re-checked together, one batch at a time.
  private async recheck(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.toRecheck.size > 0) {
      const batch = [...this.toRecheck].filter((entry) => this.entries.has(entry));
      this.toRecheck.clear();
      for (const entry of batch) this.inFlight.add(entry);
      try {
        const results = await this.options.identity.checkCredentials(batch.map((entry) => entry.input.credential));
        batch.forEach((entry, index) => this.apply(entry, results[index]));
      } catch (error) {
        // Not knowing whether they still stand, the connections are dropped; the clients reconnect through authentication.
        this.options.logger?.warn({ err: error }, `${this.options.name}: re-checking credentials failed`);
        for (const entry of batch) this.end(entry, CLOSE_TRY_AGAIN_LATER, 'try again');
      } finally {
        this.inFlight.clear();
      }
    }
    this.rechecking = undefined;
  }

  private apply(entry: Entry, live: LiveCredential | undefined): void {
    if (entry.ended) return;
    if (!live || !can(live.actor, this.options.permission)) return this.signOut(entry);
    // Teams or role may have changed: what the connection does next is judged with who the user is now.
    entry.actor = live.actor;
    entry.input.onActor?.(live.actor);
  }

  private closeExpired(): void {
    const now = this.options.clock.now().getTime();
    for (const entry of this.entries) if (this.hasExpired(entry, now)) this.signOut(entry);
  }

  private hasExpired(entry: Entry, now: number): boolean {
    return entry.expiresAt !== null && entry.expiresAt.getTime() <= now;
  }

  private signOut(entry: Entry): void {
    this.end(entry, CLOSE_SIGNED_OUT, 'signed out');
  }

  private end(entry: Entry, code: number, reason: string): void {
    this.forget(entry);
    entry.input.close(code, reason);
  }

  private forget(entry: Entry): void {
    entry.ended = true;
    this.entries.delete(entry);
    this.toRecheck.delete(entry);
  }
}
