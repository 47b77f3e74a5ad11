import { describe, expect, it } from 'vitest';
import { planArtifacts } from '../artifacts';
import { createPrng, deriveSeed } from '../prng';
import { createMask, drawSegment } from '../raster';
import { planShift } from '../shift';
import { drawText, measureText } from '../stroke-font';

describe('seeded PRNG', () => {
  it('repeats for a seed, differs between seeds and derived keys', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(createPrng(43).next()).not.toBe(xs[0]);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(1, 3));
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws normal deviates with mean 0 and sd 1', () => {
    const p = createPrng(7);
    const v = Array.from({ length: 20000 }, () => p.gaussian());
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});

describe('anti-aliased strokes', () => {
  it('covers a horizontal line with its width in ink per column, centred on its y', () => {
    for (const width of [0.6, 1.5, 3.2, 4.7]) {
      const m = createMask(40, 40);
      drawSegment(m, 5, 20.3, 35, 20.3, width / 2);
      const col = Array.from({ length: 40 }, (_, j) => m.data[j * 40 + 20]!);
      const ink = col.reduce((s, c) => s + c, 0);
      const centroid = col.reduce((s, c, j) => s + c * (j + 0.5), 0) / ink;
      expect(ink).toBeCloseTo(width, 0);
      expect(Math.abs(ink - width)).toBeLessThan(0.25);
      // A line thinner than a pixel can sit inside one row, which then carries all its ink.
      expect(Math.abs(centroid - 20.3)).toBeLessThan(width < 1 ? 0.5 : 0.1);
    }
  });

  it('draws text of the measured width', () => {
    const m = createMask(300, 40);
    const w = drawText(m, 'aVR V1 II', 10, 30, { capPx: 12, strokePx: 1.5 });
    expect(w).toBeGreaterThan(measureText('aVR V1 II', 12) - 1);
    let maxX = 0;
    for (let j = 0; j < 40; j++) for (let i = 0; i < 300; i++) if (m.data[j * 300 + i]! > 0.5) maxX = Math.max(maxX, i);
    expect(maxX).toBeGreaterThan(10 + measureText('aVR V1 II', 12) - 3);
    expect(maxX).toBeLessThan(10 + measureText('aVR V1 II', 12) + 3);
  });
});

describe('graded strengths', () => {
  it('makes each shift level stronger than the one below and level 0 a no-op', () => {
    const mean = (level: 0 | 1 | 2 | 3, key: 'baselineDrift' | 'noise') => {
      const p = createPrng(level + 1);
      return Array.from({ length: 200 }, () => planShift(level, p)[key]).reduce((s, x) => s + x, 0) / 200;
    };
    expect(planShift(0, createPrng(1))).toMatchObject({ amplitude: 1, baselineDrift: 0, noise: 0, timeWarp: 0 });
    for (const key of ['baselineDrift', 'noise'] as const) {
      expect(mean(1, key)).toBeLessThan(mean(2, key));
      expect(mean(2, key)).toBeLessThan(mean(3, key));
    }
  });

  it('keeps page rotation within ±5° and adds perspective, creases and marks only at high levels', () => {
    for (let s = 0; s < 50; s++) {
      const p1 = planArtifacts('sheet', 1, createPrng(s), 200, 2000, 1400);
      const p3 = planArtifacts('sheet', 3, createPrng(s), 200, 2000, 1400);
      expect(Math.abs(p1.rotationDeg)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(p3.rotationDeg)).toBeLessThanOrEqual(5);
      expect(p1.perspective).toBeNull();
      expect(p1.marks + p1.creases.length).toBe(0);
      expect(p3.marks).toBeGreaterThan(0);
      expect(p3.photocopy !== null || p3.fade !== null).toBe(true);
    }
    expect(planArtifacts('strip', 0, createPrng(1), 200, 10, 10)).toMatchObject({
      rotationDeg: 0,
      jpegQuality: null,
      noiseSigma: 0,
    });
  });
});
