import type { CalibrationPulse } from './calibration-pulse';
import { countPanelBoundaries } from './split-row';
import type { TracePath } from './trace-path';

/** A row of trace followed across the page (deskewed frame), columns relative to `path.x0`. */
export interface TracedRow {
  path: TracePath;
  start: number;
  /** Exclusive. */
  end: number;
  pulse: CalibrationPulse | null;
  baseline: number;
  y0: number;
  y1: number;
}

/** The standard report: three rows of four 2.5 s panels over one 10 s span, rhythm strips below. */
export interface PanelLayout {
  /** Indices into the traced rows: the three panel rows, top-down. */
  panelRows: number[];
  /** Indices of the rhythm strips below them. */
  rhythmRows: number[];
  /** Rows above the panels (header text, rules) left out. */
  headerRows: number[];
  /** Absolute columns (deskewed frame) where the 10 s span starts and ends (exclusive). */
  x0: number;
  x1: number;
}

/** A row lasting this long (s) is a full row of the layout; the span they share must be ~10 s. */
const ECG_FULL_ROW_S: [number, number] = [8, 12];
const ECG_LAYOUT_SPAN_S: [number, number] = [9, 11];
/**
 * The layout's first row spans most of the 10 s (one blank panel leaves 7.5 s); lines of a header
 * table above the grid (measurements, interpretation) are shorter, so they are not taken for it.
 * Rows below it need only a panel or two (blank panels break them up).
 */
const ECG_MIN_FIRST_ROW_S = 6.9;
/**
 * A row lies within the layout's span when its ends are within this of the span's (mm): a faint or
 * keystoned trace's end is read a few mm off (a stroke's end, a mark beside it), and 4 mm left the
 * first panel row of a rendered sheet out as a header (its trace read 5.7 mm past the others').
 */
const ECG_LAYOUT_SLACK_MM = 8;
const ECG_MIN_ROW_S = 2;

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
}

/**
 * Find the 3×4 + rhythm layout among the traced rows. The 10 s span is what the full rows agree
 * on (a row with a blank panel is shorter, so it does not set it); rows within that span are the
 * layout's rows, rows above the first of them are header. The first three are panel rows when
 * their quarter points show boundaries (separator ticks, gaps, steps); the rest are rhythm strips.
 * Null when the page is not laid out that way.
 */
export function detectPanelLayout(
  traced: TracedRow[],
  ink: Float32Array,
  width: number,
  height: number,
  pxPerMm: number,
  pxPerSecond: number,
  threshold: number,
  useTicks: boolean,
): PanelLayout | null {
  const spans = traced.map((t) => ({ a: t.path.x0 + t.start, b: t.path.x0 + t.end }));
  const full = spans.filter((s) => {
    const d = (s.b - s.a) / pxPerSecond;
    return d > ECG_FULL_ROW_S[0] && d < ECG_FULL_ROW_S[1];
  });
  if (full.length < 2) return null;
  const x0 = Math.round(median(full.map((s) => s.a)));
  const x1 = Math.round(median(full.map((s) => s.b)));
  const span = (x1 - x0) / pxPerSecond;
  if (!(span > ECG_LAYOUT_SPAN_S[0] && span < ECG_LAYOUT_SPAN_S[1])) return null;
  const slack = ECG_LAYOUT_SLACK_MM * pxPerMm;
  const inSpan: number[] = [];
  spans.forEach((s, r) => {
    if (s.a >= x0 - slack && s.b <= x1 + slack && (s.b - s.a) / pxPerSecond >= ECG_MIN_ROW_S) inSpan.push(r);
  });
  if (inSpan.length < 3) return null;
  const first = inSpan.find((r) => (spans[r]!.b - spans[r]!.a) / pxPerSecond >= ECG_MIN_FIRST_ROW_S);
  if (first === undefined) return null;
  // The layout is contiguous from its first row down: a stray line between rows is not a row of it.
  const rows = inSpan.filter((r) => r >= first);
  if (rows.length < 3) return null;
  const panelRows = rows.slice(0, 3);
  let evidence = 0;
  for (const r of panelRows) {
    const t = traced[r]!;
    const a = Math.max(0, x0 - t.path.x0);
    const b = Math.min(t.path.ys.length, x1 - t.path.x0);
    evidence += countPanelBoundaries(ink, width, height, t.path, a, b, pxPerMm, threshold, useTicks);
  }
  if (evidence < 3) return null;
  // Carts print one to three rhythm strips; more full rows below make another layout (6×2, 12×1).
  const rhythmRows = rows.slice(3);
  if (rhythmRows.length > 3) return null;
  const headerRows: number[] = [];
  for (let r = 0; r < first; r++) headerRows.push(r);
  return { panelRows, rhythmRows, headerRows, x0, x1 };
}
