import { describe, expect, it } from 'vitest';
import { ECG_KAGGLE_LENGTH, computeKaggleBeatRow } from '../kaggle-beat-row';

describe('computeKaggleBeatRow', () => {
  it('resamples from the R peak to 125 Hz and scales the kept part to [0,1]', () => {
    // A ramp at 250 Hz: value = sample index. From R = 100, 125 Hz takes every 2nd sample.
    const s = Float32Array.from({ length: 1000 }, (_, i) => i);
    const row = computeKaggleBeatRow(s, 250, 100, null);
    expect(row.length).toBe(ECG_KAGGLE_LENGTH);
    // Kept values 100, 102, ..., 472 → scaled (v − 100) / 372.
    expect(row[0]).toBe(0);
    expect(row[186]).toBe(1);
    expect(row[93]).toBeCloseTo((186 - 0) / 372, 12);
  });

  it('interpolates linearly between samples when the rates do not divide', () => {
    const s = Float32Array.from({ length: 2000 }, (_, i) => i * 0.5);
    const row = computeKaggleBeatRow(s, 360, 0, null);
    // Sample j sits at index j·360/125 = 2.88 j; the ramp stays linear, so the row is j / 186.
    for (const j of [1, 17, 100, 185]) expect(row[j]).toBeCloseTo(j / 186, 9);
  });

  it('keeps 1.2 × the local RR and zero-pads the rest', () => {
    const s = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10));
    const row = computeKaggleBeatRow(s, 250, 10, 0.8); // 1.2 × 0.8 s × 125 Hz = 120 samples
    expect(row.slice(120).every((v) => v === 0)).toBe(true);
    expect(Math.max(...row.slice(0, 120))).toBe(1);
    expect(Math.min(...row.slice(0, 120))).toBe(0);
  });

  it('stops at the end of the lead, and a flat or gapped part gives zeros, never NaN', () => {
    const s = Float32Array.from({ length: 50 }, () => 0.3);
    const row = computeKaggleBeatRow(s, 125, 40, null);
    expect(row.every((v) => v === 0)).toBe(true);
    const gaps = Float32Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? NaN : i));
    expect(computeKaggleBeatRow(gaps, 125, 0, null).every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
  });
});
