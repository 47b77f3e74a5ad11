import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeEta } from '../progress';
import { isInShard, parseShard } from '../shard';

describe('shards', () => {
  it('puts every hash in exactly one of N shards, roughly evenly', () => {
    const shards = [0, 1, 2, 3].map((i) => parseShard(`${i}/4`));
    const sizes = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) {
      const sha = createHash('sha256').update(String(k)).digest('hex');
      const hits = shards.filter((s) => isInShard(sha, s));
      expect(hits).toHaveLength(1);
      sizes[hits[0]!.index]!++;
    }
    for (const n of sizes) expect(n).toBeGreaterThan(850);
  });

  it('refuses malformed shard specs', () => {
    expect(() => parseShard('4/4')).toThrow(/0 ≤ i < N/);
    expect(() => parseShard('1-4')).toThrow(/i\/N/);
  });

  it('estimates time left from the rate so far', () => {
    expect(computeEta(0, 10, 5)).toBeNull();
    expect(computeEta(5, 10, 5)).toBe(5);
    expect(computeEta(10, 10, 5)).toBe(0);
  });
});
