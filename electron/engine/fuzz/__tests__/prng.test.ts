import { describe, expect, it } from 'vitest';
import { createRng } from '../prng';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = Array.from({ length: 5 }, createRng(42).next);
    const b = createRng(42);
    expect(a).toEqual(Array.from({ length: 5 }, b.next));
    expect(createRng(43).next()).not.toBe(a[0]);
  });

  it('keeps forked streams independent of how much the parent has drawn', () => {
    const r1 = createRng(7);
    const r2 = createRng(7);
    r2.next();
    r2.next();
    expect(r1.fork('truncated').bytes(8)).toEqual(r2.fork('truncated').bytes(8));
    expect(r1.fork('truncated').bytes(8)).not.toEqual(r1.fork('bit-flip').bytes(8));
  });

  it('draws integers over the whole inclusive range, roughly uniformly', () => {
    const r = createRng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[r.int(0, 5)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(6000);
  });
});
