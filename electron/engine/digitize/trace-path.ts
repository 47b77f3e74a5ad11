/** A horizontal band of the deskewed ink map that holds one trace. */
export interface TraceBand {
  x0: number;
  /** Exclusive. */
  x1: number;
  y0: number;
  /** Exclusive. */
  y1: number;
  /** Row the trace rests on (its isoelectric line); a weak prior for the path. */
  baseline: number;
}

export interface TracePath {
  x0: number;
  /** Trace row per column (sub-pixel), NaN where no trace was found. */
  ys: Float64Array;
  /** Ink run chosen per column, [top, bottom] rows inclusive; −1 where none. */
  top: Int32Array;
  bottom: Int32Array;
  /** Typical stroke thickness in pixels. */
  thickness: number;
  /** Share of columns where the path sits on ink. */
  coverage: number;
}

export interface TracePathOptions {
  threshold: number;
  pxPerMm: number;
  /** Largest horizontal gap bridged inside the path, mm. */
  maxGapMm?: number;
  /** Gaps up to this wide are filled by interpolation, wider ones stay NaN, mm. */
  fillGapMm?: number;
}

const MAX_RUNS = 12;

/**
 * Follow one trace across the band by dynamic programming over the ink runs of each column:
 * cost = paleness of the run + the vertical distance between consecutive runs that no ink
 * bridges + a small pull towards the baseline; skipped columns cost more than any run. Text,
 * grid remnants and a neighbouring lead's spikes then cost more than the continuous trace.
 */
export function extractTracePath(ink: Float32Array, width: number, band: TraceBand, opts: TracePathOptions): TracePath {
  const { x0, x1, y0, y1, baseline } = band;
  const ncol = x1 - x0;
  const thr = opts.threshold;
  const mm = opts.pxPerMm;
  const colStart = new Int32Array(ncol + 1);
  const tops = new Int32Array(ncol * MAX_RUNS);
  const bots = new Int32Array(ncol * MAX_RUNS);
  const masses = new Float64Array(ncol * MAX_RUNS);
  let nRuns = 0;
  const cand = { top: new Int32Array(256), bot: new Int32Array(256), mass: new Float64Array(256) };
  const order = new Int32Array(256);
  const bridge = Math.max(2, Math.round(0.3 * mm));
  const weak = thr * 0.4;
  for (let c = 0; c < ncol; c++) {
    const x = x0 + c;
    let k = 0;
    let y = y0;
    while (y < y1) {
      if (ink[y * width + x]! < thr) {
        y++;
        continue;
      }
      const t = y;
      let m = 0;
      // A thin steep stroke fades between its anti-aliased pixels: bridge short paler breaks.
      for (;;) {
        while (y < y1 && ink[y * width + x]! >= thr) m += ink[y++ * width + x]!;
        let g = y;
        while (g < y1 && g - y < bridge && ink[g * width + x]! >= weak) g++;
        if (g > y && g < y1 && ink[g * width + x]! >= thr) {
          for (let q = y; q < g; q++) m += ink[q * width + x]!;
          y = g;
        } else break;
      }
      if (k < 256) {
        cand.top[k] = t;
        cand.bot[k] = y - 1;
        cand.mass[k] = m;
        k++;
      }
    }
    for (let i = 0; i < k; i++) order[i] = i;
    let keep = k;
    if (k > MAX_RUNS) {
      // Keep the heaviest runs when a column is crowded (text, hatching), in top-down order.
      const sorted = Array.from(order.subarray(0, k))
        .sort((a, b) => cand.mass[b]! - cand.mass[a]!)
        .slice(0, MAX_RUNS)
        .sort((a, b) => a - b);
      for (let i = 0; i < MAX_RUNS; i++) order[i] = sorted[i]!;
      keep = MAX_RUNS;
    }
    colStart[c] = nRuns;
    for (let i = 0; i < keep; i++) {
      const o = order[i]!;
      tops[nRuns] = cand.top[o]!;
      bots[nRuns] = cand.bot[o]!;
      masses[nRuns] = cand.mass[o]!;
      nRuns++;
    }
  }
  colStart[ncol] = nRuns;
  const cost = new Float64Array(nRuns);
  const back = new Int32Array(nRuns).fill(-1);
  const gapCost = 2;
  const jumpPerMm = 0.5;
  const shiftPerMm = 0.05;
  const basePerMv = 0.05;
  const maxGap = Math.max(2, Math.round((opts.maxGapMm ?? 4) * mm));
  for (let c = 0; c < ncol; c++) {
    for (let j = colStart[c]!; j < colStart[c + 1]!; j++) {
      const tj = tops[j]!;
      const bj = bots[j]!;
      const cj = (tj + bj) / 2;
      const len = bj - tj + 1;
      const pale = 1 - Math.min(1, masses[j]! / len);
      const node = 0.5 * pale + (basePerMv * Math.abs(cj - baseline)) / (10 * mm);
      let best = gapCost * c;
      let arg = -1;
      for (let d = 1; d <= maxGap && c - d >= 0; d++) {
        const skip = gapCost * (d - 1);
        if (skip >= best) break;
        for (let i = colStart[c - d]!; i < colStart[c - d + 1]!; i++) {
          const ti = tops[i]!;
          const bi = bots[i]!;
          const vgap = Math.max(0, tj - bi - 1, ti - bj - 1);
          const shift = Math.abs((ti + bi) / 2 - cj);
          const v = cost[i]! + skip + (jumpPerMm * vgap) / mm + (shiftPerMm * shift) / mm;
          if (v < best) {
            best = v;
            arg = i;
          }
        }
      }
      cost[j] = best + node;
      back[j] = arg;
    }
  }
  let end = -1;
  let endCost = gapCost * ncol;
  for (let c = 0; c < ncol; c++) {
    for (let j = colStart[c]!; j < colStart[c + 1]!; j++) {
      const v = cost[j]! + gapCost * (ncol - 1 - c);
      if (v < endCost) {
        endCost = v;
        end = j;
      }
    }
  }
  const top = new Int32Array(ncol).fill(-1);
  const bottom = new Int32Array(ncol).fill(-1);
  // Column of each run, for the back-trace.
  const runCol = new Int32Array(nRuns);
  for (let c = 0; c < ncol; c++) for (let j = colStart[c]!; j < colStart[c + 1]!; j++) runCol[j] = c;
  let covered = 0;
  for (let j = end; j >= 0; j = back[j]!) {
    const c = runCol[j]!;
    top[c] = tops[j]!;
    bottom[c] = bots[j]!;
    covered++;
  }
  const thickness = estimateThickness(top, bottom);
  const ys = computeColumnValues(top, bottom, thickness);
  fillShortGaps(ys, Math.round((opts.fillGapMm ?? 1) * mm));
  return { x0, ys, top, bottom, thickness, coverage: ncol ? covered / ncol : 0 };
}

