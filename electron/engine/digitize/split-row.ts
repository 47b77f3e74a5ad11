import type { TracePath } from './trace-path';

function medianOf(ys: Float64Array, a: number, b: number): number {
  const v: number[] = [];
  for (let c = Math.max(0, a); c < Math.min(ys.length, b); c++) if (!Number.isNaN(ys[c]!)) v.push(ys[c]!);
  v.sort((p, q) => p - q);
  return v.length ? v[v.length >> 1]! : NaN;
}

/** Longest vertical ink run in column x between rows ya and yb. */
function longestRun(
  ink: Float32Array,
  width: number,
  height: number,
  x: number,
  ya: number,
  yb: number,
  thr: number,
): number {
  let best = 0;
  let run = 0;
  for (let y = Math.max(0, ya); y < Math.min(height, yb); y++) {
    if (ink[y * width + x]! >= thr) best = Math.max(best, ++run);
    else run = 0;
  }
  return best;
}

/**
 * Evidence that a row is the standard four 2.5 s panels rather than one 10 s lead, at each
 * quarter point: a gap in the trace, a step between two leads' baselines, or a separator tick
 * (an isolated vertical bar 1.5–12 mm tall, or a separator line running across the rows, with
 * short runs either side, unlike a QRS flank).
 * Returns how many of the three boundaries show it.
 */
export function countPanelBoundaries(
  ink: Float32Array,
  width: number,
  height: number,
  path: TracePath,
  start: number,
  end: number,
  pxPerMm: number,
  thr: number,
  /** Off where a dark grid was erased: its leftover vertical lines look like ticks. */
  useTicks = true,
): number {
  const { ys, top, thickness } = path;
  let found = 0;
  const w = Math.round(1.5 * pxPerMm);
  const side = Math.max(2, Math.ceil(thickness) + 1, Math.round(0.8 * pxPerMm));
  for (let k = 1; k <= 3; k++) {
    const b = Math.round(start + ((end - start) * k) / 4);
    let gap = 0;
    let tick = false;
    const yRef = medianOf(ys, b - Math.round(3 * pxPerMm), b + Math.round(3 * pxPerMm));
    for (let c = b - w; c <= b + w; c++) {
      if (c < 0 || c >= ys.length) continue;
      if (top[c]! < 0) gap++;
      if (!useTicks || tick || Number.isNaN(yRef)) continue;
      const x = path.x0 + c;
      const ya = Math.round(yRef - 8 * pxPerMm);
      const yb = Math.round(yRef + 8 * pxPerMm);
      const run = longestRun(ink, width, height, x, ya, yb, thr);
      // A separator line drawn across the rows fills the whole window; a QRS flank does not.
      if (run < 1.5 * pxPerMm || (run > 12 * pxPerMm && run < yb - ya)) continue;
      const l = x - side >= 0 ? longestRun(ink, width, height, x - side, ya, yb, thr) : 0;
      const r = x + side < width ? longestRun(ink, width, height, x + side, ya, yb, thr) : 0;
      if (l < 0.4 * run && r < 0.4 * run) tick = true;
    }
    const left = medianOf(ys, b - Math.round(4 * pxPerMm), b - Math.round(0.5 * pxPerMm));
    const right = medianOf(ys, b + Math.round(0.5 * pxPerMm), b + Math.round(4 * pxPerMm));
    const step = Math.abs(left - right) > Math.max(1.5 * pxPerMm, 3 * thickness);
    if (gap >= Math.max(2, 0.5 * pxPerMm) || tick || step) found++;
  }
  return found;
}
