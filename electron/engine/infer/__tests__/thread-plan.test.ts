import { describe, expect, it } from 'vitest';
import { computeThreadPlan } from '../thread-plan';

describe('computeThreadPlan', () => {
  it('never asks for more threads than cores', () => {
    for (const cores of [1, 2, 3, 4, 8]) {
      for (const workers of [undefined, 1, 2, 3, 16]) {
        for (const intraOpThreads of [undefined, 1, 2, 8]) {
          const p = computeThreadPlan({ cores, workers, intraOpThreads });
          expect(p.workers).toBeGreaterThanOrEqual(1);
          expect(p.intraOpThreads).toBeGreaterThanOrEqual(1);
          expect(p.workers * p.intraOpThreads).toBeLessThanOrEqual(cores);
        }
      }
    }
  });

  it('defaults to one single-threaded worker per core', () => {
    expect(computeThreadPlan({ cores: 2 })).toEqual({ workers: 2, intraOpThreads: 1, cores: 2 });
    expect(computeThreadPlan({ cores: 2, workers: 1 })).toEqual({ workers: 1, intraOpThreads: 2, cores: 2 });
  });

  it('runs in-process with every core when workers is 0', () => {
    expect(computeThreadPlan({ cores: 2, workers: 0 })).toEqual({ workers: 0, intraOpThreads: 2, cores: 2 });
  });
});