/** Median run height over columns where the trace is nearly flat. */
function estimateThickness(top: Int32Array, bottom: Int32Array): number {
  const h: number[] = [];
  for (let c = 1; c < top.length; c++) {
    if (top[c]! < 0 || top[c - 1]! < 0) continue;
    if (Math.abs(top[c]! - top[c - 1]!) <= 1 && Math.abs(bottom[c]! - bottom[c - 1]!) <= 1)
      h.push(bottom[c]! - top[c]! + 1);
  }
  if (!h.length) return 1;
  h.sort((a, b) => a - b);
  return h[h.length >> 1]!;
}

/**
 * One row per column. A pen of width w inks, in column c, the trace's rows over x ∈ c ± w/2, so a
 * run's centre is biased wherever the trace bends within a pen width (QRS flanks). The rows the
 * trace crosses at c itself are the ones every column within the pen's reach also inks: the
 * intersection of the neighbouring runs, whose middle is taken. Where a spike is narrower than
 * the pen (this column's run reaches past all its neighbours'), the tip is half a pen inside the
 * run's outer edge.
 */
function computeColumnValues(top: Int32Array, bottom: Int32Array, thickness: number): Float64Array {
  const n = top.length;
  const ys = new Float64Array(n).fill(NaN);
  const half = (thickness - 1) / 2;
  const reach = Math.max(1, Math.floor(thickness / 2) - 1);
  const short = (c: number) => top[c]! >= 0 && bottom[c]! - top[c]! + 1 <= 2 * thickness + 1;
  for (let c = 0; c < n; c++) {
    const t = top[c]!;
    if (t < 0) continue;
    const b = bottom[c]!;
    const len = b - t + 1;
    if (len > 3 * thickness + 2) {
      // A grid line crossing the trace: tall, reaching past its short neighbours both above and below.
      let l = c - 1;
      while (l >= Math.max(0, c - 4) && !short(l)) l--;
      let r = c + 1;
      while (r <= Math.min(n - 1, c + 4) && !short(r)) r++;
      if (l >= 0 && r < n && short(l) && short(r)) {
        const lo = Math.min(top[l]!, top[r]!);
        const hi = Math.max(bottom[l]!, bottom[r]!);
        if (t < lo - thickness - 1 && b > hi + thickness + 1) continue;
      }
    }
    if (len <= thickness + 1) {
      ys[c] = (t + b) / 2;
      continue;
    }
    let maxTop = t;
    let minTop = t;
    let minBot = b;
    let maxBot = b;
    for (let j = c - reach; j <= c + reach; j++) {
      if (j === c || j < 0 || j >= n || top[j]! < 0) continue;
      maxTop = Math.max(maxTop, top[j]!);
      minTop = Math.min(minTop, top[j]!);
      minBot = Math.min(minBot, bottom[j]!);
      maxBot = Math.max(maxBot, bottom[j]!);
    }
    const upTip = t <= minTop;
    const downTip = b >= maxBot;
    if (upTip && !downTip) ys[c] = t + half;
    else if (downTip && !upTip) ys[c] = b - half;
    else ys[c] = (maxTop + minBot) / 2;
  }
  return ys;
}

function fillShortGaps(ys: Float64Array, maxFill: number): void {
  const n = ys.length;
  let c = 0;
  while (c < n) {
    if (!Number.isNaN(ys[c]!)) {
      c++;
      continue;
    }
    const a = c;
    while (c < n && Number.isNaN(ys[c]!)) c++;
    const len = c - a;
    if (a > 0 && c < n && len <= maxFill) {
      const ya = ys[a - 1]!;
      const yb = ys[c]!;
      for (let k = 0; k < len; k++) ys[a + k] = ya + ((yb - ya) * (k + 1)) / (len + 1);
    }
  }
}
