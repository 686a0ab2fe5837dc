import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useGetIdentity } from 'react-admin';
import type { CaseView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../../../dataProvider';
import { describeChanges, type EventDescription } from './describeEvent';
import { UNREAD_COUNT_KEY } from '../../../layout/AlertBell';

/** The case page asks for the case this often while its tab is visible (docs/api.md: `version`, `lastEventSeq`). */
export const CASE_POLL_MS = 2_000;

export const caseEventsKey = (id: unknown) => ['cases', 'events', String(id)];
export const caseOneKey = (id: unknown) => ['cases', 'getOne', { id: String(id) }];

export interface LiveChanges {
  /** When the page learned of them (ms since epoch). */
  at: number;
  changes: EventDescription[];
}

function isNewer(next: CaseView, current: CaseView): boolean {
  return next.version > current.version || (next.version === current.version && next.lastEventSeq > current.lastEventSeq);
}

/**
 * Keeps a case page current without a reload: polls GET /api/cases/:id every 2 s while the tab is visible
 * (quietly: outside react-query, so no loading indicator), and when `version` or `lastEventSeq` moved, reads the
 * events, describes what others did, and puts the new case into the page's cache (the page re-renders; forms
 * keep what is typed in them). Polling stops in hidden tabs and resumes, with an immediate read, when visible.
 */
export function useCaseLive(record: CaseView) {
  const dp = useDataProvider<SentinelDataProvider>();
  const queryClient = useQueryClient();
  const { identity } = useGetIdentity();
  const me = identity?.id != null ? String(identity.id) : null;
  const current = useRef(record);
  current.current = record;
  const inFlight = useRef<Promise<void> | null>(null);
  const [lastChanges, setLastChanges] = useState<LiveChanges | null>(null);
  const id = String(record.id);
  // The same query as the timeline's (one request, one cache): forms re-render when the events arrive.
  const { data: events } = useQuery({ queryKey: caseEventsKey(id), queryFn: () => dp.getCaseEvents(id) });

  const loadEvents = useCallback(async () => {
    const evs = await dp.getCaseEvents(id);
    queryClient.setQueryData(caseEventsKey(id), evs);
    return evs;
  }, [dp, id, queryClient]);

  const poll = useCallback((): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    const run = (async () => {
      try {
        const { data } = await dp.getOne<CaseView>('cases', { id });
        const before = current.current;
        if (String(before.id) !== id || !isNewer(data, before)) return;
        let changes: EventDescription[] = [];
        if (data.lastEventSeq > before.lastEventSeq) changes = describeChanges(await loadEvents(), before.lastEventSeq, me);
        queryClient.setQueryData(caseOneKey(id), data);
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
        void queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY });
        void queryClient.invalidateQueries({ queryKey: ['alerts'] });
        if (changes.length) setLastChanges({ at: Date.now(), changes });
      } catch {
        // Quiet: the next tick tries again (a 401 already signed the user out through the data provider).
      } finally {
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    return run;
  }, [dp, id, loadEvents, me, queryClient]);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const start = () => {
      if (timer === null) timer = setInterval(() => void poll(), CASE_POLL_MS);
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        void poll();
        start();
      } else stop();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [poll]);

  // Another case in the same page component (J / K): forget the previous one's notices.
  useEffect(() => {
    setLastChanges(null);
  }, [id]);

  /** The changes others made after event `seq` (for a form typed into since then). */
  const changesSince = useCallback((seq: number) => (events ? describeChanges(events, seq, me) : []), [events, me]);

  const dismiss = useCallback(() => setLastChanges(null), []);
  return { poll, loadEvents, events, changesSince, lastChanges, dismiss };
}
