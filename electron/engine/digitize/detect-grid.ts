import { estimatePeriod, type PeriodEstimate } from './grid-period';

export interface GridEstimate {
  found: boolean;
  /** Pixels per mm along x (time) and y (voltage). */
  pxPerMmX: number;
  pxPerMmY: number;
  /** Comb contrast of the chosen period (0..1); above ~0.05 a grid is present. */
  score: number;
  notes: string[];
}

/** Resolution range read as ECG paper: ~40–1000 dpi. */
export const ECG_MIN_PX_PER_MM = 1.5;
export const ECG_MAX_PX_PER_MM = 40;
const ECG_GRID_MIN_SCORE = 0.2;
/** Share of grid-dark pixels below which there is no printed grid (anti-aliased trace edges alone). */
const ECG_GRID_MIN_SHARE = 0.01;

function profile(map: Float32Array, width: number, height: number, axis: 'x' | 'y'): Float64Array {
  const out = new Float64Array(axis === 'x' ? width : height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (axis === 'x') for (let x = 0; x < width; x++) out[x] = out[x]! + map[row + x]!;
    else {
      let s = 0;
      for (let x = 0; x < width; x++) s += map[row + x]!;
      out[y] = s;
    }
  }
  return out;
}

/** Small-box size in px from one axis: the fundamental is the 1 mm period unless it is a lone 5 mm one. */
function readAxis(est: PeriodEstimate): { pxPerMm: number; majorOnly: boolean } | null {
  if (est.score < ECG_GRID_MIN_SCORE || est.period === 0) return null;
  const p = est.period;
  // Heavier lines every fifth period: p is the 1 mm box. Without them the lines are either a
  // plain 1 mm grid or the 5 mm lines of an image too coarse to show the 1 mm ones (closer than
  // ~2 px); a spacing of 9 px or more would show its minor lines, so it is the 5 mm grid.
  if (est.fifthContrast > 0.05 || p < 9) return { pxPerMm: p, majorOnly: false };
  return { pxPerMm: p / 5, majorOnly: true };
}

/**
 * Find the paper grid's scale from the grid map (deskewed): period of the column and row
 * profiles. Minor (1 mm) lines every pixels-per-mm, major (5 mm) lines five times that.
 */
export function detectGrid(grid: Float32Array, width: number, height: number): GridEstimate {
  const notes: string[] = [];
  let dark = 0;
  for (let i = 0; i < grid.length; i += 7) if (grid[i]! > 0.06) dark++;
  if (dark / Math.ceil(grid.length / 7) < ECG_GRID_MIN_SHARE)
    return { found: false, pxPerMmX: 0, pxPerMmY: 0, score: 0, notes: ['no grid found'] };
  const ex = estimatePeriod(profile(grid, width, height, 'x'), ECG_MIN_PX_PER_MM, ECG_MAX_PX_PER_MM * 5);
  const ey = estimatePeriod(profile(grid, width, height, 'y'), ECG_MIN_PX_PER_MM, ECG_MAX_PX_PER_MM * 5);
  let ax = readAxis(ex);
  let ay = readAxis(ey);
  if (!ax && !ay)
    return { found: false, pxPerMmX: 0, pxPerMmY: 0, score: Math.max(ex.score, ey.score), notes: ['no grid found'] };
  // A page is 20–450 mm across; a reading outside that took the wrong multiple.
  const plausible = (a: { pxPerMm: number } | null, px: number) => !!a && px / a.pxPerMm <= 450 && px / a.pxPerMm >= 15;
  if (ax && !plausible(ax, width)) ax = null;
  if (ay && !plausible(ay, height)) ay = null;
  if (!ax && !ay)
    return {
      found: false,
      pxPerMmX: 0,
      pxPerMmY: 0,
      score: Math.max(ex.score, ey.score),
      notes: ['grid period implausible for a page'],
    };
  // Paper grids are square, so a coarse period along one axis alone is no grid: across the page it
  // is the rhythm (the QRS columns left in the grid map of a faded print), down it a row spacing.
  if ((ax && !ay && ax.majorOnly) || (ay && !ax && ay.majorOnly))
    return {
      found: false,
      pxPerMmX: 0,
      pxPerMmY: 0,
      score: Math.max(ex.score, ey.score),
      notes: [
        `no grid found: a lone ${ax ? 'horizontal' : 'vertical'} period of ${(ax ?? ay)!.pxPerMm * 5} px is not one`,
      ],
    };
  // Square boxes: when the axes disagree, trust the one that saw its 1 mm lines, then the clearer.
  if (ax && ay) {
    const r = ax.pxPerMm / ay.pxPerMm;
    if (Math.abs(r - 1) > 0.06) {
      let better = ex.score >= ey.score ? ax : ay;
      if (ax.majorOnly !== ay.majorOnly) better = ax.majorOnly ? ay : ax;
      else if (!ax.majorOnly && Math.abs(Math.max(r, 1 / r) - 5) < 0.3) better = r < 1 ? ax : ay; // the finer lines were seen
      notes.push(
        `grid periods disagree (x ${ax.pxPerMm.toFixed(2)}, y ${ay.pxPerMm.toFixed(2)} px/mm): used ${better === ax ? 'x' : 'y'}`,
      );
      ax = better;
      ay = better;
    }
  }
  let sx = ax ?? ay!;
  let sy = ay ?? ax!;
  // Lines ≥ 10 px apart read as 1 mm make the page under 100 mm wide: at that resolution its 1 mm
  // lines would show, so these are 5 mm lines with heavier 25 mm (1 s) ones.
  if (sx.pxPerMm >= 10 && width / sx.pxPerMm < 100 && (5 * width) / sx.pxPerMm <= 450) {
    notes.push(
      `lines ${sx.pxPerMm.toFixed(1)} px apart on a page that narrow are 5 mm lines: 1 mm = ${(sx.pxPerMm / 5).toFixed(2)} px`,
    );
    sx = { pxPerMm: sx.pxPerMm / 5, majorOnly: true };
    sy = { pxPerMm: sy.pxPerMm / 5, majorOnly: true };
  }
  if (sx.majorOnly || sy.majorOnly) notes.push('only 5 mm grid lines visible: small boxes taken as a fifth of them');
  return { found: true, pxPerMmX: sx.pxPerMm, pxPerMmY: sy.pxPerMm, score: Math.max(ex.score, ey.score), notes };
}
