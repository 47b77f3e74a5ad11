export const ECG_CELL_MIN_WIDTH = 132;
export const ECG_CELL_HEIGHT = 92;
export const ECG_CELL_GAP = 6;

export interface GridLayout {
  cols: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
  gap: number;
  /** Height of the scrolled content. */
  height: number;
}

/** Fit as many columns of at least `minWidth` as the width allows, stretching them to fill it. */
export function computeGridLayout(
  width: number,
  total: number,
  minWidth = ECG_CELL_MIN_WIDTH,
  cellHeight = ECG_CELL_HEIGHT,
  gap = ECG_CELL_GAP,
): GridLayout {
  const cols = Math.max(1, Math.floor((width - gap) / (minWidth + gap)));
  const cellWidth = Math.max(1, Math.floor((width - gap) / cols - gap));
  const rows = Math.ceil(total / cols);
  return { cols, rows, cellWidth, cellHeight, gap, height: rows * (cellHeight + gap) + gap };
}

export interface VisibleRange {
  firstRow: number;
  lastRow: number;
  /** Beat indices [from, to). */
  from: number;
  to: number;
}

/** Rows in view plus `overscan` rows either side; only these are drawn. */
export function computeVisibleRange(
  layout: GridLayout,
  scrollTop: number,
  viewHeight: number,
  total: number,
  overscan = 2,
): VisibleRange {
  const pitch = layout.cellHeight + layout.gap;
  const firstRow = Math.max(0, Math.floor(scrollTop / pitch) - overscan);
  const lastRow = Math.min(Math.max(0, layout.rows - 1), Math.ceil((scrollTop + viewHeight) / pitch) + overscan);
  return { firstRow, lastRow, from: firstRow * layout.cols, to: Math.min(total, (lastRow + 1) * layout.cols) };
}

export function computeCellRect(
  layout: GridLayout,
  index: number,
): { x: number; y: number; width: number; height: number } {
  const row = Math.floor(index / layout.cols);
  const col = index % layout.cols;
  return {
    x: layout.gap + col * (layout.cellWidth + layout.gap),
    y: layout.gap + row * (layout.cellHeight + layout.gap),
    width: layout.cellWidth,
    height: layout.cellHeight,
  };
}

/** Cell under a point of the scrolled content, or null over a gap or past the end. */
export function computeIndexAt(layout: GridLayout, x: number, y: number, total: number): number | null {
  const col = Math.floor((x - layout.gap) / (layout.cellWidth + layout.gap));
  const row = Math.floor((y - layout.gap) / (layout.cellHeight + layout.gap));
  if (col < 0 || col >= layout.cols || row < 0) return null;
  const index = row * layout.cols + col;
  return index < total ? index : null;
}

/** Indices of the cells a rubber band (content coordinates, any corner order) touches, in order. */
export function computeCellsInBand(
  layout: GridLayout,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  total: number,
): number[] {
  const [left, right] = x0 < x1 ? [x0, x1] : [x1, x0];
  const [top, bottom] = y0 < y1 ? [y0, y1] : [y1, y0];
  const pitchX = layout.cellWidth + layout.gap;
  const pitchY = layout.cellHeight + layout.gap;
  const c0 = Math.max(0, Math.floor((left - layout.gap) / pitchX));
  const c1 = Math.min(layout.cols - 1, Math.floor((right - layout.gap) / pitchX));
  const r0 = Math.max(0, Math.floor((top - layout.gap) / pitchY));
  const r1 = Math.floor((bottom - layout.gap) / pitchY);
  const out: number[] = [];
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * layout.cols + c;
      if (i >= total) return out;
      out.push(i);
    }
  }
  return out;
}

/** Scroll position that brings a row into view with the least movement, or null when it already is. */
export function computeScrollToShow(
  layout: GridLayout,
  index: number,
  scrollTop: number,
  viewHeight: number,
): number | null {
  const rect = computeCellRect(layout, index);
  if (rect.y < scrollTop) return Math.max(0, rect.y - layout.gap);
  if (rect.y + rect.height > scrollTop + viewHeight) return rect.y + rect.height + layout.gap - viewHeight;
  return null;
}
