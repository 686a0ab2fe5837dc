import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-admin';
import { isInteractiveTarget, isTypingTarget, shortcutFor, type ShortcutId } from './shortcuts';
import { ShortcutHelp } from './ShortcutHelp';
import { usePerms } from '../common/usePerms';
import { useClaimNext } from '../flow/useClaimNext';

/** A page's handler; returning false lets the shortcut fall through to the default (or do nothing). */
export type ShortcutHandler = () => boolean | void;

interface ShortcutsApi {
  register(id: ShortcutId, handler: ShortcutHandler): () => void;
  openHelp(): void;
}

const Ctx = createContext<ShortcutsApi | null>(null);

/** Some MUI overlay (dialog, menu, popover, mobile drawer) is open; kept-mounted hidden dialogs do not count. */
function overlayOpen(): boolean {
  return !!document.querySelector('.MuiModal-root:not(.MuiModal-hidden)');
}

/**
 * Listens to the keyboard for the whole console (docs: apps/console/README.md "Keyboard shortcuts"). Pages
 * register what J, K, Enter, N and Ctrl+Enter mean where they are (the latest registration wins); C (claim
 * next), H (My work), ? (help) and Ctrl+Enter inside a form (submit it) work everywhere.
 */
export const ShortcutsProvider = ({ children }: { children: ReactNode }) => {
  const handlers = useRef(new Map<ShortcutId, ShortcutHandler[]>());
  const [helpOpen, setHelpOpen] = useState(false);
  const navigate = useNavigate();
  const { can } = usePerms();
  const mayClaim = can('cases:act');
  const { claim } = useClaimNext();
  const defaults = useRef<Partial<Record<ShortcutId, () => void>>>({});
  defaults.current = {
    claimNext: () => {
      if (mayClaim) void claim();
    },
    goHome: () => navigate('/'),
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = (e.target instanceof Element ? e.target : null) ?? document.activeElement;
      const id = shortcutFor(e, { typing: isTypingTarget(target), interactive: isInteractiveTarget(target), overlayOpen: overlayOpen() });
      if (!id) return;
      if (id === 'help') {
        e.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (id === 'submitForm') {
        // Inside a form: submit that form (the same as its submit button).
        const form = target?.closest?.('form');
        if (form instanceof HTMLFormElement) {
          e.preventDefault();
          form.requestSubmit();
          return;
        }
      }
      const list = handlers.current.get(id);
      for (let i = (list?.length ?? 0) - 1; i >= 0; i--) {
        if (list![i]() !== false) {
          e.preventDefault();
          return;
        }
      }
      const fallback = defaults.current[id];
      if (fallback) {
        e.preventDefault();
        fallback();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const register = useCallback((id: ShortcutId, handler: ShortcutHandler) => {
    const list = handlers.current.get(id) ?? [];
    list.push(handler);
    handlers.current.set(id, list);
    return () => {
      const l = handlers.current.get(id) ?? [];
      const i = l.lastIndexOf(handler);
      if (i >= 0) l.splice(i, 1);
    };
  }, []);
  const api = useMemo<ShortcutsApi>(() => ({ register, openHelp: () => setHelpOpen(true) }), [register]);

  return (
    <Ctx.Provider value={api}>
      {children}
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </Ctx.Provider>
  );
};

export function useShortcutsApi(): ShortcutsApi | null {
  return useContext(Ctx);
}

/** Gives a shortcut its meaning on this page while the component is mounted (and `enabled`). */
export function useShortcut(id: ShortcutId, handler: ShortcutHandler, enabled = true): void {
  const api = useContext(Ctx);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!api || !enabled) return;
    return api.register(id, () => ref.current());
  }, [api, id, enabled]);
}
