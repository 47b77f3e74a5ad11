import { describe, expect, it } from 'vitest';
import {
  computeBandSelection,
  computeClickSelection,
  computeMoveSelection,
  EMPTY_SELECTION,
  getLabelTargets,
} from '../selection';

const ids = Array.from({ length: 30 }, (_, i) => `beat-${i}`);
const getId = (i: number) => ids[i];
const plain = { range: false, toggle: false };

describe('grid selection', () => {
  it('a plain click selects one beat and sets anchor and focus', () => {
    const s = computeClickSelection(EMPTY_SELECTION, 4, getId, plain);
    expect([...s.ids]).toEqual(['beat-4']);
    expect(s.anchor).toBe(4);
    expect(s.focus).toBe(4);
  });

  it('shift-click selects the range from the anchor, in either direction', () => {
    const a = computeClickSelection(EMPTY_SELECTION, 10, getId, plain);
    expect([...computeClickSelection(a, 13, getId, { range: true, toggle: false }).ids]).toEqual([
      'beat-10',
      'beat-11',
      'beat-12',
      'beat-13',
    ]);
    const back = computeClickSelection(a, 8, getId, { range: true, toggle: false });
    expect(back.ids).toEqual(new Set(['beat-8', 'beat-9', 'beat-10']));
    expect(back.anchor).toBe(10);
  });

  it('ctrl-click toggles without losing the rest', () => {
    let s = computeClickSelection(EMPTY_SELECTION, 1, getId, plain);
    s = computeClickSelection(s, 5, getId, { range: false, toggle: true });
    expect(s.ids).toEqual(new Set(['beat-1', 'beat-5']));
    s = computeClickSelection(s, 1, getId, { range: false, toggle: true });
    expect(s.ids).toEqual(new Set(['beat-5']));
  });

  it('skips beats whose page is not loaded instead of inventing ids', () => {
    const sparse = (i: number) => (i % 2 ? undefined : ids[i]);
    const a = computeClickSelection(EMPTY_SELECTION, 0, sparse, plain);
    expect(computeClickSelection(a, 4, sparse, { range: true, toggle: false }).ids).toEqual(
      new Set(['beat-0', 'beat-2', 'beat-4']),
    );
    expect(computeClickSelection(a, 3, sparse, plain)).toBe(a);
  });

  it('moving clamps at the ends and can extend', () => {
    const s = computeMoveSelection(EMPTY_SELECTION, 1, 30, getId);
    expect(s.focus).toBe(0);
    expect(computeMoveSelection({ ...s, focus: 29 }, 5, 30, getId).focus).toBe(29);
    const ext = computeMoveSelection(computeMoveSelection(s, 2, 30, getId), 2, 30, getId, true);
    expect(ext.ids).toEqual(new Set(['beat-2', 'beat-3', 'beat-4']));
  });

  it('rubber band replaces the selection, or adds to it with ctrl', () => {
    const s = computeClickSelection(EMPTY_SELECTION, 20, getId, plain);
    expect(computeBandSelection(s, [1, 2], getId, false).ids).toEqual(new Set(['beat-1', 'beat-2']));
    expect(computeBandSelection(s, [1, 2], getId, true).ids).toEqual(new Set(['beat-20', 'beat-1', 'beat-2']));
  });

  it('a label key applies to the whole selection only when it holds several beats', () => {
    const one = computeClickSelection(EMPTY_SELECTION, 3, getId, plain);
    expect(getLabelTargets(one, 'beat-3')).toEqual(['beat-3']);
    const many = computeClickSelection(one, 5, getId, { range: true, toggle: false });
    expect(getLabelTargets(many, 'beat-5').sort()).toEqual(['beat-3', 'beat-4', 'beat-5']);
    expect(getLabelTargets(EMPTY_SELECTION, undefined)).toEqual([]);
  });
});
