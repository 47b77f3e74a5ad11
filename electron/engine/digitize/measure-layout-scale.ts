import { estimatePeriod } from './grid-period';

/** Below this comb contrast the dots' period is not taken as the grid's. */
const ECG_DOT_GRID_MIN_SCORE = 0.1;

export interface LayoutScale {
  pxPerMmX: number;
  pxPerMmY: number;
  score: number;
}

/**
 * Scale of a dotted grid from its dots inside the panel area: the period of their column and row
 * profiles near the scale the layout implies (its 10 s span is 250 mm at 25 mm/s), so the 0.5 mm
 * dot pitch along a line or the 5 mm major lines are not taken for the 1 mm box. Null when the
 * dots show no clear period there.
 */
export function measureDotGridScale(
  dots: number[],
  width: number,
  box: { x0: number; x1: number; y0: number; y1: number },
  priorPxPerMm: number,
): LayoutScale | null {
  const px = new Float64Array(box.x1 - box.x0);
  const py = new Float64Array(box.y1 - box.y0);
  for (const i of dots) {
    const y = Math.floor(i / width);
    const x = i - y * width;
    if (x < box.x0 || x >= box.x1 || y < box.y0 || y >= box.y1) continue;
    px[x - box.x0]!++;
    py[y - box.y0]!++;
  }
  const ex = estimatePeriod(px, priorPxPerMm * 0.85, priorPxPerMm * 1.15);
  const ey = estimatePeriod(py, priorPxPerMm * 0.85, priorPxPerMm * 1.15);
  if (ex.score < ECG_DOT_GRID_MIN_SCORE || ey.score < ECG_DOT_GRID_MIN_SCORE) return null;
  return { pxPerMmX: ex.period, pxPerMmY: ey.period, score: Math.min(ex.score, ey.score) };
}
