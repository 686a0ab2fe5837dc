/**
 * Keyboard shortcuts for the work an analyst repeats all day. Pure: which key press means which shortcut,
 * and when a key press is someone typing (then letter shortcuts never fire). The provider wires them to pages.
 */
export type ShortcutId = 'claimNext' | 'nextItem' | 'previousItem' | 'openItem' | 'openNextStep' | 'submitForm' | 'goHome' | 'help';

export interface ShortcutDef {
  id: ShortcutId;
  /** Key caps shown in the help overlay. */
  keys: string[];
}

/** In the order the help overlay lists them. */
export const SHORTCUTS: readonly ShortcutDef[] = [
  { id: 'claimNext', keys: ['C'] },
  { id: 'nextItem', keys: ['J'] },
  { id: 'previousItem', keys: ['K'] },
  { id: 'openItem', keys: ['Enter'] },
  { id: 'openNextStep', keys: ['N'] },
  { id: 'submitForm', keys: ['Ctrl', 'Enter'] },
  { id: 'goHome', keys: ['H'] },
  { id: 'help', keys: ['?'] },
];

/** The parts of a KeyboardEvent the decision needs. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  /** An input method (pinyin, …) is composing: the key belongs to it. */
  isComposing?: boolean;
  repeat?: boolean;
}

export interface KeyContext {
  /** Focus is in something that takes text (input, textarea, select, combobox, contenteditable). */
  typing: boolean;
  /** Focus is on a control Enter activates (button, link, tab, menu item, checkbox…). */
  interactive: boolean;
  /** A dialog, menu or popover is open over the page. */
  overlayOpen: boolean;
}

const LETTERS: Record<string, ShortcutId> = { c: 'claimNext', j: 'nextItem', k: 'previousItem', n: 'openNextStep', h: 'goHome' };

/** Which shortcut a key press means, or null (then the browser and the page handle it as usual). */
export function shortcutFor(e: KeyPress, ctx: KeyContext): ShortcutId | null {
  if (e.isComposing || e.key === 'Process' || e.key === 'Unidentified') return null;
  // Ctrl/⌘+Enter submits the form being filled in: a chord, not typing, so it works inside inputs.
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) return e.repeat ? null : 'submitForm';
  if (ctx.typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === '?') return ctx.overlayOpen ? null : 'help';
  if (ctx.overlayOpen) return null;
  if (e.key === 'Enter') return ctx.interactive || e.shiftKey || e.repeat ? null : 'openItem';
  if (e.shiftKey) return null;
  return LETTERS[e.key.toLowerCase()] ?? null;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'time', 'week', '']);
const TYPING_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);
const INTERACTIVE_ROLES = new Set(['button', 'link', 'tab', 'menuitem', 'option', 'checkbox', 'radio', 'switch', 'row']);

/** Structural view of an element (DOM Element in the browser; plain objects in tests). */
export interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
  closest?(selector: string): unknown;
}

export function isTypingTarget(el: ElementLike | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (el.isContentEditable) return true;
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return TEXT_INPUT_TYPES.has((el.getAttribute?.('type') ?? '').toLowerCase());
  return TYPING_ROLES.has((el.getAttribute?.('role') ?? '').toLowerCase());
}

export function isInteractiveTarget(el: ElementLike | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'button' || tag === 'a' || tag === 'summary') return true;
  if (tag === 'input') return true;
  if (INTERACTIVE_ROLES.has((el.getAttribute?.('role') ?? '').toLowerCase())) return true;
  return !!el.closest?.('button, a[href], [role=button], [role=tab], [role=menuitem], [role=option]');
}

/** The index after moving `step` through a list of `length` items from `current` (-1: nothing highlighted yet). */
export function moveIndex(current: number, step: 1 | -1, length: number): number {
  if (length <= 0) return -1;
  if (current < 0 || current >= length) return step > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + step));
}

/** The neighbour of `id` in a list of ids (the list the user came from), or null at either end / when unknown. */
export function neighbourId(ids: readonly string[], id: string, step: 1 | -1): string | null {
  const i = ids.indexOf(id);
  if (i < 0) return ids.length ? ids[step > 0 ? 0 : ids.length - 1] : null;
  return ids[i + step] ?? null;
}
