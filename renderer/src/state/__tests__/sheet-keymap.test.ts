import { describe, expect, it } from 'vitest';
import { ECG_SHORTCUTS, getKeyAction } from '../keymap';
import { computeNextLead, ECG_SHEET_SHORTCUTS, getSheetKeyAction } from '../sheet-keymap';

type Mods = Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; code: string }>;
const ev = (k: string, mods: Mods = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const sheetKey = (k: string, mods: Mods = {}) => getSheetKeyAction(ev(k, mods));

describe('sheet view shortcuts', () => {
  it('labels the record with Shift+1..4 by physical key, whatever the layout types', () => {
    const classes = ['normal', 'abnormal_heartbeat', 'mi', 'history_mi'];
    // US layout: Shift+1 types '!'.
    expect(['!', '@', '#', '$'].map((k, i) => sheetKey(k, { shiftKey: true, code: `Digit${i + 1}` }))).toEqual(
      classes.map((label) => ({ kind: 'recordLabel', label })),
    );
    // French layout: Shift+& types '1'; German: Shift+3 types '§'.
    expect(sheetKey('1', { shiftKey: true, code: 'Digit1' })).toEqual({ kind: 'recordLabel', label: 'normal' });
    expect(sheetKey('§', { shiftKey: true, code: 'Digit3' })).toEqual({ kind: 'recordLabel', label: 'mi' });
    // Without a code (synthetic events), the US characters still work.
    expect(sheetKey('$', { shiftKey: true })).toEqual({ kind: 'recordLabel', label: 'history_mi' });
    // The plain digits and Shift+5 do nothing: a slip of the finger never labels.
    expect(sheetKey('1', { code: 'Digit1' })).toBeNull();
    expect(sheetKey('%', { shiftKey: true, code: 'Digit5' })).toBeNull();
    expect(sheetKey('!', { shiftKey: true, ctrlKey: true, code: 'Digit1' })).toBeNull();
  });

  it('steps through leads, shows all, toggles the overlays and undoes', () => {
    expect(sheetKey('ArrowRight')).toEqual({ kind: 'lead', delta: 1 });
    expect(sheetKey('k')).toEqual({ kind: 'lead', delta: -1 });
    expect(sheetKey('Escape')).toEqual({ kind: 'allLeads' });
    expect(sheetKey('a')).toEqual({ kind: 'allLeads' });
    expect(sheetKey('h')).toEqual({ kind: 'toggleSaliency' });
    expect(sheetKey('t')).toEqual({ kind: 'toggleTraces' });
    expect(sheetKey(']')).toEqual({ kind: 'sheet', delta: 1 });
    expect(sheetKey('Enter')).toEqual({ kind: 'acceptModel' });
    expect(sheetKey('u')).toEqual({ kind: 'undo' });
    expect(sheetKey('U', { shiftKey: true })).toEqual({ kind: 'redo' });
    expect(sheetKey('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(sheetKey('?', { shiftKey: true })).toBeNull(); // the app's help key stays the app's
  });

  it('takes no key the beat screens use for labels, and the beat screens ignore Shift+digits', () => {
    for (const k of ['n', 's', 'v', 'f', 'q', 'x']) {
      const a = sheetKey(k);
      expect(a === null || a.kind !== 'recordLabel', k).toBe(true);
    }
    for (let i = 1; i <= 4; i++)
      expect(getKeyAction(ev(['!', '@', '#', '$'][i - 1]!, { shiftKey: true, code: `Digit${i}` }))).toBeNull();
    // Every key listed in the help is distinct from the beat screens' list.
    const beatKeys = new Set(ECG_SHORTCUTS.map((s) => s.keys));
    for (const s of ECG_SHEET_SHORTCUTS) if (!/undo/i.test(s.does)) expect(beatKeys.has(s.keys), s.keys).toBe(false);
  });

  it('wraps round the leads and starts from either end when all are shown', () => {
    const leads = ['I', 'II', 'III'];
    expect(computeNextLead(leads, null, 1)).toBe('I');
    expect(computeNextLead(leads, null, -1)).toBe('III');
    expect(computeNextLead(leads, 'III', 1)).toBe('I');
    expect(computeNextLead(leads, 'I', -1)).toBe('III');
    expect(computeNextLead([], null, 1)).toBeNull();
  });
});
