import { describe, expect, it } from 'vitest';
import type { PixelMap } from '../../../../common/schemas/signal';
import {
  computeLeadPath,
  computePanelSourceBox,
  computeRecordUncertainty,
  computeSaliencyColumns,
  computeSheetViewBox,
  ECG_SALIENCY_MAX_OPACITY,
  getDeskewTransform,
} from '../computeSheetGeometry';

// Lead V2 of a 3×4 sheet scanned at 200 dpi and 1.5° askew: 25 mm/s, 10 mm/mV.
const pm: PixelMap = {
  panel: { x: 1136.5, y: 614, width: 491.5, height: 302 },
  originX: 1136.5,
  originY: 763.5,
  pxPerSecond: 196.85,
  pxPerMv: 78.74,
  rotationDeg: 1.5,
  rotationCenterX: 1106.5,
  rotationCenterY: 786,
};
const FS = 500;

/** What SVG's rotate(a cx cy) does to a point (a in degrees, clockwise on screen since y points down). */
function applySvgRotate(t: string, x: number, y: number) {
  const [a, cx, cy] = /rotate\(([-\d.e]+) ([-\d.e]+) ([-\d.e]+)\)/.exec(t)!.slice(1).map(Number) as [
    number,
    number,
    number,
  ];
  const r = (a * Math.PI) / 180;
  return {
    x: cx + (x - cx) * Math.cos(r) - (y - cy) * Math.sin(r),
    y: cy + (x - cx) * Math.sin(r) + (y - cy) * Math.cos(r),
  };
}

describe('sheet geometry', () => {
  it('draws sample i at originX + i/fs·pxPerSecond and mV upward from originY, lifting the pen at gaps', () => {
    const d = computeLeadPath([0, 1, null, -0.5], FS, pm);
    const moves = d.match(/[ML][^ML]+/g)!;
    expect(moves.map((m) => m[0])).toEqual(['M', 'L', 'M']);
    const pts = moves.map((m) => m.slice(1).split(' ').map(Number));
    expect(pts[0]![0]).toBeCloseTo(1136.5, 1);
    expect(pts[0]![1]).toBeCloseTo(763.5, 1);
    expect(pts[1]![0]).toBeCloseTo(1136.5 + 196.85 / FS, 1);
    expect(pts[1]![1]).toBeCloseTo(763.5 - 78.74, 1); // +1 mV is higher on the page
    expect(pts[2]![0]).toBeCloseTo(1136.5 + (3 * 196.85) / FS, 1);
    expect(pts[2]![1]).toBeCloseTo(763.5 + 0.5 * 78.74, 1);
  });

  it('rotates the deskewed frame back onto the scan (the scan deskewed by rotationDeg gives the frame back)', () => {
    const t = getDeskewTransform(pm)!;
    const p = { x: pm.originX + 1.2 * pm.pxPerSecond, y: pm.originY - 0.8 * pm.pxPerMv };
    const src = applySvgRotate(t, p.x, p.y);
    // Deskewing rotates the source by +rotationDeg about the centre: it must land on p again.
    const a = (pm.rotationDeg * Math.PI) / 180;
    const dx = src.x - pm.rotationCenterX;
    const dy = src.y - pm.rotationCenterY;
    expect(pm.rotationCenterX + dx * Math.cos(a) - dy * Math.sin(a)).toBeCloseTo(p.x, 6);
    expect(pm.rotationCenterY + dx * Math.sin(a) + dy * Math.cos(a)).toBeCloseTo(p.y, 6);
    expect(getDeskewTransform({ ...pm, rotationDeg: 0 })).toBeUndefined();
  });

  it('shades a lead panel column by column along its profile, scaled by its share', () => {
    const n = 1250;
    const cols = computeSaliencyColumns({ lead: 'V2', share: 0.2, profile: [0, 0.5, 1] }, 0.2, n, FS, pm);
    expect(cols).toHaveLength(2); // a zero column draws nothing
    expect(cols.map((c) => c.opacity)).toEqual([0.5 * ECG_SALIENCY_MAX_OPACITY, ECG_SALIENCY_MAX_OPACITY]);
    const xLast = pm.originX + ((n - 1) / FS) * pm.pxPerSecond;
    expect(cols[1]!.x + cols[1]!.width).toBeCloseTo(xLast, 6); // the last point's column ends at the last sample
    expect(cols[0]!.x + cols[0]!.width).toBeCloseTo(cols[1]!.x, 6);
    expect(cols[0]!.y).toBe(pm.panel.y);
    expect(cols[0]!.height).toBe(pm.panel.height);
    const weaker = computeSaliencyColumns({ lead: 'V2', share: 0.05, profile: [0, 0.5, 1] }, 0.2, n, FS, pm);
    expect(weaker.map((c) => c.opacity)).toEqual(cols.map((c) => c.opacity / 4));
    expect(computeSaliencyColumns({ lead: 'V2', share: 0.1, profile: [] }, 0.2, n, FS, pm)).toEqual([]);
  });

  it('zooms onto one panel with a margin, and shows the whole scan otherwise', () => {
    expect(computeSheetViewBox(2213, 1572, null)).toEqual({ x: 0, y: 0, width: 2213, height: 1572 });
    const box = computeSheetViewBox(2213, 1572, pm);
    const panel = computePanelSourceBox(pm);
    expect(box.x).toBeLessThan(panel.x);
    expect(box.y).toBeLessThan(panel.y);
    expect(box.x + box.width).toBeGreaterThan(panel.x + panel.width);
    expect(box.y + box.height).toBeGreaterThan(panel.y + panel.height);
    expect(box.width).toBeLessThan(2213 / 3);
    // Rotation makes the panel's bounding box on the scan slightly larger than the panel.
    expect(panel.width).toBeGreaterThan(pm.panel.width);
  });

  it('states the record uncertainty as a share of the largest possible entropy', () => {
    expect(computeRecordUncertainty(Math.log(4), 4)).toBeCloseTo(1, 9);
    expect(computeRecordUncertainty(0, 4)).toBe(0);
  });
});
