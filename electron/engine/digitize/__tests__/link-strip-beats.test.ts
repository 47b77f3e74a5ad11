import { describe, expect, it } from 'vitest';
import { ECG_BEAT_INPUT_V1 } from '../../beats/model-input';
import type { DigitizedLead } from '../build-panel-lead';
import { computeLeadQrsFeature } from '../../beats/detect-qrs-multi-lead';
import { detectRPeaks } from '../../beats/detect-beats';
import { groupSimultaneousLeads, linkStripBeats, measureBeatShowing } from '../link-strip-beats';

const FS = 500;

/** A row of a strip on one page axis (200 px/s from x = 100), its baseline at `y`. */
function makeRow(name: string, y: number, samples: Float64Array): DigitizedLead {
  return {
    name,
    fs: FS,
    startTime: 0,
    samples,
    pixelMap: {
      panel: { x: 100, y: y - 100, width: 2000, height: 200 },
      originX: 100,
      originY: y,
      pxPerSecond: 200,
      pxPerMv: 80,
      rotationDeg: 0,
      rotationCenterX: 1000,
      rotationCenterY: 300,
    },
    quality: { coverage: 1, flat: false, calibrationPulseFound: true, notes: [] },
  };
}

/** Gaussian waves (centre s, width s, mV) plus uniform noise of `noise` mV peak to peak. */
function draw(seconds: number, waves: [number, number, number][], noise: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const x = new Float64Array(seconds * FS);
  for (let i = 0; i < x.length; i++) {
    const t = i / FS;
    let v = noise * rand();
    for (const [mu, sd, a] of waves) if (Math.abs(t - mu) < 6 * sd) v += a * Math.exp(-((t - mu) ** 2) / (2 * sd * sd));
    x[i] = v;
  }
  return x;
}

describe('linkStripBeats', () => {
  it('places the beats of a row whose QRS is lost in its noise at the group’s detections', () => {
    const rTimes: number[] = [];
    for (let t = 0.4; t < 9.7; t += 0.85) rTimes.push(t);
    // Row 1 shows every beat; row 2 (a low-voltage V1) has 0.04 mV complexes in 0.15 mV of noise.
    const row1 = makeRow(
      'row1',
      200,
      draw(
        10,
        rTimes.flatMap(
          (t) =>
            [
              [t, 0.012, 1.5],
              [t + 0.3, 0.05, 0.3],
            ] as [number, number, number][],
        ),
        0.02,
        5,
      ),
    );
    const row2 = makeRow(
      'row2',
      500,
      draw(
        10,
        rTimes.map((t) => [t, 0.012, 0.04] as [number, number, number]),
        0.15,
        9,
      ),
    );
    const notes: string[] = [];
    const beats = linkStripBeats('0'.repeat(64), [row1, row2], ECG_BEAT_INPUT_V1, notes);
    expect(notes.join(' ')).toMatch(/recorded at the same time/);
    for (const name of ['row1', 'row2']) {
      const r = beats[name]!.map((b) => b.rSample / FS);
      expect(r).toHaveLength(rTimes.length);
      r.forEach((t, k) => expect(Math.abs(t - rTimes[k]!)).toBeLessThan(0.03));
    }
  });

  // Record 208's V1 on a faint print: the ventricular beats plain; the normal beats as small as the
  // noise, and the print's specks between beats sharper than them.
  function v1Like(rTimes: number[], seed: number): Float64Array {
    const waves = rTimes.flatMap((t, k) =>
      k % 3 === 0
        ? ([
            [t, 0.03, -1.6],
            [t + 0.38, 0.08, 0.8],
          ] as [number, number, number][])
        : ([
            [t, 0.01, 0.05],
            [t + 0.31, 0.006, -0.35],
          ] as [number, number, number][]),
    );
    return draw(10, waves, 0.2, seed);
  }

  /** R times every `rr` s from `t0`, and a clean row with a plain QRS at each. */
  function regular(t0: number, rr: number): number[] {
    const out: number[] = [];
    for (let t = t0; t < 9.7; t += rr) out.push(t);
    return out;
  }
  const plainRow = (rTimes: number[]) =>
    makeRow(
      'row1',
      200,
      draw(
        10,
        rTimes.map((t) => [t, 0.012, 1.2] as [number, number, number]),
        0.02,
        3,
      ),
    );

  it('groups rows whose strongest complexes all fall on the other row’s beats beyond chance', () => {
    const rTimes = regular(0.4, 0.62);
    const row1 = plainRow(rTimes);
    const row2 = makeRow('row2', 500, v1Like(rTimes, 11));
    // Row 2's detection function is no higher at row 1's beats than half-way between them.
    const auc = measureBeatShowing(
      row1,
      detectRPeaks(row1.samples, FS),
      row2,
      computeLeadQrsFeature(row2.samples, FS)!.mwi,
    );
    expect(auc).toBeLessThan(0.7);
    expect(groupSimultaneousLeads([row1, row2])).toEqual([[0, 1]]);
    const notes: string[] = [];
    const beats = linkStripBeats('0'.repeat(64), [row1, row2], ECG_BEAT_INPUT_V1, notes);
    expect(notes.join(' ')).toMatch(/recorded at the same time/);
    const found = beats.row2!.map((b) => b.rSample / FS);
    expect(rTimes.filter((t) => found.some((f) => Math.abs(f - t) < 0.15)).length).toBe(rTimes.length);
  });

  it('keeps apart rows whose strong complexes do not line up with the other’s beats', () => {
    const row1 = plainRow(regular(0.4, 0.62));
    const row2 = makeRow('row2', 500, v1Like(regular(0.7, 0.93), 11));
    expect(groupSimultaneousLeads([row1, row2])).toEqual([[0], [1]]);
  });
});
