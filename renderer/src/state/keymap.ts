import type { LabelValue } from '../../../common/ecg/aami';

export type KeyAction =
  | { kind: 'label'; label: LabelValue }
  | { kind: 'accept' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'move'; by: 'item' | 'row' | 'page' | 'end'; delta: number; extend: boolean }
  | { kind: 'findSimilar' }
  | { kind: 'flag' }
  | { kind: 'clearSelection' }
  | { kind: 'help' };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const LABEL_KEYS: Record<string, LabelValue> = { n: 'N', s: 'S', v: 'V', f: 'F', q: 'Q', x: 'unsure' };

/** Every shortcut, in the words the `?` dialog shows. */
export const ECG_SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'N S V F Q', does: 'Label the selection (or the focused beat) with that AAMI class' },
  { keys: 'X', does: 'Label as unsure' },
  { keys: 'Enter / Space', does: "Accept the model's prediction" },
  { keys: '← → / J K', does: 'Previous / next beat' },
  { keys: '↑ ↓', does: 'Row up / down' },
  { keys: 'Page Up / Page Down, Home / End', does: 'Page or jump to the ends' },
  { keys: 'Shift + move', does: 'Extend the selection' },
  { keys: 'Click, Shift-click, Ctrl/Cmd-click, drag', does: 'Select one, a range, toggle, or a rubber band' },
  { keys: 'M', does: 'Find similar beats (select the nearest in embedding space)' },
  { keys: 'G', does: 'Flag / unflag the focused beat' },
  { keys: 'U / Ctrl+Z', does: 'Undo' },
  { keys: 'Shift+U / Ctrl+Shift+Z', does: 'Redo' },
  { keys: 'Esc', does: 'Clear the selection, close a dialog' },
  { keys: '?', does: 'Show these shortcuts' },
];

/** The key, lower-cased when it is a character. */
export function normalizeKey(e: KeyLike): string {
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

/**
 * The shortcuts every screen shares: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y. 'other' for any
 * other Ctrl/Cmd/Alt chord (never a screen's own key), null for a plain key the screen decides.
 */
export function getHistoryKeyAction(e: KeyLike): { kind: 'undo' | 'redo' } | 'other' | null {
  const k = normalizeKey(e);
  if ((e.ctrlKey || e.metaKey) && !e.altKey) {
    if (k === 'z') return { kind: e.shiftKey ? 'redo' : 'undo' };
    if (k === 'y') return { kind: 'redo' };
    return 'other';
  }
  return e.altKey || e.ctrlKey || e.metaKey ? 'other' : null;
}

/** Map a key press to what the review screens do with it, or null when it is not ours. */
export function getKeyAction(e: KeyLike): KeyAction | null {
  const history = getHistoryKeyAction(e);
  if (history) return history === 'other' ? null : history;
  const k = normalizeKey(e);
  if (e.key === '?') return { kind: 'help' };
  if (k === 'u') return { kind: e.shiftKey ? 'redo' : 'undo' };
  const label = LABEL_KEYS[k];
  if (label && !e.shiftKey) return { kind: 'label', label };
  const extend = e.shiftKey;
  switch (k) {
    case 'Enter':
    case ' ':
      return { kind: 'accept' };
    case 'ArrowRight':
    case 'j':
      return { kind: 'move', by: 'item', delta: 1, extend };
    case 'ArrowLeft':
    case 'k':
      return { kind: 'move', by: 'item', delta: -1, extend };
    case 'ArrowDown':
      return { kind: 'move', by: 'row', delta: 1, extend };
    case 'ArrowUp':
      return { kind: 'move', by: 'row', delta: -1, extend };
    case 'PageDown':
      return { kind: 'move', by: 'page', delta: 1, extend };
    case 'PageUp':
      return { kind: 'move', by: 'page', delta: -1, extend };
    case 'Home':
      return { kind: 'move', by: 'end', delta: -1, extend };
    case 'End':
      return { kind: 'move', by: 'end', delta: 1, extend };
    case 'm':
      return { kind: 'findSimilar' };
    case 'g':
      return { kind: 'flag' };
    case 'Escape':
      return { kind: 'clearSelection' };
  }
  return null;
}

/** True when the key press belongs to a text field or a button and must not label anything. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el?.tagName) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.isContentEditable;
}
