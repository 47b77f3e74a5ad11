import { describe, expect, it } from 'vitest';
import {
  computeBeatInput,
  computeRhythmContexts,
  computeRhythmFeatures,
  ECG_BEAT_INPUT_V1,
  extractBeatWindow,
  normalizeBeatWindow,
  readBeatInputSpec,
} from '../model-input';

const spec = ECG_BEAT_INPUT_V1;

describe('beat window (INPUT_CONTRACT.md)', () => {
  it('puts R at index `before` and samples at 180 Hz by linear interpolation', () => {
    // A ramp at 360 Hz: value = sample index, so the window reads back its own positions.
    const ramp = Float64Array.from({ length: 2000 }, (_, i) => i);
    const w = extractBeatWindow(ramp, 1000, 360, spec);
    expect(w).toHaveLength(144);
    expect(w[64]).toBe(1000);
    expect(w[65]).toBe(1002);
    expect(w[0]).toBe(1000 - 128);
    // 250 Hz input: step 250/180 samples, fractional positions interpolated.
    const w2 = extractBeatWindow(ramp, 500, 250, spec);
    expect(w2[65]).toBeCloseTo(500 + 250 / 180, 12);
  });

  it('clamps at the lead ends', () => {
    const ramp = Float64Array.from({ length: 100 }, (_, i) => i);
    const w = extractBeatWindow(ramp, 10, 360, spec);
    expect(w[0]).toBe(0);
    expect(w[143]).toBe(99);
  });

  it('normalises by the median and the population std, with the 0.01 mV floor', () => {
    const w = Float64Array.from({ length: 144 }, (_, i) => (i % 2 ? 1 : -1) + 5);
    const z = normalizeBeatWindow(w, spec);
    // Median of an even-length window is the mean of the middle two (5 here); std 1.
    expect(z[0]).toBeCloseTo(-1, 6);
    expect(z[1]).toBeCloseTo(1, 6);
    const flat = normalizeBeatWindow(
      Float64Array.from({ length: 144 }, (_, i) => 2 + (i === 3 ? 0.001 : 0)),
      spec,
    );
    expect(flat[3]).toBeCloseTo(0.001 / 0.01, 4);
    expect(
      computeBeatInput(
        Float64Array.from({ length: 500 }, () => 1),
        250,
        360,
        spec,
      ).every((v) => v === 0),
    ).toBe(true);
  });
});

describe('rhythm features', () => {
  it('are all zero below three beats', () => {
    expect(Array.from(computeRhythmFeatures([1, 2], spec))).toEqual(new Array(14).fill(0));
    expect(computeRhythmContexts([1, 2], spec)).toBeNull();
  });

  it('read a regular rhythm as ratios of 1 and a premature beat as short-then-long', () => {
    const t = [0, 1, 2, 3, 3.6, 5, 6, 7, 8];
    const f = computeRhythmFeatures(t, spec);
    const row = (i: number) => Array.from(f.subarray(i * 7, i * 7 + 7));
    // Beat 4 comes 0.6 s after beat 3 and 1.4 s before beat 5; local and record medians are 1 s.
    const r4 = row(4);
    expect(r4[0]).toBeCloseTo(Math.log(0.6), 5);
    expect(r4[1]).toBeCloseTo(Math.log(1.4), 5);
    expect(r4[5]).toBeCloseTo(Math.log(0.6 / 1.4), 5);
    expect(r4[6]).toBe(1);
    // First beat: the missing pre interval is the local median, so its ratio's log is 0.
    expect(row(0)[0]).toBeCloseTo(0, 6);
    expect(row(0)[6]).toBe(1);
  });

  it('clip every log ratio to ±2', () => {
    const f = computeRhythmFeatures([0, 0.01, 10, 10.01, 20], spec);
    for (let i = 0; i < f.length; i++) expect(Math.abs(f[i]!)).toBeLessThanOrEqual(2);
    expect(Math.max(...Array.from(f).map(Math.abs))).toBe(2);
  });
});

describe('readBeatInputSpec', () => {
  it('reads either spelling of a manifest input and refuses one without the window numbers', () => {
    expect(
      readBeatInputSpec({ fs: 180, before: 64, after: 80, normalization: { method: 'zscore', floor_mv: 0.01 } }),
    ).toEqual(spec);
    expect(
      readBeatInputSpec({
        fs: 180,
        before: 64,
        after: 80,
        normalisation: { std_floor_mv: 0.01 },
        rhythm: { clip: 2, local_window_beats: 5, min_beats: 3 },
      }),
    ).toEqual(spec);
    expect(() => readBeatInputSpec({ fs: 180 })).toThrow();
  });
});
