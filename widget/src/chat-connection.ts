/**
 * The widget's socket: reconnects with back-off, resumes after the last seq it saw (the server replays the rest),
 * resends messages not yet acknowledged under their first client id (the server stores each once), and hands
 * messages to the view exactly once and in seq order.
 */
export interface ChatMessage {
  seq: number;
  id: string;
  authorType: 'visitor' | 'agent' | 'bot' | 'system';
  body: string;
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number }[];
  clientId: string | null;
  createdAt: string;
}

export interface Saved {
  conversationId: string;
  token: string;
}

export type ServerFrame = Record<string, unknown> & { type: string };

export interface ConnectionEvents {
  onFrame(frame: ServerFrame): void;
  onMessage(message: ChatMessage): void;
  onConnected(connected: boolean): void;
}

interface Pending {
  clientId: string;
  text: string;
  attachmentIds: string[];
}

const MAX_BACKOFF_MS = 10_000;

export class ChatConnection {
  #socket: WebSocket | undefined;
  #saved: Saved | undefined;
  #lastSeq = 0;
  #pending: Pending[] = [];
  #backoff = 500;
  #closed = false;
  readonly #url: string;
  readonly #locale: string;
  readonly #events: ConnectionEvents;
  readonly #store: Storage | undefined;
  readonly #key: string;

  constructor(options: { url: string; locale: string; storageKey: string; events: ConnectionEvents }) {
    this.#url = options.url;
    this.#locale = options.locale;
    this.#events = options.events;
    this.#key = options.storageKey;
    try {
      this.#store = window.localStorage;
      const saved = JSON.parse(this.#store.getItem(this.#key) ?? 'null') as Saved | null;
      if (saved?.conversationId && saved.token) this.#saved = saved;
    } catch {
      this.#store = undefined;
    }
  }

  get pending(): readonly Pending[] {
    return this.#pending;
  }

  connect(): void {
    this.#closed = false;
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#backoff = 500;
      this.#events.onConnected(true);
      this.#send({ type: 'hello', locale: this.#locale, ...(this.#saved ? { ...this.#saved, after: this.#lastSeq } : {}) });
    };
    socket.onmessage = (event) => this.#receive(JSON.parse(String(event.data)) as ServerFrame);
    socket.onclose = () => {
      this.#events.onConnected(false);
      if (this.#closed) return;
      setTimeout(() => this.connect(), this.#backoff);
      this.#backoff = Math.min(MAX_BACKOFF_MS, this.#backoff * 2);
    };
  }

  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }

  start(contacts: { name: string; email?: string; phone?: string }): void {
    this.#send({ type: 'start', ...contacts });
  }

  leave(contacts: { name: string; email?: string; phone?: string; text: string }): void {
    this.#send({ type: 'leave', ...contacts });
  }

  say(text: string, attachmentIds: string[] = []): void {
    const pending = { clientId: `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`, text, attachmentIds };
    this.#pending.push(pending);
    this.#sendPending(pending);
  }

  typing(on: boolean): void {
    this.#send({ type: 'typing', on });
  }

  read(seq: number): void {
    this.#send({ type: 'read', seq });
  }

  end(): void {
    this.#send({ type: 'end' });
  }

  /** Forgets the conversation (after it ended) so the next one starts fresh. */
  forget(): void {
    this.#saved = undefined;
    this.#lastSeq = 0;
    this.#pending = [];
    this.#store?.removeItem(this.#key);
  }

  get saved(): Saved | undefined {
    return this.#saved;
  }

  #sendPending(pending: Pending): void {
    this.#send({ type: 'message', clientId: pending.clientId, text: pending.text, ...(pending.attachmentIds.length ? { attachmentIds: pending.attachmentIds } : {}) });
  }

  #send(frame: Record<string, unknown>): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        if (!frame.conversation && this.#saved) this.forget();
        // What was sent but never acknowledged goes again; the server recognises a repeat by its client id.
        if (frame.conversation) for (const pending of this.#pending) this.#sendPending(pending);
        break;
      }
      case 'started': {
        this.#saved = { conversationId: String(frame.conversationId), token: String(frame.token) };
        this.#lastSeq = 0;
        this.#store?.setItem(this.#key, JSON.stringify(this.#saved));
        break;
      }
      case 'ack':
        this.#pending = this.#pending.filter((pending) => pending.clientId !== frame.clientId);
        break;
      case 'error':
        // A refused message (too long…) will not pass on a retry either.
        if (frame.clientId) this.#pending = this.#pending.filter((pending) => pending.clientId !== frame.clientId);
        if (frame.code === 'not_found' && this.#saved) this.forget();
        break;
      case 'message': {
        const message = frame.message as ChatMessage;
        if (message.seq <= this.#lastSeq) return;
        // A gap: something was missed while reconnecting; ask for everything after the last seen.
        if (message.seq > this.#lastSeq + 1) return this.#send({ type: 'resume', after: this.#lastSeq });
        this.#lastSeq = message.seq;
        this.#events.onMessage(message);
        return;
      }
    }
    this.#events.onFrame(frame);
  }
}
