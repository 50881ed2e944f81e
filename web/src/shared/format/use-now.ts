import { useSyncExternalStore } from 'react';

// One shared ticking clock for every countdown on the page, instead of a timer per badge.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: number | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    timer = window.setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second while any component uses it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now);
}
