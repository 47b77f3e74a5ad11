import { describe, expect, it } from 'vitest';
import { PixelMap } from '../../../../common/schemas/signal';
import { computePageTransform, planArtifacts } from '../artifacts';
import { applyHomography, invertHomography, mapImageToSignal, mapSignalToImage, rotatePoint } from '../pixel-map';
import { createPrng } from '../prng';

const MAP = PixelMap.parse({
  panel: { x: 100, y: 50, width: 500, height: 200 },
  originX: 100,
  originY: 150,
  pxPerSecond: 196.85,
  pxPerMv: 78.74,
  rotationDeg: -2.5,
  rotationCenterX: 400,
  rotationCenterY: 300,
});

describe('PixelMap helpers', () => {
  it('rotates clockwise on screen for a positive angle (y points down)', () => {
    const p = rotatePoint(10, 0, 90, 0, 0);
    expect(p.x).toBeCloseTo(0, 12);
    expect(p.y).toBeCloseTo(10, 12);
  });

  it('maps (t, mV) to the image and back', () => {
    for (const [t, mv] of [
      [0, 0],
      [1.25, -0.4],
      [2.5, 1.7],
    ] as const) {
      const p = mapSignalToImage(MAP, t, mv);
      const back = mapImageToSignal(MAP, p.x, p.y);
      expect(back.t).toBeCloseTo(t, 10);
      expect(back.mv).toBeCloseTo(mv, 10);
    }
    // Unrotated, the formula is the contract's: x = originX + t·pxPerSecond, y = originY − mV·pxPerMv.
    const flat = { ...MAP, rotationDeg: 0 };
    expect(mapSignalToImage(flat, 2, 0.5)).toEqual({ x: 100 + 2 * 196.85, y: 150 - 0.5 * 78.74 });
  });

  it("agrees with the renderer's page transform when the page is only rotated", () => {
    const plan = { ...planArtifacts('strip', 1, createPrng(3), 200, 800, 600), perspective: null, rotationDeg: 2.5 };
    const h = computePageTransform(plan, 800, 600);
    // The renderer states pixelMap.rotationDeg = −(page rotation), about the image centre.
    const map = { ...MAP, rotationDeg: -2.5 };
    const viaMap = mapSignalToImage(map, 0.8, 0.3);
    const viaH = applyHomography(h, MAP.originX + 0.8 * MAP.pxPerSecond, MAP.originY - 0.3 * MAP.pxPerMv);
    expect(viaMap.x).toBeCloseTo(viaH.x, 9);
    expect(viaMap.y).toBeCloseTo(viaH.y, 9);
  });

  it('inverts homographies, perspective included', () => {
    const plan = { ...planArtifacts('sheet', 3, createPrng(5), 200, 2000, 1400), perspective: { kx: 0.03, ky: -0.02 } };
    const h = computePageTransform(plan, 2000, 1400);
    const inv = invertHomography(h);
    for (const [x, y] of [
      [0, 0],
      [1999, 1399],
      [333, 1200],
    ] as const) {
      const q = applyHomography(inv, ...(Object.values(applyHomography(h, x, y)) as [number, number]));
      expect(q.x).toBeCloseTo(x, 8);
      expect(q.y).toBeCloseTo(y, 8);
    }
    // The centre stays put: rotation and keystone both act about it.
    const c = applyHomography(h, 1000, 700);
    expect(c.x).toBeCloseTo(1000, 9);
    expect(c.y).toBeCloseTo(700, 9);
  });
});
