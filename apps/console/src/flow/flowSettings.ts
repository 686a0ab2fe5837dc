import { useCallback, useSyncExternalStore } from 'react';
import { useGetIdentity } from 'react-admin';

/**
 * How one person likes to move between cases, remembered in this browser per user (the API's profile has no
 * place for it, and it is a habit of the desk rather than a setting of the account):
 * - `autoNext`: after an action that leaves them nothing to do on a case, go straight to the next one;
 * - `claimFrom`: where "Claim next" takes from: a queue id, or null for the team's most urgent case.
 */
export interface FlowSettings {
  autoNext: boolean;
  claimFrom: string | null;
}

export const DEFAULT_FLOW: FlowSettings = { autoNext: false, claimFrom: null };
const PREFIX = 'sentinel.flow.';
const EVENT = 'sentinel-flow-settings';

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

export function readFlowSettings(userId: string | null | undefined): FlowSettings {
  if (!userId) return DEFAULT_FLOW;
  try {
    const raw = storage()?.getItem(PREFIX + userId);
    if (!raw) return DEFAULT_FLOW;
    const v = JSON.parse(raw) as Partial<FlowSettings>;
    return { autoNext: v.autoNext === true, claimFrom: typeof v.claimFrom === 'string' && v.claimFrom ? v.claimFrom : null };
  } catch {
    return DEFAULT_FLOW;
  }
}

export function writeFlowSettings(userId: string, patch: Partial<FlowSettings>): FlowSettings {
  const next = { ...readFlowSettings(userId), ...patch };
  try {
    storage()?.setItem(PREFIX + userId, JSON.stringify(next));
  } catch {
    /* storage disabled: the choice lasts for this page only */
  }
  window.dispatchEvent(new Event(EVENT));
  return next;
}

// Snapshots are cached per raw value so useSyncExternalStore sees a stable object.
let cache: { key: string; raw: string | null; value: FlowSettings } | null = null;
function snapshot(userId: string | null): FlowSettings {
  if (!userId) return DEFAULT_FLOW;
  const raw = storage()?.getItem(PREFIX + userId) ?? null;
  if (cache && cache.key === userId && cache.raw === raw) return cache.value;
  cache = { key: userId, raw, value: readFlowSettings(userId) };
  return cache.value;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The signed-in user's flow settings and a setter (other tabs follow through the storage event). */
export function useFlowSettings(): [FlowSettings, (patch: Partial<FlowSettings>) => void] {
  const { identity } = useGetIdentity();
  const userId = identity?.id != null ? String(identity.id) : null;
  const settings = useSyncExternalStore(subscribe, () => snapshot(userId), () => DEFAULT_FLOW);
  const update = useCallback(
    (patch: Partial<FlowSettings>) => {
      if (userId) writeFlowSettings(userId, patch);
    },
    [userId],
  );
  return [settings, update];
}
