export interface CalibrationPulse {
  /** Columns (path-relative) of the pulse's rise and fall. */
  start: number;
  end: number;
  /** Row of the pulse's foot: the trace's 0 mV line. */
  baseRow: number;
  heightPx: number;
  /** Where the trace proper begins, path-relative column. */
  traceStart: number;
}

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
}

/**
 * The 1 mV reference pulse a cart prints at the start of a row: a flat top 1.5–8 mm wide (some carts
 * print 2 mm, which a scan's blur narrows) standing
 * 10 mm (±40 %) above a flat foot, within the first 20 mm of the row. A QRS complex is narrower
 * and has no flat top, so it is not taken for one.
 */
export function detectCalibrationPulse(ys: Float64Array, pxPerMmX: number, pxPerMmY: number): CalibrationPulse | null {
  const n = ys.length;
  const searchEnd = Math.min(n, Math.round(20 * pxPerMmX));
  const nominal = 10 * pxPerMmY;
  // Foot: the lowest common level (largest row) of the search window is where the pulse stands.
  const vals: number[] = [];
  for (let c = 0; c < Math.min(n, Math.round(30 * pxPerMmX)); c++) if (!Number.isNaN(ys[c]!)) vals.push(ys[c]!);
  if (vals.length < 5) return null;
  const foot = median(vals);
  let c = 0;
  while (c < searchEnd) {
    if (Number.isNaN(ys[c]!) || foot - ys[c]! < 0.6 * nominal) {
      c++;
      continue;
    }
    const a = c;
    while (c < n && !Number.isNaN(ys[c]!) && foot - ys[c]! >= 0.6 * nominal) c++;
    const width = c - a;
    if (width < 1.5 * pxPerMmX || width > 8 * pxPerMmX) continue;
    const inner: number[] = [];
    const m = Math.floor(width * 0.2);
    for (let k = a + m; k < c - m; k++) inner.push(ys[k]!);
    const lo = Math.min(...inner);
    const hi = Math.max(...inner);
    if (hi - lo > 0.6 * pxPerMmY) continue;
    // The foot on either side: rows just outside the top, back near the base level.
    const before: number[] = [];
    for (let k = Math.max(0, a - Math.round(2 * pxPerMmX)); k < a - 1; k++)
      if (!Number.isNaN(ys[k]!)) before.push(ys[k]!);
    const after: number[] = [];
    let t = c;
    while (t < n && (Number.isNaN(ys[t]!) || Math.abs(ys[t]! - foot) > 1.5 * pxPerMmY) && t < c + 3 * pxPerMmX) t++;
    for (let k = t; k < Math.min(n, t + Math.round(1.5 * pxPerMmX)); k++) if (!Number.isNaN(ys[k]!)) after.push(ys[k]!);
    const baseRow = after.length ? median(after) : before.length ? median(before) : foot;
    const heightPx = baseRow - median(inner);
    if (heightPx < 0.6 * nominal || heightPx > 1.4 * nominal) continue;
    return { start: a, end: c, baseRow, heightPx, traceStart: Math.min(n - 1, t + Math.round(0.5 * pxPerMmX)) };
  }
  return null;
}
