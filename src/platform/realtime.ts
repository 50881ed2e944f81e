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

/**
 * The aggregate type of events addressed to one user (a notification): the aggregate id is the user's id, and only
 * the sockets of that user receive them.
 */
export const RECIPIENT_AGGREGATE = 'recipient';

/**
 * One connected client. `viewer` is whoever the gate judges (the app passes its signed-in actor) and may be
 * replaced while the client is connected (the user's teams changed).
 */
export interface RealtimeClient<Viewer> {
  viewer: Viewer;
  send(message: RealtimeMessage): void;
  /** The gate could not decide for a batch: the client has missed events and must refetch (reconnect). */
  lost?(): void;
}

/**
 * Decides who may receive which of a batch of one workspace's messages. Called once per batch (however
 * many clients and messages), so a burst of events costs one look-up, not one per client per event.
 */
export type RealtimeGate<Viewer> = (
  workspaceId: string,
  messages: readonly RealtimeMessage[],
  viewers: readonly Viewer[],
) => Promise<(viewer: Viewer, message: RealtimeMessage) => boolean>;

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
 *
 * Announcements are gathered until the current turn of the event loop ends (the dispatcher announces a
 * whole delivery batch in one statement, so they arrive together) and, with a gate, judged batch by
 * batch; batches are delivered one after another, so every client sees events in announcement order.
 */
export class RealtimeHub<Viewer = unknown> {
  readonly #db: Db;
  readonly #logger: Logger | undefined;
  readonly #gate: RealtimeGate<Viewer> | undefined;
  readonly #byWorkspace = new Map<string, Set<RealtimeClient<Viewer>>>();
  #unlisten: (() => Promise<void>) | undefined;
  #queue: Announcement[] = [];
  #flushing: Promise<void> | undefined;

  constructor(deps: { db: Db; logger?: Logger; gate?: RealtimeGate<Viewer> }) {
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.#gate = deps.gate;
  }

  async start(): Promise<void> {
    if (this.#unlisten) return;
    this.#unlisten = await this.#db.listen(EVENTS_CHANNEL, (payload) => this.publish(payload));
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    this.#byWorkspace.clear();
    this.#queue = [];
    await unlisten?.();
    await this.#flushing;
  }

  /** Registers a client of the workspace; returns its unsubscribe function. */
  subscribe(workspaceId: string, client: RealtimeClient<Viewer>): () => void {
    let clients = this.#byWorkspace.get(workspaceId);
    if (!clients) {
      clients = new Set();
      this.#byWorkspace.set(workspaceId, clients);
    }
    clients.add(client);
    return () => {
      const current = this.#byWorkspace.get(workspaceId);
      if (!current) return;
      current.delete(client);
      if (current.size === 0) this.#byWorkspace.delete(workspaceId);
    };
  }

  get clientCount(): number {
    let count = 0;
    for (const clients of this.#byWorkspace.values()) count += clients.size;
    return count;
  }

  /** Queues one NOTIFY payload; malformed payloads are dropped (the channel is shared with nothing but stay safe). */
  publish(payload: string): void {
    const announcement = parseAnnouncement(payload);
    if (!announcement) {
      this.#logger?.warn({ payload: payload.slice(0, 200) }, 'realtime: ignored a malformed announcement');
      return;
    }
    // Nobody of that workspace listens on this node: nothing to judge or keep.
    if (!this.#byWorkspace.has(announcement.workspaceId)) return;
    this.#queue.push(announcement);
    this.#flushing ??= this.#flushAll();
  }

  /** Resolves once everything queued so far has been delivered (tests). */
  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flushAll(): Promise<void> {
    try {
      // Let the rest of a burst arrive first: notifications of one statement come in one turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        await this.#deliver(batch);
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #deliver(batch: Announcement[]): Promise<void> {
    const byWorkspace = new Map<string, RealtimeMessage[]>();
    for (const { workspaceId, ...message } of batch) {
      const messages = byWorkspace.get(workspaceId) ?? [];
      messages.push(message);
      byWorkspace.set(workspaceId, messages);
    }
    await Promise.all(
      [...byWorkspace].map(async ([workspaceId, messages]) => {
        const clients = this.#byWorkspace.get(workspaceId);
        if (!clients) return;
        let allows: ((viewer: Viewer, message: RealtimeMessage) => boolean) | undefined;
        if (this.#gate) {
          try {
            allows = await this.#gate(workspaceId, messages, [...clients].map((client) => client.viewer));
          } catch (error) {
            // Not knowing who may see them, nobody gets them; the clients reconnect and refetch instead.
            this.#logger?.warn({ err: error, workspaceId }, 'realtime: could not decide who may receive a batch');
            for (const client of this.#byWorkspace.get(workspaceId) ?? []) this.#safely(() => client.lost?.());
            return;
          }
        }
        // Clients that left while the gate decided are gone from the live set; ones that joined get the batch too.
        for (const client of this.#byWorkspace.get(workspaceId) ?? []) {
          for (const message of messages) {
            this.#safely(() => {
              if (!allows || allows(client.viewer, message)) client.send(message);
            });
          }
        }
      }),
    );
  }

  #safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#logger?.warn({ err: error }, 'realtime: a client listener failed');
    }
  }
}
