import { describe, expect, it } from 'vitest';
import type { BeatPage, BeatSummary } from '../../../../common/schemas/view';
import { BeatCache } from '../beat-cache';

const SHA = 'a'.repeat(64);
function beat(i: number): BeatSummary {
  return {
    id: `${SHA}:II:${i}`,
    imageSha256: SHA,
    file: 'x.png',
    lead: 'II',
    rSample: i,
    thumb: [0, 1, 0],
    predicted: 'N',
    probs: null,
    entropy: 0.1,
    abstain: false,
    myLabel: null,
    finalLabel: null,
    disagreement: false,
    flagged: false,
  };
}

/** A review set of `total` beats served page by page, counting the requests it gets. */
function makeSet(total: number) {
  const requests: [number, number][] = [];
  const fetchPage = async (offset: number, limit: number): Promise<BeatPage> => {
    requests.push([offset, limit]);
    const items = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(beat(i));
    return { total, offset, items };
  };
  return { requests, fetchPage };
}

describe('beat page cache', () => {
  it('loads only the pages a range needs, once', async () => {
    const set = makeSet(100_000);
    const cache = new BeatCache(set.fetchPage, () => {}, undefined, 500);
    await cache.ensure(0, 40);
    expect(cache.total).toBe(100_000);
    await Promise.all([cache.ensure(60_480, 60_560), cache.ensure(60_480, 60_560)]);
    expect(set.requests).toEqual([
      [0, 500],
      [60_000, 500],
      [60_500, 500],
    ]);
    expect(cache.get(60_530)?.rSample).toBe(60_530);
    expect(cache.get(30_000)).toBeUndefined();
  });

  it('evicts the least recently used page beyond its budget', async () => {
    const set = makeSet(10_000);
    const cache = new BeatCache(set.fetchPage, () => {}, undefined, 100, 3);
    for (const p of [0, 1, 2]) await cache.ensure(p * 100, p * 100 + 1);
    await cache.ensure(0, 1); // touch page 0
    await cache.ensure(300, 301);
    expect(cache.has(0)).toBe(true);
    expect(cache.has(100)).toBe(false);
    expect(cache.has(300)).toBe(true);
  });

  it('patches loaded beats in place and finds them by id', async () => {
    const set = makeSet(1000);
    let changes = 0;
    const cache = new BeatCache(set.fetchPage, () => changes++, undefined, 100);
    await cache.ensure(0, 150);
    const id = beat(120).id;
    expect(cache.indexOf(id)).toBe(120);
    const before = changes;
    cache.patch(new Set([id]), (b) => ({ ...b, myLabel: 'V' }));
    expect(cache.get(120)?.myLabel).toBe('V');
    expect(changes).toBe(before + 1);
  });

  it('drops answers that arrive after it was disposed and reports failures', async () => {
    const errors: unknown[] = [];
    const failing = new BeatCache(
      async () => Promise.reject(new Error('E_IO')),
      () => {},
      (e) => errors.push(e),
    );
    await failing.ensure(0, 10);
    expect(errors).toHaveLength(1);
    const set = makeSet(50);
    const cache = new BeatCache(set.fetchPage, () => {});
    const pending = cache.ensure(0, 10);
    cache.dispose();
    await pending;
    expect(cache.get(0)).toBeUndefined();
  });
});
