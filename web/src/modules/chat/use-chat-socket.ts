import { useEffect, useRef, useState } from 'react';

export type ConsoleFrame = Record<string, unknown> & { type: string };

/**
 * The console's chat socket (`/api/v1/chat/socket`, signed in by the session cookie): reconnects with back-off,
 * hands every frame to the listener, and sends frames while open. Messages are sent with a client id; the server
 * acknowledges each with its seq once stored.
 */
export function useChatSocket(onFrame: (frame: ConsoleFrame) => void): { connected: boolean; send: (frame: Record<string, unknown>) => boolean } {
  const [connected, setConnected] = useState(false);
  const socketRef = useRef<WebSocket | null>(null);
  const listener = useRef(onFrame);
  listener.current = onFrame;

  useEffect(() => {
    let stopped = false;
    let backoff = 500;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/chat/socket`);
      socketRef.current = socket;
      socket.onopen = () => {
        backoff = 500;
        setConnected(true);
      };
      socket.onmessage = (event) => listener.current(JSON.parse(String(event.data)) as ConsoleFrame);
      socket.onclose = () => {
        setConnected(false);
        if (stopped) return;
        timer = setTimeout(connect, backoff);
        backoff = Math.min(10_000, backoff * 2);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socketRef.current?.close();
    };
  }, []);

  const send = (frame: Record<string, unknown>) => {
    const socket = socketRef.current;
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };
  return { connected, send };
}

/** A short two-tone chime (no audio file to ship); silent where the browser blocks audio before a click. */
export function playChime(): void {
  try {
    const context = new AudioContext();
    const gain = context.createGain();
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.08, context.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.5);
    for (const [index, frequency] of [880, 1320].entries()) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(context.currentTime + index * 0.12);
      tone.stop(context.currentTime + 0.5);
    }
    setTimeout(() => void context.close(), 800);
  } catch {
    // No audio: the notification still shows.
  }
}

/** A desktop notification while the tab is hidden (asked for once from the console's button). */
export function notifyDesktop(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
  new Notification(title, { body, tag: 'kefu-chat' });
}
