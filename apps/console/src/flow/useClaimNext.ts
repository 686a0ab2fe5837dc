import { useCallback, useRef, useState } from 'react';
import { useDataProvider, useNavigate, useNotify, type Identifier } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import type { CaseView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { useProblemNotify } from '../common/useProblemNotify';
import { problemStatus } from '../problem/problem';
import { useFlowSettings } from './flowSettings';

export interface ClaimOptions {
  /** A queue to take from; default: the user's choice (`claimFrom`), else the team's most urgent case. */
  queueId?: Identifier | null;
  /** What to say before "Case X is now yours" (e.g. "Submitted for review."). */
  prefix?: string;
  /** Where to go when nothing is waiting (default: stay). */
  whenNothing?: string;
}

/**
 * POST /api/cases/claim-next: the API picks the most urgent unassigned case (of the queue, else of the caller's
 * team) and assigns it atomically; we open it, or say that nothing is waiting (204). A remembered queue that no
 * longer exists (404) falls back to the team, and the choice is forgotten.
 */
export function useClaimNext() {
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [settings, update] = useFlowSettings();
  const [busy, setBusy] = useState(false);
  // A ref, not the state: a second key press before the re-render must not claim a second case.
  const inFlight = useRef(false);

  const claim = useCallback(
    async (opts: ClaimOptions = {}): Promise<CaseView | null> => {
      if (inFlight.current) return null;
      inFlight.current = true;
      setBusy(true);
      const queueId = opts.queueId !== undefined ? opts.queueId : settings.claimFrom;
      try {
        let claimed: CaseView | null;
        try {
          claimed = await dp.claimNext(queueId ?? null);
        } catch (e) {
          if (queueId && problemStatus(e) === 404 && opts.queueId === undefined) {
            update({ claimFrom: null });
            claimed = await dp.claimNext(null);
          } else throw e;
        }
        void queryClient.invalidateQueries({ queryKey: ['cases', 'getList'] });
        void queryClient.invalidateQueries({ queryKey: ['queues'] });
        if (!claimed) {
          notify(opts.prefix ? 'flow.claimed_nothing_after' : 'app.claim_next.nothing', { type: 'info', messageArgs: { done: opts.prefix ?? '' } });
          if (opts.whenNothing) navigate(opts.whenNothing);
          return null;
        }
        queryClient.setQueryData(['cases', 'getOne', { id: String(claimed.id) }], claimed);
        notify(opts.prefix ? 'flow.claimed_after' : 'app.claim_next.claimed', {
          type: 'success',
          messageArgs: { reference: claimed.reference, done: opts.prefix ?? '' },
        });
        navigate(`/cases/${encodeURIComponent(String(claimed.id))}/show`);
        return claimed;
      } catch (e) {
        notifyProblem(e);
        return null;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [dp, settings.claimFrom, update, queryClient, notify, navigate, notifyProblem],
  );

  return { claim, busy, claimFrom: settings.claimFrom };
}
