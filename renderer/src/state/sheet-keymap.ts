import { RECORD_CLASSES, type RecordClass } from '../../../common/schemas/record';
import { getHistoryKeyAction, normalizeKey, type KeyLike } from './keymap';

export type SheetKeyAction =
  | { kind: 'recordLabel'; label: RecordClass }
  | { kind: 'acceptModel' }
  | { kind: 'lead'; delta: number }
  | { kind: 'allLeads' }
  | { kind: 'toggleSaliency' }
  | { kind: 'toggleTraces' }
  | { kind: 'sheet'; delta: number }
  | { kind: 'back' }
  | { kind: 'undo' }
  | { kind: 'redo' };

/**
 * Shift+1..4 label the record. Read from `code` (the physical key) where there is one: Shift+1 types
 * '!' on a US keyboard but '1' on a French one. The plain digits and letters stay free, so nothing here
 * collides with the beat screens' single-letter class keys (N S V F Q X).
 */
const DIGIT_CODES = ['Digit1', 'Digit2', 'Digit3', 'Digit4'];
const SHIFTED_DIGITS_US = ['!', '@', '#', '$'];

/** The sheet view's shortcuts, in the words the `?` dialog shows. */
export const ECG_SHEET_SHORTCUTS: { keys: string; does: string }[] = [
  {
    keys: 'Shift+1 … Shift+4',
    does: 'Label the record: 1 Normal, 2 Abnormal heartbeat, 3 Myocardial infarction, 4 History of MI',
  },
  { keys: 'Enter', does: "Take the record model's class as your record label" },
  { keys: '→ / J, ← / K', does: 'Next / previous lead (zooms onto its panel)' },
  { keys: 'A / Esc', does: 'Show all leads' },
  { keys: 'H', does: 'Show / hide the saliency shading' },
  { keys: 'T', does: 'Show / hide the extracted traces' },
  { keys: '] / [', does: 'Next / previous sheet' },
  { keys: 'B', does: 'Back to the list of sheets' },
  { keys: 'U / Ctrl+Z, Shift+U / Ctrl+Shift+Z', does: 'Undo / redo (record and beat labels share one history)' },
];

function getRecordLabelIndex(e: KeyLike & { code?: string }): number {
  if (!e.shiftKey) return -1;
  if (e.code) {
    const i = DIGIT_CODES.indexOf(e.code);
    if (i >= 0) return i;
  }
  const j = SHIFTED_DIGITS_US.indexOf(e.key);
  return j >= 0 ? j : DIGIT_CODES.map((_, k) => String(k + 1)).indexOf(e.key);
}

/** Map a key press in the sheet view to what it does, or null when it is not the sheet view's. */
export function getSheetKeyAction(e: KeyLike & { code?: string }): SheetKeyAction | null {
  const history = getHistoryKeyAction(e);
  if (history) return history === 'other' ? null : history;
  const k = normalizeKey(e);
  const label = getRecordLabelIndex(e);
  if (label >= 0) return { kind: 'recordLabel', label: RECORD_CLASSES[label]! };
  if (k === 'u') return { kind: e.shiftKey ? 'redo' : 'undo' };
  if (e.shiftKey) return null;
  switch (k) {
    case 'Enter':
      return { kind: 'acceptModel' };
    case 'ArrowRight':
    case 'j':
      return { kind: 'lead', delta: 1 };
    case 'ArrowLeft':
    case 'k':
      return { kind: 'lead', delta: -1 };
    case 'a':
    case 'Escape':
      return { kind: 'allLeads' };
    case 'h':
      return { kind: 'toggleSaliency' };
    case 't':
      return { kind: 'toggleTraces' };
    case ']':
      return { kind: 'sheet', delta: 1 };
    case '[':
      return { kind: 'sheet', delta: -1 };
    case 'b':
      return { kind: 'back' };
  }
  return null;
}

/** The lead after stepping `delta` from `current` (null = all leads), wrapping round. */
export function computeNextLead(leads: readonly string[], current: string | null, delta: number): string | null {
  if (!leads.length) return null;
  const at = current === null ? (delta > 0 ? -1 : leads.length) : leads.indexOf(current);
  const next = (((at + delta) % leads.length) + leads.length) % leads.length;
  return leads[next]!;
}
