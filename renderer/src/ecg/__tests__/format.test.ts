import { describe, expect, it } from 'vitest';
import { computeExportDir } from '../../components/computeExportDir';
import { computeRecordRR } from '../computeRecordRR';
import { computeRowShares } from '../drawConfusionMatrix';
import { formatBytes, formatEta, formatKappa, formatPercent, formatShortPath } from '../format';

describe('formatting for people', () => {
  it('ETA in s, min, h', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(12.4)).toBe('12 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3720)).toBe('1 h 02 min');
  });

  it('sizes, shares, kappa and paths', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(0, 0)).toBe('0%');
    expect(formatKappa(0.7123)).toBe('0.71');
    expect(formatKappa(null)).toBe('—');
    expect(formatShortPath('/home/dr/ecg/sets/ward-3.ecgreview')).toBe('…/sets/ward-3.ecgreview');
  });

  it('row shares of a confusion matrix sum to one per non-empty row', () => {
    const s = computeRowShares([
      [8, 2, 0],
      [0, 0, 0],
      [1, 1, 2],
    ]);
    expect(s[0]).toEqual([0.8, 0.2, 0]);
    expect(s[1]).toEqual([0, 0, 0]);
    expect(s[2]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('exports go beside the review set, never into the scans', () => {
    expect(computeExportDir('/data/sets/ward.ecgreview', 'csv')).toBe('/data/sets/ward-export-csv');
    expect(computeExportDir(null, 'wfdb')).toBe('');
  });
});

describe('record tachogram', () => {
  it('gives each beat after the first the interval since the one before, in ms', () => {
    expect(computeRecordRR([720, 360, 990], 360)).toEqual([
      { rSample: 720, rrMs: 1000 },
      { rSample: 990, rrMs: 750 },
    ]);
    expect(computeRecordRR([5], 360)).toEqual([]);
  });
});
