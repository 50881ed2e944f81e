/**
 * Each node's registry of open chat sockets and its ear on the chat NOTIFY channel. A message stored on any node is
 * announced at commit; every node hears it and hands it to its own sockets of that conversation: the visitor's, and
 * the console of the agent who holds it. Typing and read marks travel the same way. Queue changes make the node
 * recompute the place and wait of its own queued visitors, once per burst per workspace.
 */
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { CHAT_CHANNEL } from './chat.repository.ts';

export type Frame = Record<string, unknown> & { type: string };

export interface VisitorSink {
  workspaceId: string;
  conversationId: string;
  send(frame: Frame): void;
  /** The conversation's status and holder changed (the socket keeps them to address typing and read marks). */
  onState?(status: string, agentId: string | null): void;
}

export interface AgentSink {
  workspaceId: string;
  userId: string;
  send(frame: Frame): void;
}

export interface QueuePlace {
  position: number;
  waitSeconds: number | null;
}

/** One announcement on the channel; `a` is the agent holding the conversation (null while queued). */
export interface Announcement {
  w: string;
  c?: string;
  k: 'message' | 'typing' | 'read' | 'state' | 'queue';
  a?: string | null;
  m?: Record<string, unknown>;
  from?: 'visitor' | 'agent';
  on?: boolean;
  by?: 'visitor' | 'agent';
  seq?: number;
  status?: string;
  agentName?: string | null;
}

function parse(payload: string): Announcement | undefined {
  try {
    const value = JSON.parse(payload) as Announcement;
    return value && typeof value.w === 'string' && typeof value.k === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export class ChatHub {
  readonly #db: Db;
  readonly #logger: Logger | undefined;
  readonly #queuePlaces: (workspaceId: string) => Promise<Map<string, QueuePlace>>;
  readonly #visitors = new Map<string, Set<VisitorSink>>();
  readonly #agents = new Map<string, Set<AgentSink>>();
  readonly #queueDirty = new Set<string>();
  #queueRun: Promise<void> | undefined;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(deps: { db: Db; logger?: Logger; queuePlaces: (workspaceId: string) => Promise<Map<string, QueuePlace>> }) {
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.#queuePlaces = deps.queuePlaces;
  }

  async start(): Promise<void> {
    this.#unlisten ??= await this.#db.listen(CHAT_CHANNEL, (payload) => this.receive(payload));
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
    await this.#queueRun;
    this.#visitors.clear();
    this.#agents.clear();
  }

  addVisitor(sink: VisitorSink): () => void {
    return addTo(this.#visitors, sink.conversationId, sink);
  }

  addAgent(sink: AgentSink): () => void {
    return addTo(this.#agents, sink.workspaceId, sink);
  }

  /** The users with a console open on this node, by workspace (their presence is kept fresh). */
  connectedAgents(): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const [workspaceId, sinks] of this.#agents) result.set(workspaceId, [...new Set([...sinks].map((sink) => sink.userId))]);
    return result;
  }

  get socketCount(): number {
    let count = 0;
    for (const sinks of this.#visitors.values()) count += sinks.size;
    for (const sinks of this.#agents.values()) count += sinks.size;
    return count;
  }

  receive(payload: string): void {
    const note = parse(payload);
    if (!note) {
      this.#logger?.warn({ payload: payload.slice(0, 200) }, 'chat: ignored a malformed announcement');
      return;
    }
    if (note.k === 'queue' || note.k === 'state') this.#scheduleQueue(note.w);
    if (note.k === 'queue' || !note.c) return;
    const toVisitor = visitorFrame(note);
    for (const sink of this.#visitors.get(note.c) ?? []) {
      if (note.k === 'state') safely(() => sink.onState?.(note.status ?? '', note.a ?? null), this.#logger);
      if (toVisitor) safely(() => sink.send(toVisitor), this.#logger);
    }
    const toAgent = agentFrame(note);
    if (!toAgent) return;
    for (const sink of this.#agents.get(note.w) ?? []) {
      // Every console hears that the list changed; only the holder hears the conversation itself.
      if (note.k === 'state' || (note.a && sink.userId === note.a)) safely(() => sink.send(toAgent), this.#logger);
    }
  }

  #scheduleQueue(workspaceId: string): void {
    if (!this.#hasQueuedVisitors(workspaceId)) return;
    this.#queueDirty.add(workspaceId);
    this.#queueRun ??= this.#runQueue();
  }

  #hasQueuedVisitors(workspaceId: string): boolean {
    for (const sinks of this.#visitors.values()) for (const sink of sinks) if (sink.workspaceId === workspaceId) return true;
    return false;
  }

  async #runQueue(): Promise<void> {
    try {
      // A burst of changes (several accepts in one batch) is judged once.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.#queueDirty.size > 0) {
        const workspaces = [...this.#queueDirty];
        this.#queueDirty.clear();
        for (const workspaceId of workspaces) {
          try {
            const places = await this.#queuePlaces(workspaceId);
            for (const [conversationId, place] of places) {
              for (const sink of this.#visitors.get(conversationId) ?? []) safely(() => sink.send({ type: 'queue', ...place }), this.#logger);
            }
          } catch (error) {
            this.#logger?.warn({ err: error, workspaceId }, 'chat: could not compute queue places');
          }
        }
      }
    } finally {
      this.#queueRun = undefined;
    }
  }
}

function visitorFrame(note: Announcement): Frame | undefined {
  switch (note.k) {
    case 'message':
      return { type: 'message', message: note.m };
    case 'typing':
      return note.from === 'agent' ? { type: 'typing', on: note.on === true } : undefined;
    case 'read':
      return note.by === 'agent' ? { type: 'read', seq: note.seq } : undefined;
    case 'state':
      return { type: 'state', status: note.status, agentName: note.agentName ?? null };
    default:
      return undefined;
  }
}

function agentFrame(note: Announcement): Frame | undefined {
  switch (note.k) {
    case 'message':
      return { type: 'message', conversationId: note.c, message: note.m };
    case 'typing':
      return note.from === 'visitor' ? { type: 'typing', conversationId: note.c, on: note.on === true } : undefined;
    case 'read':
      return note.by === 'visitor' ? { type: 'read', conversationId: note.c, seq: note.seq } : undefined;
    case 'state':
      return { type: 'changed', conversationId: note.c, status: note.status, agentId: note.a ?? null };
    default:
      return undefined;
  }
}

function addTo<Sink>(map: Map<string, Set<Sink>>, key: string, sink: Sink): () => void {
  let sinks = map.get(key);
  if (!sinks) {
    sinks = new Set();
    map.set(key, sinks);
  }
  sinks.add(sink);
  return () => {
    const current = map.get(key);
    current?.delete(sink);
    if (current?.size === 0) map.delete(key);
  };
}

function safely(work: () => void, logger: Logger | undefined): void {
  try {
    work();
  } catch (error) {
    logger?.warn({ err: error }, 'chat: a socket listener failed');
  }
}
