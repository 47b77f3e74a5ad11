import { describe, expect, it } from 'vitest';
import { computeTraceGeometry } from '../computeTraceGeometry';
import { computeThumbPoints, computeUncertaintyShare } from '../computeThumbPoints';

describe('trace geometry', () => {
  // 1 s of a 360 Hz lead with the R peak at sample 180 of the excerpt (lead sample 5000).
  const samples = Array.from({ length: 360 }, (_, i) => (i === 180 ? 1.4 : i === 10 ? null : 0.05));
  const d = {
    samples,
    offset: 5000 - 180,
    fs: 360,
    window: { start: 5000 - 90, end: 5000 + 162 },
    saliency: Array.from({ length: 252 }, (_, i) => i / 251),
    summary: { rSample: 5000 },
  } as never;
  const g = computeTraceGeometry(d);

  it('puts the R peak at 0 ms and keeps gaps as gaps', () => {
    expect(g.points[180]).toEqual({ t: 0, v: 1.4 });
    expect(g.points[0]!.t).toBeCloseTo(-500, 6);
    expect(g.points[10]!.v).toBeNull();
  });

  it('places the model window and its saliency in ms from R', () => {
    expect(g.windowMs[0]).toBeCloseTo(-250, 6);
    expect(g.windowMs[1]).toBeCloseTo(450, 6);
    expect(g.saliency[0]!.t).toBeCloseTo(-250, 6);
    expect(g.saliency).toHaveLength(252);
    expect(g.saliency.at(-1)!.s).toBe(1);
  });

  it('shows at least ±0.5 mV so a small beat looks small', () => {
    const flat = computeTraceGeometry({ ...(d as object), samples: samples.map(() => 0.01) } as never);
    expect(flat.vRange[1] - flat.vRange[0]).toBeGreaterThanOrEqual(1);
    expect(g.vRange[0]).toBeLessThan(0.05);
    expect(g.vRange[1]).toBeGreaterThan(1.4);
  });
});

describe('thumbnails', () => {
  it('scales each trace into its box, y down, flat traces on the midline', () => {
    const pts = computeThumbPoints([0, 2, 1], 10, 20, 100, 50);
    expect([...pts]).toEqual([10, 70, 60, 20, 110, 45]);
    expect([...computeThumbPoints([3, 3], 0, 0, 10, 10)]).toEqual([0, 5, 10, 5]);
    expect(computeThumbPoints([], 0, 0, 10, 10)).toHaveLength(0);
  });

  it('expresses uncertainty as a share of the maximum entropy over five classes', () => {
    expect(computeUncertaintyShare(Math.log(5))).toBeCloseTo(1, 9);
    expect(computeUncertaintyShare(0)).toBe(0);
    expect(computeUncertaintyShare(null)).toBe(0);
    expect(computeUncertaintyShare(9)).toBe(1);
  });
});
