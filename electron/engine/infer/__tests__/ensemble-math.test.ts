import { describe, expect, it } from 'vitest';
import {
  computeEntropy,
  computeMeanRow,
  computeMutualInformation,
  computeSoftmaxInto,
  getArgmax,
} from '../ensemble-math';

describe('ensemble math', () => {
  it('softmax sums to 1, keeps the order of the logits and survives large logits', () => {
    const out = new Float64Array(8);
    computeSoftmaxInto(new Float32Array([9, 1, 1000, 1002, 999, 3, 0, 0]), 2, 3, out, 4);
    expect(out[4]! + out[5]! + out[6]!).toBeCloseTo(1, 12);
    expect(out[5]!).toBeGreaterThan(out[4]!);
    expect(out[4]!).toBeGreaterThan(out[6]!);
    expect(out[5]! / out[4]!).toBeCloseTo(Math.exp(2), 9);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it('softmax at a temperature divides the logits by it', () => {
    const out = new Float64Array(2);
    computeSoftmaxInto([2, 0], 0, 2, out, 0, 0.5);
    expect(out[0]! / out[1]!).toBeCloseTo(Math.exp(4), 9);
  });

  it('entropy is ln K for a uniform distribution and 0 for a certain one', () => {
    expect(computeEntropy([0.2, 0.2, 0.2, 0.2, 0.2])).toBeCloseTo(Math.log(5), 12);
    expect(computeEntropy([0, 0, 1, 0, 0])).toBe(0);
  });

  it('mutual information is 0 when folds agree and H(mean) when confident folds disagree', () => {
    const p = [0.7, 0.1, 0.1, 0.05, 0.05];
    expect(computeMutualInformation(p, [p, p, p])).toBeCloseTo(0, 12);
    const folds = [
      [1, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
    ];
    const mean = computeMeanRow(folds);
    expect(Array.from(mean)).toEqual([0.5, 0, 0.5, 0, 0]);
    expect(computeMutualInformation(mean, folds)).toBeCloseTo(Math.log(2), 12);
  });

  it('argmax picks the first of equal maxima', () => {
    expect(getArgmax([0.1, 0.4, 0.4, 0.1])).toBe(1);
  });
});
