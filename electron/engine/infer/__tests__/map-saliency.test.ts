import { describe, expect, it } from 'vitest';
import type { PixelMap } from '../../../../common/schemas/signal';
import { computeSaliencyColumns, computeWindowTimes, mapDeskewedToSource, mapSaliencyToImage } from '../map-saliency';

const WIN = { fs: 180, before: 64, after: 80 };
// 25 mm/s at 200 dpi: 196.85 px per second.
const MAP: PixelMap = {
  panel: { x: 100, y: 50, width: 2000, height: 300 },
  originX: 100,
  originY: 200,
  pxPerSecond: 196.85,
  pxPerMv: 78.74,
  rotationDeg: 0,
  rotationCenterX: 1000,
  rotationCenterY: 800,
};

describe('saliency on the scan', () => {
  it('places window sample j at t_R + (j − before)/fs on the lead axis', () => {
    const t = computeWindowTimes({ rSample: 500, fs: 250, startTime: 2.5 }, WIN);
    expect(t.length).toBe(144);
    expect(t[64]).toBeCloseTo(2.5 + 2, 12);
    expect(t[0]).toBeCloseTo(4.5 - 64 / 180, 12);
  });

  it('maps to x = originX + t·pxPerSecond without rotation, R on its column', () => {
    const s = new Float32Array(144);
    s[64] = 1;
    const m = mapSaliencyToImage(s, { rSample: 250, fs: 250, startTime: 0 }, WIN, MAP);
    expect(m.x[64]).toBeCloseTo(100 + 196.85, 9);
    expect(m.y[64]).toBe(200);
    expect(m.x[1]! - m.x[0]!).toBeCloseTo(196.85 / 180, 9);
  });

  it('undoes the page rotation about its centre', () => {
    const p = mapDeskewedToSource(1100, 800, { ...MAP, rotationDeg: 90 });
    expect(p.x).toBeCloseTo(1000, 9);
    expect(p.y).toBeCloseTo(700, 9);
    const q = mapDeskewedToSource(1000, 800, { ...MAP, rotationDeg: 7 });
    expect(q).toEqual({ x: 1000, y: 800 });
  });

  it('fills every pixel column the window spans, peaking at the R column', () => {
    const s = new Float32Array(144);
    for (let j = 0; j < 144; j++) s[j] = Math.exp(-(((j - 64) / 6) ** 2));
    const { x0, values } = computeSaliencyColumns(s, { rSample: 250, fs: 250, startTime: 0 }, WIN, MAP);
    // 0.8 s of window at 196.85 px/s.
    expect(values.length).toBeGreaterThanOrEqual(156);
    expect(values.length).toBeLessThanOrEqual(158);
    let arg = 0;
    for (let i = 1; i < values.length; i++) if (values[i]! > values[arg]!) arg = i;
    expect(Math.abs(x0 + arg - (100 + 196.85))).toBeLessThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
  });
});
