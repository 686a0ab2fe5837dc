import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useLogoutIfAccessDenied, useNotify, useTranslate } from 'react-admin';
import type { AllowedAction, CaseView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../../dataProvider';
import { problemStatus } from '../../problem/problem';
import { allowedOf } from '../caseExtras';
import { caseEventsKey, caseOneKey, useCaseLive, type LiveChanges } from './live/useCaseLive';
import type { EventDescription } from './live/describeEvent';
import { hasWorkFor } from './actionGroups';
import { useFlowSettings } from '../../flow/flowSettings';
import { useClaimNext } from '../../flow/useClaimNext';

export { caseEventsKey } from './live/useCaseLive';

export type ActionResult = { ok: true; data: CaseView } | { ok: false; error: unknown };

/** The reader's own change of the case: forms typed at `from` follow it to `to` (it is not someone else's change). */
export interface OwnChange {
  from: number;
  to: number;
  seq: number;
}

interface CaseActionApi {
  record: CaseView;
  /** POST /api/cases/:id/actions/:action with `version` (default: the case's current one). */
  run(action: AllowedAction | string, payload?: Record<string, unknown>, opts?: { version?: number }): Promise<ActionResult>;
  /** The 409 of the last attempt, until the case is read again. */
  conflict: unknown | null;
  reload(): Promise<void>;
  reloading: boolean;
  /** Re-read the case, its events and notifications (after an upload, say). */
  refreshAll(): Promise<void>;
  allowed(action: AllowedAction | string): boolean;
  /** Live view of the case: what others changed (polling), and a read right now. */
  live: {
    lastChanges: LiveChanges | null;
    dismiss(): void;
    changesSince(seq: number): EventDescription[];
    poll(): Promise<void>;
  };
  /** The latest change the reader made themselves. */
  ownChange: OwnChange | null;
  /** Forms with input in them stay on the page even when their action is no longer offered. */
  typing: { actions: readonly string[]; set(action: string, typing: boolean): void };
}

const Ctx = createContext<CaseActionApi | null>(null);

export function useCaseActions(): CaseActionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCaseActions outside CaseActionProvider');
  return v;
}

export const CaseActionProvider = ({
  record,
  refetch,
  children,
}: {
  record: CaseView;
  refetch: () => Promise<unknown>;
  children: ReactNode;
}) => {
  const dp = useDataProvider<SentinelDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const t = useTranslate();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const live = useCaseLive(record);
  const { poll, lastChanges, dismiss, changesSince } = live;
  const [flow] = useFlowSettings();
  const { claim } = useClaimNext();
  const [conflict, setConflict] = useState<unknown | null>(null);
  const [reloading, setReloading] = useState(false);
  const [ownChange, setOwnChange] = useState<OwnChange | null>(null);
  const [typingActions, setTypingActions] = useState<readonly string[]>([]);
  const recordRef = useRef(record);
  recordRef.current = record;

  const invalidateAround = useCallback(
    (id: unknown) => {
      void queryClient.invalidateQueries({ queryKey: caseEventsKey(id) });
      void queryClient.invalidateQueries({ queryKey: ['cases', 'getList'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      void queryClient.invalidateQueries({ queryKey: ['queues'] });
    },
    [queryClient],
  );

  const run = useCallback(
    async (action: string, payload: Record<string, unknown> = {}, opts: { version?: number } = {}): Promise<ActionResult> => {
      const before = recordRef.current;
      try {
        const updated = await dp.caseAction(before.id, action, { ...payload, version: opts.version ?? before.version });
        if (updated && typeof updated === 'object' && 'id' in updated) {
          queryClient.setQueryData(caseOneKey(before.id), updated);
          setOwnChange({ from: before.version, to: updated.version, seq: updated.lastEventSeq });
        } else {
          await refetch();
        }
        invalidateAround(before.id);
        setConflict(null);
        const done = t(`actions.${action}.done`, { _: action });
        // Nothing left for this person on the case: offer the next one, or (their setting) go there.
        if (flow.autoNext && action !== 'add_note' && updated && !hasWorkFor(updated)) {
          void claim({ prefix: done, whenNothing: '/my-work' });
        } else {
          notify(done, { type: 'success' });
        }
        return { ok: true, data: updated };
      } catch (error) {
        const status = problemStatus(error);
        if (status === 401) void logoutIfAccessDenied(error);
        if (status === 409) {
          setConflict(error);
          // Read the case now: the page then shows what changed, and forms say what it means for them.
          void poll();
        }
        return { ok: false, error };
      }
    },
    [dp, queryClient, refetch, invalidateAround, notify, t, logoutIfAccessDenied, poll, flow.autoNext, claim],
  );

  const reload = useCallback(async () => {
    setReloading(true);
    try {
      await poll();
      await refetch();
      invalidateAround(recordRef.current.id);
      setConflict(null);
    } finally {
      setReloading(false);
    }
  }, [refetch, invalidateAround, poll]);

  const refreshAll = useCallback(async () => {
    await refetch();
    invalidateAround(recordRef.current.id);
  }, [refetch, invalidateAround]);

  const setTyping = useCallback((action: string, typing: boolean) => {
    setTypingActions((list) => (typing ? (list.includes(action) ? list : [...list, action]) : list.includes(action) ? list.filter((a) => a !== action) : list));
  }, []);

  const value = useMemo<CaseActionApi>(
    () => ({
      record,
      run,
      conflict,
      reload,
      reloading,
      refreshAll,
      allowed: (a) => allowedOf(record).includes(a as AllowedAction),
      live: { lastChanges, dismiss, changesSince, poll },
      ownChange,
      typing: { actions: typingActions, set: setTyping },
    }),
    [record, run, conflict, reload, reloading, refreshAll, lastChanges, dismiss, changesSince, poll, ownChange, typingActions, setTyping],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
};
