import { describe, expect, it } from 'vitest';
import type { PixelMap } from '../../../../common/schemas/signal';
import { computeBeatBox, computeImageView, computeMvRange, computeSourcePoint } from '../computeImageView';

// A 10 s lead II rhythm strip at 200 dpi: 25 mm/s = 196.85 px/s, 10 mm/mV = 78.74 px/mV.
const pm: PixelMap = {
  panel: { x: 60, y: 1200, width: 1969, height: 300 },
  originX: 60,
  originY: 1350,
  pxPerSecond: 196.85,
  pxPerMv: 78.74,
  rotationDeg: 0,
  rotationCenterX: 1100,
  rotationCenterY: 780,
};
const FS = 360;

describe('scan crop around a beat', () => {
  it('puts the R peak where the pixel map says, scaled into the view', () => {
    const r = 3 * FS;
    const box = computeBeatBox(pm, FS, r, 0.9);
    const view = computeImageView(pm, FS, box, 400);
    const xR = 60 + 3 * 196.85;
    expect(view.sampleToX(r)).toBeCloseTo((xR - box.x) * view.scale, 6);
    expect(view.width).toBeCloseTo(400, 6);
    expect(box.width).toBeCloseTo(1.8 * 196.85, 6);
    // 0 mV is the baseline: originY in the view.
    expect(view.mvToY(0)).toBeCloseTo((1350 - box.y) * view.scale, 6);
  });

  it('clips the crop to the lead panel at the strip edges', () => {
    const box = computeBeatBox(pm, FS, Math.round(0.2 * FS), 0.9);
    expect(box.x).toBe(60);
    expect(box.width).toBeCloseTo((0.2 + 0.9) * 196.85, 0);
  });

  it('crops vertically to the trace plus a margin, inside the panel', () => {
    const box = computeBeatBox(pm, FS, 1000, 0.9, [-0.4, 1.2], 0.5);
    expect(box.y).toBeCloseTo(1350 - 1.7 * 78.74, 6);
    expect(box.y + box.height).toBeLessThanOrEqual(1500);
    expect(computeMvRange([null, 0.2, NaN, -0.3, 1])).toEqual([-0.3, 1]);
    expect(computeMvRange([null])).toBeUndefined();
  });

  it('never upscales past the height limit', () => {
    const view = computeImageView(pm, FS, pm.panel, 4000, 140);
    expect(view.height).toBeCloseTo(140, 6);
    expect(view.width).toBeLessThan(4000);
  });

  it('undoes a deskew rotation: a point rotated by the map comes back where it was', () => {
    const tilted = { ...pm, rotationDeg: 3 };
    const p = computeSourcePoint(tilted, 1500, 900);
    // Rotate the source point forward by +3° about the centre: we must land on the deskewed point.
    const a = (3 * Math.PI) / 180;
    const dx = p.x - 1100;
    const dy = p.y - 780;
    expect(1100 + dx * Math.cos(a) - dy * Math.sin(a)).toBeCloseTo(1500, 6);
    expect(780 + dx * Math.sin(a) + dy * Math.cos(a)).toBeCloseTo(900, 6);
    expect(computeImageView(tilted, FS, pm.panel, 500).transform).toContain('rotate(3deg)');
  });
});
