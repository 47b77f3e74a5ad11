import { describe, expect, it } from 'vitest';
import {
  computeCellRect,
  computeCellsInBand,
  computeGridLayout,
  computeIndexAt,
  computeScrollToShow,
  computeVisibleRange,
} from '../computeGridLayout';

describe('grid layout', () => {
  const layout = computeGridLayout(1000, 100_000, 132, 92, 6);

  it('fits whole columns of at least the minimum width', () => {
    expect(layout.cols).toBe(7);
    expect(layout.cellWidth).toBeGreaterThanOrEqual(132);
    expect(layout.cols * (layout.cellWidth + layout.gap) + layout.gap).toBeLessThanOrEqual(1000);
    expect(layout.rows).toBe(Math.ceil(100_000 / 7));
  });

  it('draws only the rows in view (plus overscan), whatever the set size', () => {
    const r = computeVisibleRange(layout, 500_000, 800, 100_000, 2);
    const pitch = layout.cellHeight + layout.gap;
    expect(r.firstRow).toBe(Math.floor(500_000 / pitch) - 2);
    expect(r.to - r.from).toBeLessThanOrEqual((Math.ceil(800 / pitch) + 5) * layout.cols);
    expect(computeVisibleRange(layout, 0, 800, 3, 2)).toMatchObject({ from: 0, to: 3 });
  });

  it('hit-tests a point back to the cell drawn there', () => {
    for (const i of [0, 6, 7, 12_345]) {
      const c = computeCellRect(layout, i);
      expect(computeIndexAt(layout, c.x + 3, c.y + 3, 100_000)).toBe(i);
    }
    expect(computeIndexAt(layout, 2, 2, 100_000)).toBeNull();
  });

  it('a rubber band from cell 8 to cell 16 covers the 2×3 block between them', () => {
    const a = computeCellRect(layout, 8);
    const b = computeCellRect(layout, 16);
    expect(computeCellsInBand(layout, b.x + 5, b.y + 5, a.x + 5, a.y + 5, 100_000)).toEqual([8, 9, 15, 16]);
  });

  it('scrolls only when the focused cell is out of view', () => {
    expect(computeScrollToShow(layout, 0, 0, 600)).toBeNull();
    const far = computeScrollToShow(layout, 700, 0, 600)!;
    const rect = computeCellRect(layout, 700);
    expect(rect.y + rect.height).toBeLessThanOrEqual(far + 600);
    expect(rect.y).toBeGreaterThanOrEqual(far);
  });
});
