import { describe, expect, it } from 'vitest';
import { buildLeadBeats, detectRPeaks } from '../detect-beats';
import { detectQrs } from '../detect-qrs';
import { designBandPass, filtfilt } from '../filters';
import { ECG_BEAT_INPUT_V1 } from '../model-input';
import { learnQrsLevels } from '../qrs-features';

/** Toy ECG at fs: R peaks at given times (narrow Gaussians), tall T waves, baseline wander, noise. */
function toyEcg(fs: number, seconds: number, rTimes: number[], seed = 1): Float64Array {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const x = new Float64Array(Math.round(fs * seconds));
  for (let i = 0; i < x.length; i++) {
    const t = i / fs;
    let v = 0.3 * Math.sin(2 * Math.PI * 0.3 * t) + 0.03 * rand();
    for (const r of rTimes) {
      v += 1.2 * Math.exp(-((t - r) ** 2) / (2 * 0.008 ** 2));
      v += 0.45 * Math.exp(-((t - r - 0.28) ** 2) / (2 * 0.05 ** 2));
    }
    x[i] = v;
  }
  return x;
}

describe('filters', () => {
  it('pass the band and stop outside it, without phase shift', () => {
    const fs = 360;
    const n = fs * 10;
    const bp = designBandPass(5, 15, fs);
    const tone = (f: number) => Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs));
    const rms = (x: Float64Array) => Math.sqrt(x.slice(fs, n - fs).reduce((s, v) => s + v * v, 0) / (n - 2 * fs));
    expect(rms(filtfilt(bp, tone(9)))).toBeGreaterThan(0.5);
    expect(rms(filtfilt(bp, tone(0.5)))).toBeLessThan(0.01);
    expect(rms(filtfilt(bp, tone(60)))).toBeLessThan(0.02);
    const y = filtfilt(bp, tone(9));
    // Zero phase: the filtered tone peaks where the input does.
    const i = Math.round(fs * 5 + fs / 36);
    expect(y[i]!).toBeGreaterThan(y[i - 3]!);
    expect(y[i]!).toBeGreaterThan(y[i + 3]!);
  });
});

describe('detectQrs', () => {
  it.each([250, 360, 500])('finds every R peak within 10 ms at %s Hz, T waves and wander notwithstanding', (fs) => {
    const rTimes: number[] = [];
    for (let t = 0.4; t < 19.5; t += 0.75 + 0.1 * Math.sin(t)) rTimes.push(t);
    const { rSamples } = detectQrs(toyEcg(fs, 20, rTimes), fs);
    expect(rSamples).toHaveLength(rTimes.length);
    rSamples.forEach((r, k) => expect(Math.abs(r / fs - rTimes[k]!)).toBeLessThan(0.01));
  });

  it('finds the beats of a 2.5 s panel (too short to learn thresholds from its start only)', () => {
    const fs = 500;
    const rTimes = [0.3, 1.1, 1.9];
    const { rSamples } = detectQrs(toyEcg(fs, 2.5, rTimes), fs);
    expect(rSamples.map((r) => Math.round((r / fs) * 100) / 100)).toEqual(rTimes);
  });

  it('detects on each stretch between gaps', () => {
    const fs = 500;
    const x = toyEcg(fs, 10, [0.5, 1.3, 2.1, 2.9, 5.5, 6.3, 7.1, 7.9, 8.7]);
    for (let i = Math.round(3.5 * fs); i < Math.round(5 * fs); i++) x[i] = NaN;
    const r = detectRPeaks(x, fs).map((v) => Math.round((v / fs) * 10) / 10);
    expect(r).toEqual([0.5, 1.3, 2.1, 2.9, 5.5, 6.3, 7.1, 7.9, 8.7]);
  });

  it('finds nothing in noise alone', () => {
    const fs = 360;
    const x = toyEcg(fs, 10, []);
    expect(detectQrs(x, fs).rSamples.length).toBeLessThanOrEqual(2);
  });
});

/** Sum of Gaussians (centre s, width s, amplitude mV) sampled at fs, plus a little noise. */
function drawWaves(fs: number, seconds: number, waves: [number, number, number][], seed = 3): Float64Array {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const x = new Float64Array(Math.round(fs * seconds));
  for (let i = 0; i < x.length; i++) {
    const t = i / fs;
    let v = 0.02 * rand();
    for (const [mu, sd, a] of waves) if (Math.abs(t - mu) < 6 * sd) v += a * Math.exp(-((t - mu) ** 2) / (2 * sd * sd));
    x[i] = v;
  }
  return x;
}

