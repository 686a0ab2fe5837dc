import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useLogoutIfAccessDenied, useNotify } from 'react-admin';
import type { AllowedAction, CaseView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../../dataProvider';
import { problemStatus } from '../../problem/problem';

export type ActionResult = { ok: true; data: CaseView } | { ok: false; error: unknown };

interface CaseActionApi {
  record: CaseView;
  /** POST /api/cases/:id/actions/:action with the case's current `version`. */
  run(action: AllowedAction | string, payload?: Record<string, unknown>): Promise<ActionResult>;
  /** The 409 of the last attempt, until the case is reloaded. */
  conflict: unknown | null;
  reload(): Promise<void>;
  reloading: boolean;
  /** Re-read the case, its events and notifications (after an upload, say). */
  refreshAll(): Promise<void>;
  allowed(action: AllowedAction | string): boolean;
}

const Ctx = createContext<CaseActionApi | null>(null);

export function useCaseActions(): CaseActionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCaseActions outside CaseActionProvider');
  return v;
}

export const caseEventsKey = (id: unknown) => ['cases', 'events', String(id)];

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
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const [conflict, setConflict] = useState<unknown | null>(null);
  const [reloading, setReloading] = useState(false);

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
    async (action: string, payload: Record<string, unknown> = {}): Promise<ActionResult> => {
      try {
        const updated = await dp.caseAction(record.id, action, { ...payload, version: record.version });
        if (updated && typeof updated === 'object' && 'id' in updated) {
          queryClient.setQueryData(['cases', 'getOne', { id: String(record.id) }], updated);
        } else {
          await refetch();
        }
        invalidateAround(record.id);
        setConflict(null);
        notify(`actions.${action}.done`, { type: 'success', messageArgs: { _: action } });
        return { ok: true, data: updated };
      } catch (error) {
        const status = problemStatus(error);
        if (status === 401) void logoutIfAccessDenied(error);
        if (status === 409) setConflict(error);
        return { ok: false, error };
      }
    },
    [dp, record.id, record.version, queryClient, refetch, invalidateAround, notify, logoutIfAccessDenied],
  );

  const reload = useCallback(async () => {
    setReloading(true);
    try {
      await refetch();
      invalidateAround(record.id);
      setConflict(null);
      notify('resources.cases.page.reloaded', { type: 'info' });
    } finally {
      setReloading(false);
    }
  }, [refetch, invalidateAround, record.id, notify]);

  const refreshAll = useCallback(async () => {
    await refetch();
    invalidateAround(record.id);
  }, [refetch, invalidateAround, record.id]);

  const value = useMemo<CaseActionApi>(
    () => ({
      record,
      run,
      conflict,
      reload,
      reloading,
      refreshAll,
      allowed: (a) => (record.allowedActions ?? []).includes(a as AllowedAction),
    }),
    [record, run, conflict, reload, reloading, refreshAll],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
};
