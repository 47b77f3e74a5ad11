import { describe, expect, it } from 'vitest';
import { mapOrdered } from '../map-ordered';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<R>(gen: AsyncGenerator<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('mapOrdered', () => {
  it('yields in source order when later calls finish first, with at most `width` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const out = await collect(
      mapOrdered(items, { width: 4 }, async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick((20 - i) % 7); // the later items of each run of 7 finish first
        inFlight--;
        return i * 10;
      }),
    );
    expect(out).toEqual(items.map((i) => i * 10));
    expect(peak).toBe(4);
  });

  it('pulls an async source only when there is room (backpressure)', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    const gen = mapOrdered(source(), { width: 3 }, async (i) => i);
    expect((await gen.next()).value).toBe(0);
    // Three in flight plus the one held back: nowhere near the 100 the source could give.
    expect(pulled).toBeLessThanOrEqual(4);
    await gen.return(undefined);
  });

  it('keeps the held weight within the budget, letting an oversized item through alone', async () => {
    const running: number[] = [];
    const seen: number[][] = [];
    const weights = [40, 40, 40, 150, 10, 10, 60, 60];
    const out = await collect(
      mapOrdered(weights, { width: 8, weight: (w) => w, budget: 100 }, async (w) => {
        running.push(w);
        seen.push([...running]);
        await tick(1);
        running.splice(running.indexOf(w), 1);
        return w;
      }),
    );
    expect(out).toEqual(weights);
    for (const set of seen) {
      if (set.includes(150)) expect(set).toEqual([150]);
      else expect(set.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100);
    }
    expect(seen.some((set) => set.length > 1)).toBe(true); // small items did run side by side
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const r of mapOrdered(source(), { width: 2 }, async (i) => i)) if (r === 3) break;
    expect(closed).toBe(true);
  });
});
