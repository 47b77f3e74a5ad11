import { describe, expect, it } from 'vitest';
import { computeSaliency } from '../saliency';

const STEPS = 18;
const LEN = 144;

function camWithPeak(classIndex: number, step: number): Float32Array {
  const cam = new Float32Array(5 * STEPS).fill(-1);
  cam[classIndex * STEPS + step] = 3;
  return cam;
}

describe('computeSaliency', () => {
  it('upsamples a CAM peak to the window samples its step covers, scaled to 0..1', () => {
    const s = computeSaliency(camWithPeak(2, 8), 2, STEPS, LEN);
    expect(s.length).toBe(LEN);
    let arg = 0;
    for (let j = 1; j < LEN; j++) if (s[j]! > s[arg]!) arg = j;
    // Step 8 of 18 sits over sample 64 (stride 8).
    expect(arg).toBe(64);
    expect(Math.max(...s)).toBeCloseTo(1, 6);
    expect(Math.min(...s)).toBe(0);
    // Far from the peak the negative evidence is cut to 0.
    expect(s[0]).toBe(0);
    expect(s[LEN - 1]).toBe(0);
  });

  it('reads only the requested class row', () => {
    const cam = camWithPeak(1, 2);
    cam[4 * STEPS + 15] = 5;
    const s1 = computeSaliency(cam, 1, STEPS, LEN);
    const s4 = computeSaliency(cam, 4, STEPS, LEN);
    expect(s1.indexOf(1)).toBeLessThan(30);
    expect(s4.indexOf(1)).toBeGreaterThan(110);
  });

  it('is all zeros when the class has no positive evidence', () => {
    const s = computeSaliency(new Float32Array(5 * STEPS).fill(-2), 0, STEPS, LEN);
    expect(s.every((v) => v === 0)).toBe(true);
  });

  it('interpolates linearly between step centres', () => {
    const cam = new Float32Array(5 * STEPS);
    for (let t = 0; t < STEPS; t++) cam[t] = t + 1;
    const s = computeSaliency(cam, 0, STEPS, LEN);
    // Step t over sample 8t: sample 4 is halfway between steps 0 and 1 (values 1 and 2) → 1.5/18.
    expect(s[4]).toBeCloseTo(1.5 / 18, 6);
    expect(s[0]).toBeCloseTo(1 / 18, 6);
    expect(s[143]).toBeCloseTo(1, 6); // past the last step's sample (136) it holds its value
  });
});
