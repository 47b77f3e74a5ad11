import { describe, expect, it } from 'vitest';
import { buildAugmentedBatch, getManifestTta, getTtaVariants, normalizeTta, repeatRows } from '../tta';

describe('test-time augmentation', () => {
  it('follows the manifest: on only when training recommended it', () => {
    expect(getManifestTta({ tta: { shift_samples: [-2, 2], recommended: false } })).toBe(false);
    expect(getManifestTta({ tta: { shift_samples: [-2, 2] } })).toBe(false);
    expect(getManifestTta({})).toBe(false);
    expect(getManifestTta({ tta: { shift_samples: [-2, 0, 2], recommended: true } })).toEqual({
      shifts: [-2, 2],
      scales: [],
    });
  });

  it('puts the unaugmented window first and does not cross shifts with scales', () => {
    expect(getTtaVariants(false)).toEqual([{ shift: 0, scale: 1 }]);
    expect(getTtaVariants({ shifts: [-2, 2], scales: [0.9] })).toEqual([
      { shift: 0, scale: 1 },
      { shift: -2, scale: 1 },
      { shift: 2, scale: 1 },
      { shift: 0, scale: 0.9 },
    ]);
    expect(normalizeTta({ shifts: [0], scales: [1] })).toBe(false);
  });

  it('shifts content as out[j] = w[j + s], repeating the edge sample', () => {
    const w = Float32Array.from({ length: 6 }, (_, i) => i * 10);
    const out = buildAugmentedBatch(w, 1, 6, [
      { shift: 0, scale: 1 },
      { shift: 2, scale: 1 },
      { shift: -1, scale: 0.5 },
      { shift: 0.5, scale: 1 },
    ]);
    expect(Array.from(out.subarray(0, 6))).toEqual([0, 10, 20, 30, 40, 50]);
    expect(Array.from(out.subarray(6, 12))).toEqual([20, 30, 40, 50, 50, 50]);
    expect(Array.from(out.subarray(12, 18))).toEqual([0, 0, 5, 10, 15, 20]);
    expect(Array.from(out.subarray(18, 24))).toEqual([5, 15, 25, 35, 45, 50]);
  });

  it('keeps beats apart in a batch and repeats rhythm rows per variant', () => {
    const w = new Float32Array([1, 2, 3, 7, 8, 9]);
    const out = buildAugmentedBatch(w, 2, 3, [
      { shift: 0, scale: 1 },
      { shift: 1, scale: 1 },
    ]);
    expect(Array.from(out)).toEqual([1, 2, 3, 7, 8, 9, 2, 3, 3, 8, 9, 9]);
    expect(Array.from(repeatRows(new Float32Array([1, 2, 3, 4]), 2, 2, 2))).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });
});
