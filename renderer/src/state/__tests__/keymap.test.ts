import { describe, expect, it } from 'vitest';
import { getKeyAction, isTypingTarget } from '../keymap';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => getKeyAction({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('review shortcuts', () => {
  it('maps N/S/V/F/Q (either case) to AAMI labels and X to unsure', () => {
    expect(['n', 'S', 'v', 'F', 'q', 'x'].map((k) => key(k))).toEqual(
      ['N', 'S', 'V', 'F', 'Q', 'unsure'].map((label) => ({ kind: 'label', label })),
    );
  });

  it('undo is U or Ctrl/Cmd+Z; redo is Shift+U, Ctrl/Cmd+Shift+Z or Ctrl+Y', () => {
    expect(key('u')).toEqual({ kind: 'undo' });
    expect(key('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(key('z', { metaKey: true })).toEqual({ kind: 'undo' });
    expect(key('U', { shiftKey: true })).toEqual({ kind: 'redo' });
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(key('y', { ctrlKey: true })).toEqual({ kind: 'redo' });
  });

  it('Ctrl+V, Ctrl+S and Alt combinations never label', () => {
    expect(key('v', { ctrlKey: true })).toBeNull();
    expect(key('s', { metaKey: true })).toBeNull();
    expect(key('n', { altKey: true })).toBeNull();
  });

  it('arrows and J/K move; Shift extends; Enter and Space accept', () => {
    expect(key('j')).toMatchObject({ kind: 'move', by: 'item', delta: 1 });
    expect(key('k')).toMatchObject({ kind: 'move', by: 'item', delta: -1 });
    expect(key('ArrowDown', { shiftKey: true })).toEqual({ kind: 'move', by: 'row', delta: 1, extend: true });
    expect(key('Enter')).toEqual({ kind: 'accept' });
    expect(key(' ')).toEqual({ kind: 'accept' });
    expect(key('?', { shiftKey: true })).toEqual({ kind: 'help' });
  });

  it('text fields keep their keys', () => {
    expect(isTypingTarget({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV' } as unknown as EventTarget)).toBe(false);
  });
});
