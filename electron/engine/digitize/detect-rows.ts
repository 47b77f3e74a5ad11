/** One row of traces on the page (deskewed frame): its resting line and horizontal extent. */
export interface TraceRow {
  baseline: number;
  /** Extent of the trace, followed past where it leaves its resting line. */
  x0: number;
  /** Exclusive. */
  x1: number;
  /**
   * Where the trace was first found on its resting line: before it, along the trace, may lie a
   * calibration pulse drawn with no gap, which is not trace.
   */
  lineX0: number;
  /** Band the row's trace may occupy. */
  y0: number;
  y1: number;
}

export interface RowOptions {
  threshold: number;
  pxPerMm: number;
  /** Rows closer than this are one row, mm. */
  minSeparationMm?: number;
  /** Shortest run of covered columns that counts as a trace (text never is this long), mm. */
  minSpanMm?: number;
}

/**
 * A row's resting line can sit this far (mm) from one end of the page to the other: baseline drift
 * (1.5 mV at 10 mm/mV), DC steps between panels and residual keystone tilt. The profile then peaks
 * at two lines, each holding only its part of the trace.
 */
const ECG_ROW_WANDER_MM = 15;
/**
 * Two such parts lie side by side: they share at most this share of the shorter one's columns
 * (where the trace crosses between their bands), while rows of one layout share nearly all of them.
 */
const ECG_SIDE_BY_SIDE_SHARE = 0.25;
/** ... and leave at most this gap (mm) between them, where a steep drift crosses neither band. */
const ECG_SIDE_BY_SIDE_GAP_MM = 10;

function smoothBox(p: Float64Array, w: number): Float64Array {
  const n = p.length;
  const c = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) c[i + 1] = c[i]! + p[i]!;
  const h = Math.floor(w / 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - h);
    const b = Math.min(n, i + h + 1);
    out[i] = (c[b]! - c[a]!) / (b - a);
  }
  return out;
}

/**
 * Stretches of columns with ink in [ya, yb), bridging gaps up to `tol` columns: the longest one,
 * and the extent of all stretches at least `minPiece` long (a panel gap or a tick splits a row).
 */
function findSpans(
  ink: Float32Array,
  width: number,
  ya: number,
  yb: number,
  thr: number,
  tol: number,
  minPiece: number,
) {
  let longest = 0;
  let x0 = width;
  let x1 = 0;
  let start = -1;
  let lastInk = -1;
  const close = () => {
    if (start < 0) return;
    const len = lastInk + 1 - start;
    longest = Math.max(longest, len);
    if (len >= minPiece) {
      x0 = Math.min(x0, start);
      x1 = Math.max(x1, lastInk + 1);
    }
  };
  for (let x = 0; x < width; x++) {
    let has = false;
    for (let y = ya; y < yb; y++) {
      if (ink[y * width + x]! >= thr) {
        has = true;
        break;
      }
    }
    if (!has) continue;
    if (start < 0 || x - lastInk > tol) {
      close();
      start = x;
    }
    lastInk = x;
  }
  close();
  return { longest, x0, x1 };
}

function columnHasInk(ink: Float32Array, width: number, x: number, ya: number, yb: number, thr: number): boolean {
  for (let y = ya; y < yb; y++) if (ink[y * width + x]! >= thr) return true;
  return false;
}

/**
 * Widen a row's extent past where its trace leaves the ±5 mm band it was found in (a drifting
 * baseline, a long complex at the ends), while its cell (half-way to the neighbouring rows) holds
 * ink with no gap over `tol` columns: the trace is continuous, text and page edges are not next to it.
 */
function extendAlongTrace(
  ink: Float32Array,
  width: number,
  row: TraceRow,
  ya: number,
  yb: number,
  thr: number,
  tol: number,
): void {
  let last = row.x1 - 1;
  for (let x = row.x1; x < width && x - last <= tol; x++) if (columnHasInk(ink, width, x, ya, yb, thr)) last = x;
  row.x1 = last + 1;
  let first = row.x0;
  for (let x = row.x0 - 1; x >= 0 && first - x <= tol; x--) if (columnHasInk(ink, width, x, ya, yb, thr)) first = x;
  row.x0 = first;
}

