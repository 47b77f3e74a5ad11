import { describe, expect, it } from 'vitest';
import { detectTraceRows } from '../detect-rows';

describe('detectTraceRows', () => {
  it('finds a row beside a heavier broken line that does not carry a trace', () => {
    const mm = 8;
    const width = 200 * mm;
    const height = 60 * mm;
    const ink = new Float32Array(width * height);
    const put = (x: number, y: number) => (ink[y * width + x] = 1);
    // A heavy dashed rule at 20 mm (20 mm dashes, 4 mm gaps: never 30 mm unbroken), the highest
    // line of the ink profile; a thin unbroken trace 6 mm below it, within one row's separation.
    const rule = 20 * mm;
    for (let x = 0; x < width; x++) {
      if (x % (24 * mm) < 20 * mm) for (let y = rule - 3; y <= rule + 3; y++) put(x, y);
      put(x, rule + 6 * mm);
    }
    const rows = detectTraceRows(ink, width, height, { threshold: 0.5, pxPerMm: mm });
    expect(rows).toHaveLength(1);
    expect(Math.abs(rows[0]!.baseline - (rule + 6 * mm))).toBeLessThanOrEqual(2);
    expect(rows[0]!.x1 - rows[0]!.x0).toBeGreaterThan(190 * mm);
  });

  it('does not make a row of a short stretch beside such a line (a trace’s excursion off its row)', () => {
    const mm = 8;
    const width = 200 * mm;
    const height = 60 * mm;
    const ink = new Float32Array(width * height);
    const rule = 20 * mm;
    for (let x = 0; x < width; x++) {
      if (x % (24 * mm) < 20 * mm) for (let y = rule - 3; y <= rule + 3; y++) ink[y * width + x] = 1;
      // 40 mm unbroken: a row on its own, not beside a line that failed.
      if (x >= 50 * mm && x < 90 * mm)
        for (let y = rule + 6 * mm - 1; y <= rule + 6 * mm + 1; y++) ink[y * width + x] = 1;
    }
    expect(detectTraceRows(ink, width, height, { threshold: 0.5, pxPerMm: mm })).toEqual([]);
  });

  it('keeps a trace whose resting line wanders 10 mm across the page as one row, ends included', () => {
    const mm = 8;
    const width = 200 * mm;
    const height = 80 * mm;
    const ink = new Float32Array(width * height);
    // The first 90 mm rest at 45 mm, the rest at 35 mm (a drift the profile sees as two lines, each
    // holding only its part); the last 15 mm rise 8 mm, off the ±5 mm band of either line.
    const rest = (x: number) => (x < 90 * mm ? 45 * mm : 35 * mm) - (x >= 185 * mm ? 8 * mm : 0);
    for (let x = 0; x < width; x++) for (let d = -1; d <= 1; d++) ink[(rest(x) + d) * width + x] = 1;
    // The steps are joined by vertical strokes, as a drawn trace is.
    for (const x of [90 * mm, 185 * mm])
      for (let y = Math.min(rest(x - 1), rest(x)); y <= Math.max(rest(x - 1), rest(x)); y++) ink[y * width + x] = 1;
    const rows = detectTraceRows(ink, width, height, { threshold: 0.5, pxPerMm: mm });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.x0).toBe(0);
    expect(rows[0]!.x1).toBe(width);
    // Its band holds both halves.
    expect(rows[0]!.y0).toBeLessThan(27 * mm - 1);
    expect(rows[0]!.y1).toBeGreaterThan(45 * mm + 1);
  });
});
