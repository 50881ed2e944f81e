import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { theme, Tooltip } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/index.tsx';
import { api } from './api/client.ts';

/** What the server pushes for each delivered domain event (ids only: data is fetched through the API). */
export interface RealtimeMessage {
  type: string;
  aggregateType: string;
  aggregateId: string;
  id: number;
}

export type RealtimeState = 'connecting' | 'live' | 'offline';
type Listener = (message: RealtimeMessage) => void;

// Query keys start with the module name; an event invalidates its module's lists and anything keyed by its id.
const MODULE_OF_AGGREGATE: Record<string, string[]> = {
  ticket: ['tickets', 'supervisor', 'customers', 'routing'],
  message: ['tickets'],
  customer: ['customers', 'tickets'],
  sla: ['tickets', 'sla', 'supervisor'],
  user: ['identity'],
  team: ['identity'],
  // Events addressed to this user alone (the server sends them to nobody else): their notifications.
  recipient: ['notifications'],
  // Sub-task events, addressed to their department: the sub-task lists and the parent ticket's timeline.
  department: ['collaboration', 'tickets'],
};
const HEARTBEAT_TIMEOUT_MS = 65_000;
const FLUSH_MS = 250;

function invalidateFor(queryClient: QueryClient, messages: RealtimeMessage[]): void {
  const modules = new Set<string>();
  const ids = new Set<string>();
  for (const message of messages) {
    for (const module of MODULE_OF_AGGREGATE[message.aggregateType] ?? [message.aggregateType]) modules.add(module);
    ids.add(message.aggregateId);
  }
  void queryClient.invalidateQueries({
    predicate: (query) => {
      const [head] = query.queryKey;
      return (typeof head === 'string' && modules.has(head)) || query.queryKey.some((part) => typeof part === 'string' && ids.has(part));
    },
  });
}

interface RealtimeContextValue {
  state: RealtimeState;
  subscribe(listener: Listener): () => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({ state: 'offline', subscribe: () => () => undefined });

/**
 * One WebSocket per signed-in tab. Events patch the query cache (batched), the connection comes back
 * with backoff, and after a gap everything is refetched because events may have been missed.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<RealtimeState>('connecting');
  const listeners = useRef(new Set<Listener>());
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  useEffect(() => {
    let socket: WebSocket | undefined;
    let stopped = false;
    let attempt = 0;
    let retryTimer: number | undefined;
    let watchdog: number | undefined;
    let flushTimer: number | undefined;
    let pending: RealtimeMessage[] = [];
    let hadConnection = false;

    const armWatchdog = () => {
      window.clearTimeout(watchdog);
      watchdog = window.setTimeout(() => socket?.close(), HEARTBEAT_TIMEOUT_MS);
    };
    const flush = () => {
      flushTimer = undefined;
      const batch = pending;
      pending = [];
      if (batch.length > 0) invalidateFor(queryClient, batch);
    };

    const connect = async () => {
      if (stopped) return;
      if (attempt > 0) {
        // Reconnecting: make sure the session still stands (a 401 signs the tab out) before upgrading again.
        try {
          await api.get('/api/v1/me');
        } catch {
          if (stopped) return;
        }
      }
      if (stopped) return;
      setState('connecting');
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/realtime`;
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setState('live');
        armWatchdog();
        if (hadConnection) void queryClient.invalidateQueries();
        hadConnection = true;
      };
      ws.onmessage = (event) => {
        armWatchdog();
        let message: RealtimeMessage;
        try {
          message = JSON.parse(String(event.data)) as RealtimeMessage;
        } catch {
          return;
        }
        if (!message.aggregateType) return;
        pending.push(message);
        flushTimer ??= window.setTimeout(flush, FLUSH_MS);
        for (const listener of listeners.current) listener(message);
      };
      ws.onclose = () => {
        window.clearTimeout(watchdog);
        if (socket !== ws || stopped) return;
        setState('offline');
        attempt += 1;
        const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() / 2);
        retryTimer = window.setTimeout(() => void connect(), delay);
      };
    };
    void connect();

    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.clearTimeout(watchdog);
      window.clearTimeout(flushTimer);
      socket?.close();
    };
  }, [queryClient]);

  const value = useMemo(() => ({ state, subscribe }), [state, subscribe]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeState {
  return useContext(RealtimeContext).state;
}

/** Calls the listener for every realtime message while the component is mounted. */
export function useRealtimeEvents(listener: Listener): void {
  const { subscribe } = useContext(RealtimeContext);
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => subscribe((message) => ref.current(message)), [subscribe]);
}

export function RealtimeStatus({ state }: { state: RealtimeState }) {
  const t = useT();
  const { token } = theme.useToken();
  const label = state === 'live' ? t('realtime.live') : state === 'connecting' ? t('realtime.connecting') : t('realtime.offline');
  const color = state === 'live' ? token.colorSuccess : state === 'connecting' ? token.colorWarning : token.colorError;
  return (
    <Tooltip title={label}>
      <span data-testid="realtime-status" data-state={state} role="status" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: token.colorTextSecondary, fontSize: 13, whiteSpace: 'nowrap' }}>
        <span aria-hidden style={{ width: 8, height: 8, borderRadius: '50%', background: color, boxShadow: state === 'live' ? `0 0 0 3px ${token.colorSuccessBg}` : undefined }} />
        {label}
      </span>
    </Tooltip>
  );
}
