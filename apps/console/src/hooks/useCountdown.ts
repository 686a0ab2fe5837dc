import { useLocaleState } from 'react-admin';
import { formatClock, formatDuration } from '../format/formatters';
import { useNow } from './useNow';

export interface Countdown {
  /** Milliseconds until `dueAt`; negative once it has passed; null without a due time. */
  remainingMs: number | null;
  overdue: boolean;
  /** Compact (`1h 05m`), for badges. */
  short: string;
  /** Ticking (`01:05:09`), for the case page. */
  clock: string;
}

export function computeCountdown(dueAt: string | Date | null | undefined, now: number, locale: string): Countdown {
  if (!dueAt) return { remainingMs: null, overdue: false, short: '', clock: '' };
  const due = dueAt instanceof Date ? dueAt.getTime() : Date.parse(dueAt);
  if (Number.isNaN(due)) return { remainingMs: null, overdue: false, short: '', clock: '' };
  const remainingMs = due - now;
  return {
    remainingMs,
    overdue: remainingMs < 0,
    short: formatDuration(remainingMs, locale),
    clock: formatClock(remainingMs, locale),
  };
}

/** A live countdown to `dueAt`, re-rendered every second by the shared clock. */
export function useCountdown(dueAt: string | Date | null | undefined): Countdown {
  const now = useNow();
  const [locale] = useLocaleState();
  return computeCountdown(dueAt, now, locale);
}
