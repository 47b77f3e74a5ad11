import { describe, expect, it } from 'vitest';
import { computeGapShare, fillGaps } from '../fill-gaps';

describe('gap bridging for model input', () => {
  it('bridges inner gaps linearly and holds the nearest value at the edges', () => {
    const x = [NaN, NaN, 1, NaN, NaN, 4, 5, NaN];
    expect(Array.from(fillGaps(x))).toEqual([1, 1, 1, 2, 3, 4, 5, 5]);
  });
  it('leaves a lead without gaps as it is, and an all-gap lead at zero', () => {
    expect(Array.from(fillGaps([0.5, -0.25]))).toEqual([0.5, -0.25]);
    expect(Array.from(fillGaps([NaN, NaN]))).toEqual([0, 0]);
  });
  it('measures the gap share of a window, clamped to the lead', () => {
    const x = [NaN, 1, 1, NaN];
    expect(computeGapShare(x, 0, 4)).toBe(0.5);
    expect(computeGapShare(x, -10, 2)).toBe(0.5);
    expect(computeGapShare(x, 5, 9)).toBe(1);
  });
});
