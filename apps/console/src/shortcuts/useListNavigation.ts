import { useEffect, useRef, useState, type RefObject } from 'react';
import { useShortcut } from './ShortcutsProvider';
import { moveIndex } from './shortcuts';
import { rememberCaseList } from './navList';

/**
 * J / K move a highlight through a list of cases, Enter opens the highlighted one; the list is remembered so
 * J / K on the case page go on through it. `container` holds the rows (`tbody tr`, in order).
 */
export function useListNavigation(ids: readonly string[], onOpen: (id: string) => void, container: RefObject<HTMLElement | null>, enabled = true) {
  const [active, setActive] = useState(-1);
  const key = ids.join(',');
  useEffect(() => {
    if (enabled && ids.length) rememberCaseList(ids);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);
  useEffect(() => {
    if (active >= ids.length) setActive(ids.length ? ids.length - 1 : -1);
  }, [active, ids.length]);
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const move = (step: 1 | -1) => {
    if (!ids.length) return false;
    setActive((i) => {
      const next = moveIndex(i, step, ids.length);
      container.current?.querySelectorAll('tbody tr')[next]?.scrollIntoView({ block: 'nearest' });
      return next;
    });
  };
  useShortcut('nextItem', () => move(1), enabled);
  useShortcut('previousItem', () => move(-1), enabled);
  useShortcut(
    'openItem',
    () => {
      const id = ids[active];
      if (!id) return false;
      openRef.current(id);
    },
    enabled,
  );
  return { activeId: ids[active] ?? null, setActive };
}

/** The outline of the highlighted row. */
export const ACTIVE_ROW_SX = { outline: '2px solid #1f4e8c', outlineOffset: -2, bgcolor: 'rgba(31,78,140,0.06)' } as const;
