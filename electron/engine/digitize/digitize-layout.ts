import type { Box } from '../../../common/schemas/primitives';
import { buildPanelLead, type DigitizedLead, type PanelFrame } from './build-panel-lead';
import { detectCalibrationPulse } from './calibration-pulse';
import type { PanelLayout, TracedRow } from './detect-panel-layout';
import { ECG_LAYOUT_3X4 } from './lead-names';
import { extractTracePath } from './trace-path';

/** Where one panel of the 3×4 + rhythm layout sits on the page and in the recording's time. */
export interface SheetPanel {
  lead: string;
  /** 0..2 for the panel rows, 3.. for rhythm strips. */
  row: number;
  column: number;
  /** Source-image pixels (deskewed frame). */
  box: Box;
  /** Seconds from the start of the rhythm strip's time axis to the panel's first sample. */
  startTime: number;
  duration: number;
  /** Whether a trace was found in it (false: blank or flat, so no lead). */
  found: boolean;
  coverage: number;
}

export interface LayoutDigitization {
  leads: DigitizedLead[];
  dropped: { name: string; reason: string }[];
  panels: SheetPanel[];
  notes: string[];
}

/** The rhythm strip's lead when its first 2.5 s cannot be matched to a limb-lead panel. */
export const ECG_DEFAULT_RHYTHM_LEAD = 'II';
const ECG_RHYTHM_MATCH_MIN_R = 0.8;
/** A panel traced over less than this share is blank (or unreadable): no lead. */
const ECG_MIN_PANEL_COVERAGE = 0.5;

/** Where the trace proper starts: after the calibration pulse, past the gap that follows it. */
export function findTraceStart(row: TracedRow, fallback: number, pxPerMm: number): number {
  const { path, pulse } = row;
  let start = fallback;
  if (pulse) {
    start = pulse.end + Math.round(pxPerMm);
    for (let c = pulse.end; c < Math.min(path.ys.length, pulse.end + 6 * pxPerMm); c++) {
      if (path.top[c]! < 0) {
        while (c < path.ys.length && path.top[c]! < 0) c++;
        start = c;
        break;
      }
    }
  }
  return start;
}

function correlate(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  let sa = 0;
  let sb = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) continue;
    sa += a[i]!;
    sb += b[i]!;
    k++;
  }
  if (k < 100) return NaN;
  const ma = sa / k;
  const mb = sb / k;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) continue;
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
}

/**
 * The rhythm strip records at the same time as the first column, so its first 2.5 s is one of
 * I, II or III sample for sample: the best clear match names it (labels are not read).
 */
function nameRhythmLead(rhythm: Float64Array, firstColumn: Map<string, Float64Array>, notes: string[]): string {
  const scores = [...firstColumn].map(([name, s]) => ({ name, r: correlate(rhythm, s) }));
  scores.sort((p, q) => (Number.isNaN(q.r) ? -1 : q.r) - (Number.isNaN(p.r) ? -1 : p.r));
  const best = scores[0];
  const second = scores[1];
  if (best && best.r >= ECG_RHYTHM_MATCH_MIN_R && (!second || Number.isNaN(second.r) || best.r - second.r >= 0.1)) {
    notes.push(`rhythm strip is lead ${best.name}: its first 2.5 s matches that panel (r = ${best.r.toFixed(2)})`);
    return best.name;
  }
  notes.push(`rhythm strip taken as lead ${ECG_DEFAULT_RHYTHM_LEAD}: no limb-lead panel matches its first 2.5 s`);
  return ECG_DEFAULT_RHYTHM_LEAD;
}

/**
 * Read the 3×4 + rhythm layout: each of its rows traced again across the shared 10 s span
 * (within bands bounded by its neighbours, so header text above is not followed), split into
 * its quarter panels, named in the standard order, and placed on the rhythm strip's time axis.
 */