/** Whether rows a (above) and b are the two parts of one trace whose resting line wanders. */
function isSideBySide(a: TraceRow, b: TraceRow, mm: number): boolean {
  if (b.baseline - a.baseline > ECG_ROW_WANDER_MM * mm) return false;
  const shared = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const shorter = Math.min(a.x1 - a.x0, b.x1 - b.x0);
  return shared <= ECG_SIDE_BY_SIDE_SHARE * shorter && -shared <= ECG_SIDE_BY_SIDE_GAP_MM * mm;
}

/**
 * Join rows (sorted by baseline) that are parts of one wandering trace, in place: the joined row
 * spans both and rests on the longer part's line, and its band (set from its neighbours) holds both.
 */
function mergeSideBySide(rows: TraceRow[], mm: number): void {
  for (let i = 0; i + 1 < rows.length;) {
    const a = rows[i]!;
    const b = rows[i + 1]!;
    if (!isSideBySide(a, b, mm)) {
      i++;
      continue;
    }
    const longer = a.x1 - a.x0 >= b.x1 - b.x0 ? a : b;
    const lineX0 = Math.min(a.lineX0, b.lineX0);
    rows.splice(i, 2, { ...longer, x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), lineX0 });
  }
}

/**
 * Rows of traces: peaks of the horizontal projection of ink (a trace spends most of its time on
 * its baseline), kept when a long unbroken stretch of columns carries ink around them.
 */
export function detectTraceRows(ink: Float32Array, width: number, height: number, opts: RowOptions): TraceRow[] {
  const mm = opts.pxPerMm;
  const thr = opts.threshold;
  const prof = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let s = 0;
    const row = y * width;
    for (let x = 0; x < width; x++) if (ink[row + x]! >= thr) s++;
    prof[y] = s;
  }
  const sm = smoothBox(prof, Math.max(1, Math.round(0.5 * mm)) | 1);
  const sep = Math.max(3, Math.round((opts.minSeparationMm ?? 8) * mm));
  let mx = 0;
  for (let y = 0; y < height; y++) mx = Math.max(mx, sm[y]!);
  if (mx <= 0) return [];
  const order = Array.from({ length: height }, (_, i) => i).filter(
    (y) => sm[y]! >= 0.06 * mx && (y === 0 || sm[y]! >= sm[y - 1]!) && (y === height - 1 || sm[y]! >= sm[y + 1]!),
  );
  order.sort((a, b) => sm[b]! - sm[a]!);
  const half = Math.round(5 * mm);
  const minSpan = (opts.minSpanMm ?? 30) * mm;
  const rows: TraceRow[] = [];
  const failed: number[] = [];
  // Highest peak first; a peak must also carry a long stretch of trace to be a row. One that does
  // not still lets a line near it through when that line holds twice the stretch: a row of tall
  // complexes (or one tilted by keystone) spends little time on one line, and its highest profile
  // line may be where the trace leaves the ±5 mm band between beats while a line a few px away
  // holds it. Twice, so that a trace's own excursion beside its row (a clipped or wandering
  // stretch) does not become a row of its own.
  for (const y of order) {
    if (rows.some((r) => Math.abs(r.baseline - y) < sep)) continue;
    const need = failed.some((f) => Math.abs(f - y) < sep) ? 2 * minSpan : minSpan;
    const ya = Math.max(0, y - half);
    const yb = Math.min(height, y + half + 1);
    const span = findSpans(ink, width, ya, yb, thr, Math.round(2 * mm), Math.round(8 * mm));
    if (span.longest >= need) rows.push({ baseline: y, x0: span.x0, x1: span.x1, lineX0: span.x0, y0: 0, y1: height });
    else failed.push(y);
  }
  rows.sort((a, b) => a.baseline - b.baseline);
  mergeSideBySide(rows, mm);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const prev = rows[i - 1]?.baseline;
    const next = rows[i + 1]?.baseline;
    const reach = Math.round(30 * mm);
    r.y0 = Math.max(0, prev !== undefined ? Math.round(prev + 2 * mm) : r.baseline - reach);
    r.y1 = Math.min(height, next !== undefined ? Math.round(next - 2 * mm) : r.baseline + reach);
    const cy0 = Math.max(0, Math.round(prev !== undefined ? (prev + r.baseline) / 2 : r.baseline - reach / 2));
    const cy1 = Math.min(height, Math.round(next !== undefined ? (next + r.baseline) / 2 : r.baseline + reach / 2));
    extendAlongTrace(ink, width, r, cy0, cy1, thr, Math.round(2 * mm));
  }
  return rows;
}
