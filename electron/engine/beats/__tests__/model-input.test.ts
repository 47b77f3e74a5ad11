import { describe, expect, it } from 'vitest';
import {
  type BeatInputSpec,
  computeBeatInput,
  computeBeatTemplates,
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

  const v1 = { fs: 180, before: 64, after: 80, normalisation: { std_floor_mv: 0.01 } };
  const v2 = { ...v1, version: 2, template: { channel: 1, neighbours: 7, min_beats: 4 } };

  it('reads a v2 input as two channels with its template numbers, v1 as one', () => {
    expect(readBeatInputSpec(v2, { beat: ['B', 2, 144] })).toMatchObject({
      channels: 2,
      templateNeighbours: 7,
      templateMinBeats: 4,
    });
    expect(readBeatInputSpec(v2).channels).toBe(2);
    expect(readBeatInputSpec({ ...v1, version: 1 }, { beat: ['B', 1, 144] }).channels).toBe(1);
  });

  it('refuses a channel count that disagrees with the input, a v2 input without template and a newer version', () => {
    expect(() => readBeatInputSpec(v2, { beat: ['B', 1, 144] })).toThrow(/1 channel/);
    expect(() => readBeatInputSpec(v1, { beat: ['B', 2, 144] })).toThrow(/2 channel/);
    expect(() => readBeatInputSpec({ ...v1, version: 2 })).toThrow(/template/);
    expect(() => readBeatInputSpec({ ...v2, template: { ...v2.template, channel: 0 } })).toThrow(/channel/);
    expect(() => readBeatInputSpec({ ...v2, version: 3 })).toThrow(/newer/);
  });
});

describe('computeBeatTemplates (contract v2, numpy median semantics)', () => {
  const v2: BeatInputSpec = { ...spec, channels: 2, templateNeighbours: 2, templateMinBeats: 3 };
  const rows = (values: number[][]) => values.map((v) => Float32Array.from(v));

  it('takes the element-wise median of beats i−K … i+K, clipped at the ends, the beat included', () => {
    // Two samples per window; K = 2 so the interior beats see five windows.
    const w = rows([
      [1, 10],
      [5, 20],
      [3, 0],
      [100, 40],
      [2, 30],
      [4, -7],
    ]);
    const t = computeBeatTemplates(w, v2).map((r) => Array.from(r));
    // Beat 0: beats 0..2 (3, odd) -> medians of {1,5,3} and {10,20,0}.
    expect(t[0]).toEqual([3, 10]);
    // Beat 1: beats 0..3 (4, even) -> mean of the middle two: {1,3,5,100} -> 4, {0,10,20,40} -> 15.
    expect(t[1]).toEqual([4, 15]);
    // Beat 2: beats 0..4 -> {1,2,3,5,100} -> 3, {0,10,20,30,40} -> 20: the outlier does not move it.
    expect(t[2]).toEqual([3, 20]);
    // Beat 5: beats 3..5 -> {2,4,100} -> 4, {-7,30,40} -> 30.
    expect(t[5]).toEqual([4, 30]);
  });

  it('agrees with a plain sort-and-pick median on random leads, ties included', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (const [n, k] of [
      [3, 20],
      [17, 2],
      [60, 20],
      [45, 7],
    ] as const) {
      // Values on a coarse grid so that equal values (ties) are common.
      const w = Array.from({ length: n }, () => Float32Array.from({ length: 9 }, () => Math.round(rand() * 6) / 4));
      const s = { ...v2, templateNeighbours: k };
      const got = computeBeatTemplates(w, s);
      for (let i = 0; i < n; i++) {
        const near = w.slice(Math.max(0, i - k), i + k + 1);
        for (let j = 0; j < 9; j++) {
          const col = near.map((r) => r[j]!).sort((a, b) => a - b);
          const m = col.length;
          const want = m % 2 ? col[(m - 1) / 2]! : (col[m / 2 - 1]! + col[m / 2]!) / 2;
          expect(got[i]![j]).toBe(Math.fround(want));
        }
      }
    }
  });

  it('gives all-zero templates to a lead with fewer than min_beats beats', () => {
    const t = computeBeatTemplates(
      rows([
        [1, 2],
        [3, 4],
      ]),
      v2,
    );
    expect(t).toHaveLength(2);
    expect(t.every((r) => r.length === 2 && r.every((v) => v === 0))).toBe(true);
    expect(computeBeatTemplates([], v2)).toEqual([]);
  });

  it('equals the window itself in a lead of identical beats, and rounds an even median like float32 numpy', () => {
    const beat = computeBeatInput(
      Float64Array.from({ length: 400 }, (_, i) => Math.sin(i / 7)),
      200,
      360,
      v2,
    );
    const t = computeBeatTemplates([beat, beat, beat, beat], v2);
    for (const r of t) expect(Array.from(r)).toEqual(Array.from(beat));
    // The mean of two float32 values, rounded once to float32.
    const a = Math.fround(0.1);
    const b = Math.fround(0.7);
    const even = computeBeatTemplates(rows([[a], [b], [a], [b]]), { ...v2, templateNeighbours: 5 });
    expect(even[0]![0]).toBe(Math.fround((a + b) / 2));
  });
});