export function digitizeLayout(
  ink: Float32Array,
  traced: TracedRow[],
  layout: PanelLayout,
  frame: PanelFrame,
  threshold: number,
  pxPerMmX: number,
  pxPerMmY: number,
): LayoutDigitization {
  const notes: string[] = ['3×4 layout with rhythm strip: lead names assumed from the panel positions'];
  const rowIdx = [...layout.panelRows, ...layout.rhythmRows];
  const baselines = rowIdx.map((r) => traced[r]!.baseline);
  const { width, height } = frame;
  const margin = Math.round(15 * pxPerMmX);
  // Each panel's path starts and ends a few mm inside its neighbours, so labels and separators at
  // its edges are passed with the trace's own continuity.
  const overlap = Math.round(4 * pxPerMmX);
  const bands = baselines.map((b, i) => {
    const up = i > 0 ? b - baselines[i - 1]! : baselines[i + 1]! - b;
    const down = i + 1 < baselines.length ? baselines[i + 1]! - b : up;
    return {
      y0: Math.max(0, Math.round(b - up + 2 * pxPerMmY)),
      y1: Math.min(height, Math.round(b + down - 2 * pxPerMmY)),
    };
  });
  const xEnd = Math.min(width, layout.x1);
  /** Each panel is traced on its own, so a blank or broken panel cannot pull its neighbours' paths. */
  const tracePart = (i: number, xa: number, xb: number): TracedRow => {
    const b = baselines[i]!;
    const path = extractTracePath(
      ink,
      width,
      { x0: xa, x1: xb, y0: bands[i]!.y0, y1: bands[i]!.y1, baseline: b },
      { threshold, pxPerMm: pxPerMmX },
    );
    return { path, start: 0, end: xb - xa, pulse: null, baseline: b, y0: bands[i]!.y0, y1: bands[i]!.y1 };
  };
  // A panel's cell reaches half-way to the neighbouring rows (its trace may reach further).
  const cells = baselines.map((b, i) => {
    const up = i > 0 ? b - baselines[i - 1]! : baselines[i + 1]! - b;
    const down = i + 1 < baselines.length ? baselines[i + 1]! - b : up;
    return { y0: Math.max(0, Math.round(b - up / 2)), y1: Math.min(height, Math.round(b + down / 2)) };
  });
  const leads: DigitizedLead[] = [];
  const dropped: { name: string; reason: string }[] = [];
  const panels: SheetPanel[] = [];
  const s = frame.scale;
  // Every row shares the span: panel k of every row starts where the rhythm strip's k-th quarter does.
  const rhythmSamples: { name: string; samples: Float64Array }[] = [];
  const firstColumn = new Map<string, Float64Array>();
  const placed: { lead: DigitizedLead; panel: SheetPanel; dropped: string | null }[] = [];
  baselines.forEach((_, i) => {
    const parts = i < 3 ? 4 : 1;
    // The first part starts 15 mm early to take in the row's calibration pulse (its 0 mV line).
    const first = tracePart(
      i,
      Math.max(0, layout.x0 - margin),
      parts === 1 ? xEnd : Math.min(xEnd, Math.round(layout.x0 + (xEnd - layout.x0) / 4 + overlap)),
    );
    const pulse = detectCalibrationPulse(first.path.ys, pxPerMmX, pxPerMmY);
    // Inked columns reach half a stroke past the first and last samples' centres.
    const half = (first.path.thickness - 1) / 2;
    const origin0 = layout.x0 + half;
    const span = Math.max(1, xEnd - layout.x0 - 2 * half);
    for (let p = 0; p < parts; p++) {
      const name = i < 3 ? ECG_LAYOUT_3X4[i]![p]! : `rhythm${i - 2}`;
      const A = origin0 + (span * p) / parts;
      const B = origin0 + (span * (p + 1)) / parts;
      const t = p === 0 ? first : tracePart(i, Math.floor(A - overlap), Math.min(xEnd, Math.ceil(B + overlap)));
      t.pulse = pulse;
      const a = A - t.path.x0;
      const b = B - t.path.x0;
      const built = buildPanelLead(t, name, a, b, frame);
      built.lead.pixelMap.panel.y = cells[i]!.y0 * s;
      built.lead.pixelMap.panel.height = (cells[i]!.y1 - cells[i]!.y0) * s;
      let why = built.dropped;
      const cov = built.lead.quality.coverage;
      if (!why && cov < ECG_MIN_PANEL_COVERAGE) why = `trace in only ${(cov * 100).toFixed(0)} % of the panel (blank?)`;
      const panel: SheetPanel = {
        lead: name,
        row: i,
        column: p,
        box: { x: A * s, y: cells[i]!.y0 * s, width: (B - A) * s, height: (cells[i]!.y1 - cells[i]!.y0) * s },
        startTime: (A - origin0) / frame.pps,
        duration: (B - A) / frame.pps,
        found: !why,
        coverage: cov,
      };
      placed.push({ lead: built.lead, panel, dropped: why });
      if (i < 3 && p === 0 && !why) firstColumn.set(name, built.lead.samples);
      if (i >= 3 && !why) rhythmSamples.push({ name, samples: built.lead.samples });
    }
  });
  // The first rhythm strip is named by the limb lead it repeats; more strips keep their positions' names.
  const first = rhythmSamples[0];
  if (first) {
    const lead = nameRhythmLead(first.samples, firstColumn, notes);
    for (const pl of placed) {
      if (pl.lead.name !== first.name) continue;
      pl.lead.name = `${lead} rhythm`;
      pl.panel.lead = pl.lead.name;
    }
  }
  for (const pl of placed) {
    panels.push(pl.panel);
    if (pl.dropped) dropped.push({ name: pl.lead.name, reason: pl.dropped });
    else leads.push(pl.lead);
  }
  return { leads, dropped, panels, notes };
}