describe('learnQrsLevels', () => {
  it('keeps beats smaller than the typical QRS out of the noise level', () => {
    // 10 s of bigeminy: 10 tall beats, 9 ectopic ones of half their energy, 3 small T/P peaks.
    const heights = [...Array(10).fill(500), ...Array(9).fill(250), 8, 7, 6];
    const { signal, noise } = learnQrsLevels(heights, 10);
    expect(signal).toBe(500);
    // The threshold (noise + 0.15 of the gap) must stay below the ectopic beats.
    expect(noise).toBeLessThan(10);
    expect(noise + 0.15 * (signal - noise)).toBeLessThan(250);
  });

  it('falls back to a share of the signal level when every peak is a beat', () => {
    const { signal, noise } = learnQrsLevels([400, 390, 380], 2.5);
    expect(signal).toBe(390);
    expect(noise).toBeGreaterThan(0);
    expect(noise).toBeLessThan(0.3 * signal);
  });
});

describe('detectQrs on hard rhythms', () => {
  /** Narrow tall normal beats alternating with wide, smaller ventricular ones (low QRS-band energy). */
  function bigeminy(fs: number, seconds: number, t0: number) {
    const waves: [number, number, number][] = [];
    const rTimes: number[] = [];
    for (let t = t0, k = 0; t < seconds - 0.15; t += k % 2 ? 0.65 : 0.45, k++) {
      rTimes.push(t);
      if (k % 2 === 0) waves.push([t, 0.012, 2], [t + 0.25, 0.05, 0.3]);
      else waves.push([t, 0.02, 1.6], [t + 0.3, 0.07, -0.4]);
    }
    return { x: drawWaves(fs, seconds, waves), rTimes };
  }

  it.each([10, 2.5])('finds every beat of a bigeminal %s s signal, the first one too', (seconds) => {
    const fs = 500;
    const { x, rTimes } = bigeminy(fs, seconds, 0.2);
    const r = detectQrs(x, fs).rSamples.map((v) => v / fs);
    expect(r).toHaveLength(rTimes.length);
    r.forEach((t, k) => expect(Math.abs(t - rTimes[k]!)).toBeLessThan(0.04));
  });

  it('does not take the T wave of a large last beat for a beat in the search-back at the end', () => {
    const fs = 500;
    const waves: [number, number, number][] = [];
    const rTimes = [0.3, 0.9, 1.5, 2.1, 2.7, 3.3, 3.9, 4.5];
    for (const t of rTimes) {
      // The last beat is a large ventricular one with a tall, steep-ish T wave; 1.5 s follow it.
      const big = t === 4.5;
      waves.push([t, big ? 0.025 : 0.012, big ? 3 : 1.2], [t + 0.3, big ? 0.04 : 0.05, big ? 1.2 : 0.3]);
    }
    const x = drawWaves(fs, 6, waves);
    const r = detectQrs(x, fs).rSamples.map((v) => v / fs);
    expect(r.filter((t) => t > 4.6)).toEqual([]);
    expect(r).toHaveLength(rTimes.length);
  });
});

describe('buildLeadBeats', () => {
  it('keeps a beat whose window holds a few missing samples and drops one that is mostly gap', () => {
    const fs = 500;
    const x = toyEcg(fs, 6, [0.5, 1.3, 2.1, 2.9, 3.7, 4.5, 5.3]);
    // The lead's last 0.3 s untraced (a stroke's end: the last window reaches 40 ms into it), and
    // a 0.6 s gap around 2.9 s (three quarters of that beat's window).
    for (let i = Math.round(5.7 * fs); i < x.length; i++) x[i] = NaN;
    for (let i = Math.round(2.6 * fs); i < Math.round(3.2 * fs); i++) x[i] = NaN;
    const rs = [0.5, 1.3, 2.1, 2.9, 3.7, 4.5, 5.3].map((t) => Math.round(t * fs));
    const { beats, droppedAtGaps } = buildLeadBeats('0'.repeat(64), 'II', x, fs, ECG_BEAT_INPUT_V1, rs);
    expect(beats.map((b) => Math.round((b.rSample / fs) * 10) / 10)).toEqual([0.5, 1.3, 2.1, 3.7, 4.5, 5.3]);
    expect(droppedAtGaps).toBe(1);
  });
});
