import type { Db } from './db.ts';
import type { Logger } from './logger.ts';
import { EVENTS_CHANNEL } from './outbox.ts';

/** What a realtime client receives for each delivered event: ids only, never data (clients re-read through the API). */
export interface RealtimeMessage {
  type: string;
  aggregateType: string;
  aggregateId: string;
  id: number;
}

export type RealtimeListener = (message: RealtimeMessage) => void;

/**
 * The aggregate type of events addressed to one user (a notification): the aggregate id is the user's id, and only
 * the sockets of that user receive them.
 */
export const RECIPIENT_AGGREGATE = 'recipient';

interface Announcement extends RealtimeMessage {
  workspaceId: string;
}

function parseAnnouncement(payload: string): Announcement | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { workspaceId, id, type, aggregateType, aggregateId } = value as Record<string, unknown>;
  if (typeof workspaceId !== 'string' || typeof type !== 'string' || typeof aggregateType !== 'string' || typeof aggregateId !== 'string') return undefined;
  if (typeof id !== 'number') return undefined;
  return { workspaceId, id, type, aggregateType, aggregateId };
}

/**
 * Fans the outbox's per-event NOTIFY out to the connected clients of each workspace. Every Kefu node
 * runs one hub that LISTENs on the same channel, so an event dispatched by any node reaches the
 * clients of all nodes.
 */
export class RealtimeHub {
  readonly #db: Db;
  readonly #logger: Logger | undefined;
  readonly #byWorkspace = new Map<string, Set<RealtimeListener>>();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(deps: { db: Db; logger?: Logger }) {
    this.#db = deps.db;
    this.#logger = deps.logger;
  }

  async start(): Promise<void> {
    if (this.#unlisten) return;
    this.#unlisten = await this.#db.listen(EVENTS_CHANNEL, (payload) => this.publish(payload));
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    this.#byWorkspace.clear();
    await unlisten?.();
  }

  /** Registers a client of the workspace, signed in as `userId`; returns its unsubscribe function. */
  subscribe(workspaceId: string, listener: RealtimeListener, userId: string | null = null): () => void {
    const forThisUser: RealtimeListener = (message) => {
      if (message.aggregateType !== RECIPIENT_AGGREGATE || message.aggregateId === userId) listener(message);
    };
    let listeners = this.#byWorkspace.get(workspaceId);
    if (!listeners) {
      listeners = new Set();
      this.#byWorkspace.set(workspaceId, listeners);
    }
    listeners.add(forThisUser);
    return () => {
      const current = this.#byWorkspace.get(workspaceId);
      if (!current) return;
      current.delete(forThisUser);
      if (current.size === 0) this.#byWorkspace.delete(workspaceId);
    };
  }

  get clientCount(): number {
    let count = 0;
    for (const listeners of this.#byWorkspace.values()) count += listeners.size;
    return count;
  }

  /** Delivers one NOTIFY payload; malformed payloads are dropped (the channel is shared with nothing but stay safe). */
  publish(payload: string): void {
    const announcement = parseAnnouncement(payload);
    if (!announcement) {
      this.#logger?.warn({ payload: payload.slice(0, 200) }, 'realtime: ignored a malformed announcement');
      return;
    }
    const listeners = this.#byWorkspace.get(announcement.workspaceId);
    if (!listeners) return;
    const message: RealtimeMessage = { type: announcement.type, aggregateType: announcement.aggregateType, aggregateId: announcement.aggregateId, id: announcement.id };
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        this.#logger?.warn({ err: error }, 'realtime: a client listener failed');
      }
    }
  }
}
