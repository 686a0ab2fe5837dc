import { useSyncExternalStore } from 'react';

/**
 * One shared ticking clock for every countdown on the page (a list of 50 SLA badges
 * keeps one interval, not 50).
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();
const TICK_MS = 1000;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of [...listeners]) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function getSnapshot(): number {
  return now;
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** For tests: forget the shared timer so fake timers start from a clean state. */
export function resetNowForTests(): void {
  if (timer) clearInterval(timer);
  timer = null;
  listeners.clear();
  now = Date.now();
}
