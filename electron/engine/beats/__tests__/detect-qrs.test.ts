import { describe, expect, it } from 'vitest';
import { detectRPeaks } from '../detect-beats';
import { detectQrs } from '../detect-qrs';
import { designBandPass, filtfilt } from '../filters';

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
