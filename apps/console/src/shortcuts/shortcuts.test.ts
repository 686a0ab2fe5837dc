import { describe, expect, it } from 'vitest';
import { isInteractiveTarget, isTypingTarget, moveIndex, neighbourId, shortcutFor, type KeyContext, type KeyPress } from './shortcuts';

const idle: KeyContext = { typing: false, interactive: false, overlayOpen: false };
const typing: KeyContext = { ...idle, typing: true };
const onButton: KeyContext = { ...idle, interactive: true };
const overlay: KeyContext = { ...idle, overlayOpen: true };

describe('shortcutFor', () => {
  it.each<[string, KeyPress, KeyContext, string | null]>([
    ['c claims next', { key: 'c' }, idle, 'claimNext'],
    ['C (caps lock) claims next', { key: 'C' }, idle, 'claimNext'],
    ['j is the next item', { key: 'j' }, idle, 'nextItem'],
    ['k is the previous item', { key: 'k' }, idle, 'previousItem'],
    ['n opens the next-step form', { key: 'n' }, idle, 'openNextStep'],
    ['h goes home', { key: 'h' }, idle, 'goHome'],
    ['? opens the help', { key: '?', shiftKey: true }, idle, 'help'],
    ['Enter opens the highlighted item', { key: 'Enter' }, idle, 'openItem'],
    ['Ctrl+Enter submits', { key: 'Enter', ctrlKey: true }, idle, 'submitForm'],
    ['⌘+Enter submits', { key: 'Enter', metaKey: true }, idle, 'submitForm'],
    ['Ctrl+Enter submits while typing', { key: 'Enter', ctrlKey: true }, typing, 'submitForm'],
    ['c while typing is a letter', { key: 'c' }, typing, null],
    ['j while typing is a letter', { key: 'j' }, typing, null],
    ['? while typing is a character', { key: '?', shiftKey: true }, typing, null],
    ['Enter while typing is the form’s own', { key: 'Enter' }, typing, null],
    ['Enter on a button clicks the button', { key: 'Enter' }, onButton, null],
    ['a key of an input method is never a shortcut', { key: 'c', isComposing: true }, idle, null],
    ['the IME process key is never a shortcut', { key: 'Process' }, idle, null],
    ['Ctrl+C is copy', { key: 'c', ctrlKey: true }, idle, null],
    ['⌘+K is the browser’s', { key: 'k', metaKey: true }, idle, null],
    ['Alt+J is not a shortcut', { key: 'j', altKey: true }, idle, null],
    ['Shift+J is not a shortcut', { key: 'J', shiftKey: true }, idle, null],
    ['c under an open dialog does nothing', { key: 'c' }, overlay, null],
    ['? under an open dialog does nothing', { key: '?', shiftKey: true }, overlay, null],
    ['Ctrl+Enter in a dialog submits it', { key: 'Enter', ctrlKey: true }, overlay, 'submitForm'],
    ['a held Ctrl+Enter submits once', { key: 'Enter', ctrlKey: true, repeat: true }, idle, null],
    ['an unknown letter is nothing', { key: 'x' }, idle, null],
  ])('%s', (_name, e, ctx, expected) => {
    expect(shortcutFor(e, ctx)).toBe(expected);
  });
});

const el = (tagName: string, attrs: Record<string, string> = {}, extra: Partial<{ isContentEditable: boolean; inButton: boolean }> = {}) => ({
  tagName,
  isContentEditable: !!extra.isContentEditable,
  getAttribute: (n: string) => attrs[n] ?? null,
  closest: () => (extra.inButton ? {} : null),
});

describe('isTypingTarget', () => {
  it.each<[string, ReturnType<typeof el> | null, boolean]>([
    ['a text input', el('INPUT', { type: 'text' }), true],
    ['an input without a type', el('INPUT'), true],
    ['a datetime input', el('INPUT', { type: 'datetime-local' }), true],
    ['a checkbox', el('INPUT', { type: 'checkbox' }), false],
    ['a radio button', el('INPUT', { type: 'radio' }), false],
    ['a textarea', el('TEXTAREA'), true],
    ['a select', el('SELECT'), true],
    ['an autocomplete (role combobox)', el('DIV', { role: 'combobox' }), true],
    ['a rich text field', el('DIV', {}, { isContentEditable: true }), true],
    ['a button', el('BUTTON'), false],
    ['the page body', el('BODY'), false],
    ['nothing focused', null, false],
  ])('%s → %s', (_n, target, expected) => {
    expect(isTypingTarget(target)).toBe(expected);
  });
});

describe('isInteractiveTarget', () => {
  it.each<[string, ReturnType<typeof el>, boolean]>([
    ['a button', el('BUTTON'), true],
    ['a link', el('A'), true],
    ['a tab', el('DIV', { role: 'tab' }), true],
    ['an icon inside a button', el('svg', {}, { inButton: true }), true],
    ['a table cell', el('TD'), false],
    ['the page body', el('BODY'), false],
  ])('%s → %s', (_n, target, expected) => {
    expect(isInteractiveTarget(target)).toBe(expected);
  });
});

describe('moveIndex', () => {
  it.each<[number, 1 | -1, number, number]>([
    [-1, 1, 3, 0],
    [-1, -1, 3, 2],
    [0, 1, 3, 1],
    [2, 1, 3, 2],
    [0, -1, 3, 0],
    [5, 1, 3, 0],
    [0, 1, 0, -1],
  ])('from %i by %i in %i items → %i', (current, step, length, expected) => {
    expect(moveIndex(current, step, length)).toBe(expected);
  });
});

describe('neighbourId', () => {
  const ids = ['a', 'b', 'c'];
  it.each<[string, 1 | -1, string | null]>([
    ['a', 1, 'b'],
    ['b', -1, 'a'],
    ['c', 1, null],
    ['a', -1, null],
    ['z', 1, 'a'],
    ['z', -1, 'c'],
  ])('next of %s by %i → %s', (id, step, expected) => {
    expect(neighbourId(ids, id, step)).toBe(expected);
  });
  it('should have no neighbour in an empty list', () => {
    expect(neighbourId([], 'a', 1)).toBeNull();
  });
});
