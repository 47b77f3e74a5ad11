import { describe, expect, it } from 'vitest';
import { computeCohenKappa, computeFleissKappa } from '../kappa';

function expand(counts: number[], cats: string[]): string[] {
  return counts.flatMap((n, j) => Array.from({ length: n }, () => cats[j]!));
}

describe('computeCohenKappa', () => {
  it('gives 0.4 on the textbook 2×2 table (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no)', () => {
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as [string, string]),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as [string, string]),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as [string, string]),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as [string, string]),
    ];
    expect(computeCohenKappa(pairs)).toBeCloseTo(0.4, 10);
  });

  it('is 1 for perfect agreement over several classes and null without shared items', () => {
    expect(
      computeCohenKappa([
        ['N', 'N'],
        ['V', 'V'],
        ['S', 'S'],
      ]),
    ).toBe(1);
    expect(computeCohenKappa([])).toBeNull();
  });

  it('is null when both raters used one and the same class throughout (chance agreement is total)', () => {
    expect(
      computeCohenKappa([
        ['N', 'N'],
        ['N', 'N'],
      ]),
    ).toBeNull();
  });

  it('is negative when raters systematically swap classes', () => {
    expect(
      computeCohenKappa([
        ['N', 'V'],
        ['V', 'N'],
        ['N', 'V'],
        ['V', 'N'],
      ]),
    ).toBeLessThan(0);
  });
});

describe('computeFleissKappa', () => {
  it('reproduces Fleiss (1971) as tabulated on Wikipedia: 10 subjects, 14 raters → 0.210', () => {
    const cats = ['1', '2', '3', '4', '5'];
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(computeFleissKappa(table.map((row) => expand(row, cats)))).toBeCloseTo(0.20993, 4);
  });

  it('equals Cohen-like agreement bounds: 1 for unanimous items with varied classes, skips single ratings', () => {
    expect(computeFleissKappa([['N', 'N', 'N'], ['V', 'V'], ['S', 'S', 'S', 'S'], ['Q']])).toBeCloseTo(1, 12);
    expect(computeFleissKappa([['N'], ['V']])).toBeNull();
  });
});
