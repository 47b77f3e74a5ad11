export { ECG_DIGITIZE_FS, type DigitizedLead } from './build-panel-lead';
import { ECG_GAIN_MM_PER_MV, ECG_MM_PER_INCH, ECG_PAPER_SPEED_MM_PER_S } from '../../../common/ecg/paper';
import type { Raster } from '../decode/raster';
import { buildPanelLead, type DigitizedLead, type PanelFrame } from './build-panel-lead';
import { detectCalibrationPulse } from './calibration-pulse';
import { detectGrid, type GridEstimate } from './detect-grid';
import { detectTraceRows } from './detect-rows';
import { ECG_INK_THRESHOLD, type InkMaps } from './ink-map';
import { assignLeadNames } from './lead-names';
import { removeDarkGridLines } from './remove-grid-lines';
import { estimateSkewDeg, rotateMap } from './skew';
import { countPanelBoundaries } from './split-row';
import { extractTracePath, type TracePath } from './trace-path';
import { detectPanelLayout, type TracedRow } from './detect-panel-layout';
import { digitizeLayout, findTraceStart, type SheetPanel } from './digitize-layout';
import { measureDotGridScale } from './measure-layout-scale';
import { removeGridDots } from './remove-grid-dots';

/** Without a grid or a trustworthy header dpi, a sheet is taken to span this many mm across. */
export const ECG_ASSUMED_SHEET_WIDTH_MM = 280;
/** Without a grid, a strip is read at this resolution. */
export const ECG_ASSUMED_DPI = 200;
const ECG_MIN_ROW_COVERAGE = 0.75;
/** With no grid found, the traces' angle overrides the faint lines' when they differ by this (°). */
const ECG_SKEW_DISAGREE_DEG = 1;
/** A dark grid's remnants can line up into rows: demand more of a row there. */
const ECG_MIN_ROW_COVERAGE_DARK_GRID = 0.9;

/**
 * A line of text followed as if it were a trace: much ink beside the path (several strokes per
 * column), many breaks between letters, and (for a plotted font) many tall vertical strokes.
 * Thresholds read off the synthetic header and real headers against the traces of the real scans.
 */
function looksLikeText(
  ink: Float32Array,
  width: number,
  thr: number,
  path: TracePath,
  start: number,
  end: number,
  baseline: number,
  mmX: number,
  mmY: number,
): boolean {
  const beside = measureInkBesidePath(ink, width, thr, path, start, end, baseline, mmY);
  let breaks = 0;
  let tall = 0;
  for (let c = start + 1; c < end; c++) {
    if (path.top[c]! < 0 && path.top[c - 1]! >= 0) breaks++;
    if (path.top[c]! >= 0 && path.bottom[c]! - path.top[c]! > 1.5 * mmY) tall++;
  }
  const breaksPer100mm = (breaks / Math.max(1, end - start)) * 100 * mmX;
  const tallShare = tall / Math.max(1, end - start);
  return (beside > 1.3 && breaksPer100mm > 20 && tallShare > 0.08) || (beside > 1.8 && breaksPer100mm > 30);
}

/** Ink within ±6 mm of a row's baseline per unit of ink on the traced path. */
function measureInkBesidePath(
  ink: Float32Array,
  width: number,
  thr: number,
  path: TracePath,
  start: number,
  end: number,
  baseline: number,
  mmY: number,
): number {
  const ya = Math.max(0, Math.round(baseline - 6 * mmY));
  const yb = Math.round(baseline + 6 * mmY);
  let band = 0;
  let own = 0;
  for (let c = start; c < end; c++) {
    const x = path.x0 + c;
    for (let y = ya; y < yb && y * width + x < ink.length; y++) if (ink[y * width + x]! >= thr) band++;
    if (path.top[c]! >= 0) own += path.bottom[c]! - path.top[c]! + 1;
  }
  return own ? band / own : Infinity;
}

export interface SheetDigitization {
  leads: DigitizedLead[];
  /** Leads found but not returned (flat, empty), with why. */
  dropped: { name: string; reason: string }[];
  notes: string[];
  rowCount: number;
  /** Whether any row was read as four 2.5 s panels. */
  split: boolean;
  grid: GridEstimate;
  skewDeg: number;
  pxPerMmX: number;
  pxPerMmY: number;
  /** The 3×4 + rhythm layout's panels, when the page is laid out that way. */
  panels?: SheetPanel[];
}

function chooseScale(
  raster: Raster,
  grid: GridEstimate,
  rowsHint: 'sheet' | 'strip',
  notes: string[],
): { x: number; y: number } {
  if (grid.found) return { x: grid.pxPerMmX, y: grid.pxPerMmY };
  // Header dpi of 72/96 is a writer's default, not a measurement.
  const dpi = raster.dpi && raster.dpi >= 100 && raster.dpi !== 96 ? raster.dpi : undefined;
  if (dpi) {
    const s = dpi / raster.scale / ECG_MM_PER_INCH;
    notes.push(`no grid: scale from the file's ${dpi} dpi (25 mm/s, 10 mm/mV assumed)`);
    return { x: s, y: s };
  }
  if (rowsHint === 'sheet') {
    const s = raster.width / ECG_ASSUMED_SHEET_WIDTH_MM;
    notes.push(
      `no grid and no dpi: assumed the page spans ${ECG_ASSUMED_SHEET_WIDTH_MM} mm across (25 mm/s, 10 mm/mV)`,
    );
    return { x: s, y: s };
  }
  const s = ECG_ASSUMED_DPI / raster.scale / ECG_MM_PER_INCH;
  notes.push(`no grid and no dpi: assumed ${ECG_ASSUMED_DPI} dpi (25 mm/s, 10 mm/mV)`);
  return { x: s, y: s };
}

/**
 * Strips and sheets: deskew, read the grid's scale, erase a dark grid, find the rows of traces,
 * follow each row's trace, read its calibration pulse, split standard rows into 2.5 s panels and
 * return each panel as a calibrated lead with its pixel mapping.
 */
export function digitizeSheet(raster: Raster, maps: InkMaps, hint: 'sheet' | 'strip'): SheetDigitization {
  const { width, height } = maps;
  const thr = maps.traceThreshold;
  const notes: string[] = [];
  if (thr < ECG_INK_THRESHOLD) notes.push(`faint print: trace read at ink level ${thr.toFixed(2)}`);
  // The grid's lines give the page's angle; without a grid, the traces' baselines do.
  const gridSkew = estimateSkewDeg(maps.grid, width, height);
  const inkSkew = () => estimateSkewDeg(maps.ink, width, height, 5, maps.traceThreshold);
  const deskew = (deg: number) => {
    // Below 0.1° (under 4 px across a 2000 px page) resampling costs more than the tilt.
    const rotate = Math.abs(deg) >= 0.1;
    return {
      skewDeg: rotate ? deg : 0,
      ink: rotate ? rotateMap(maps.ink, width, height, deg) : Float32Array.from(maps.ink),
      gridMap: rotate ? rotateMap(maps.grid, width, height, deg) : maps.grid,
    };
  };
  let page = deskew(Number.isNaN(gridSkew) ? inkSkew() || 0 : gridSkew);
  let grid = detectGrid(page.gridMap, width, height);
  if (!grid.found && !Number.isNaN(gridSkew)) {
    // No grid in the faint-line map: its strongest straight line may be a crease or a fold's
    // shadow across the page, not the page's horizontal. The traces' baselines say then, when
    // they disagree by more than their own error (wandering baselines: a few tenths of a degree).
    const alt = inkSkew();
    if (!Number.isNaN(alt) && Math.abs(alt - gridSkew) >= ECG_SKEW_DISAGREE_DEG) {
      const other = deskew(alt);
      const otherGrid = detectGrid(other.gridMap, width, height);
      notes.push(`no grid at the faint lines' angle ${gridSkew.toFixed(2)}°: deskewed by the traces instead`);
      page = other;
      grid = otherGrid;
    }
  }
  const { ink } = page;
  const skewDeg = page.skewDeg;
  if (skewDeg) notes.push(`deskewed by ${skewDeg.toFixed(2)}°`);
  notes.push(...grid.notes);
  const scale = chooseScale(raster, grid, hint, notes);
  const mmX = scale.x;
  const mmY = scale.y;
  const darkGrid = removeDarkGridLines(ink, width, height, thr, mmX);
  if (darkGrid) notes.push('dark grid lines erased before tracing');
  const dots = darkGrid ? null : removeGridDots(ink, width, height, thr);
  if (dots) notes.push('dotted grid erased before tracing');

  const rows = detectTraceRows(ink, width, height, { threshold: thr, pxPerMm: mmX });
  const pps = mmX * ECG_PAPER_SPEED_MM_PER_S;
  const ppmv = mmY * ECG_GAIN_MM_PER_MV;
  const traced: TracedRow[] = [];
  // Rows too gappy to stand alone, kept as candidates for the 3×4 layout (a blank panel leaves a gap).
  const weak: TracedRow[] = [];
  for (const row of rows) {
    const x0 = Math.max(0, row.x0 - Math.round(15 * mmX));
    const path = extractTracePath(
      ink,
      width,
      { x0, x1: row.x1, y0: row.y0, y1: row.y1, baseline: row.baseline },
      { threshold: thr, pxPerMm: mmX },
    );
    const pulse = detectCalibrationPulse(path.ys, mmX, mmY);
    // The trace proper starts after the pulse: past a gap when one follows within 6 mm, else 1 mm
    // after its fall. With no pulse found, where the trace reached its resting line (a pulse may
    // be joined to the trace, and a label across it hide it).
    let start = findTraceStart(
      { path, pulse, start: 0, end: 0, baseline: row.baseline, y0: row.y0, y1: row.y1 },
      row.lineX0 - x0,
      mmX,
    );
    while (start < path.ys.length && path.top[start]! < 0) start++;
    let end = path.ys.length;
    while (end > start && path.top[end - 1]! < 0) end--;
    let covered = 0;
    for (let c = start; c < end; c++) if (path.top[c]! >= 0) covered++;
    const cov = end > start ? covered / (end - start) : 0;
    if (cov < (darkGrid ? ECG_MIN_ROW_COVERAGE_DARK_GRID : ECG_MIN_ROW_COVERAGE) || end - start < 5 * mmX) {
      if (cov >= 0.5 && end - start >= 5 * mmX && !darkGrid)
        weak.push({ path, start, end, pulse, baseline: row.baseline, y0: row.y0, y1: row.y1 });
      notes.push(
        `ignored a row at y=${Math.round(row.baseline)} px: trace found in ${(cov * 100).toFixed(0)} % of its columns`,
      );
      continue;
    }
    if (path.thickness > 1.5 * mmY + 2) {
      notes.push(
        `ignored a row at y=${Math.round(row.baseline)} px: strokes ${path.thickness} px thick are not a trace`,
      );
      continue;
    }
    if (looksLikeText(ink, width, thr, path, start, end, row.baseline, mmX, mmY)) {
      notes.push(`ignored a row at y=${Math.round(row.baseline)} px: it reads as a line of text`);
      continue;
    }
    traced.push({ path, start, end, pulse, baseline: row.baseline, y0: row.y0, y1: row.y1 });
  }

  const pps0 = mmX * ECG_PAPER_SPEED_MM_PER_S;
  const candidatesRows = [...traced, ...weak].sort((p, q) => p.baseline - q.baseline);
  const layout = detectPanelLayout(candidatesRows, ink, width, height, mmX, pps0, thr, !darkGrid);
  if (layout) {
    let lx = mmX;
    let ly = mmY;
    if (!grid.found && dots) {
      const rowsY = [...layout.panelRows, ...layout.rhythmRows].map((r) => candidatesRows[r]!.baseline);
      const box = { x0: layout.x0, x1: layout.x1, y0: Math.min(...rowsY), y1: Math.max(...rowsY) };
      const dotScale = measureDotGridScale(dots, width, box, (layout.x1 - layout.x0) / (10 * ECG_PAPER_SPEED_MM_PER_S));
      if (dotScale) {
        lx = dotScale.pxPerMmX;
        ly = dotScale.pxPerMmY;
        notes.push(`scale from the dotted grid in the panel area: ${lx.toFixed(3)} × ${ly.toFixed(3)} px/mm`);
        grid.found = true;
        grid.pxPerMmX = lx;
        grid.pxPerMmY = ly;
      }
    }
    const frame: PanelFrame = {
      scale: raster.scale,
      width,
      height,
      skewDeg,
      pps: lx * ECG_PAPER_SPEED_MM_PER_S,
      ppmv: ly * ECG_GAIN_MM_PER_MV,
    };
    if (layout.headerRows.length)
      notes.push(`${layout.headerRows.length} line(s) above the panels (header) not read as traces`);
    const read = digitizeLayout(ink, candidatesRows, layout, frame, thr, lx, ly);
    notes.push(...read.notes);
    return {
      leads: read.leads,
      dropped: read.dropped,
      notes,
      rowCount: layout.panelRows.length + layout.rhythmRows.length,
      split: true,
      grid,
      skewDeg,
      pxPerMmX: lx,
      pxPerMmY: ly,
      panels: read.panels,
    };
  }

  // Standard 3×4: a row lasting ~10 s with visible boundaries at its quarter points.
  // Standard 3×4: the first (at most three) rows, each lasting ~10 s, are four 2.5 s panels when
  // their quarter points show boundaries (ticks, gaps, steps) — judged over those rows together,
  // as one faint tick per row is common. Rows below them are rhythm strips.
  const candidates: number[] = [];
  for (const [r, t] of traced.entries()) {
    const dur = (t.end - t.start) / pps;
    if (r > 2 || candidates.length !== r || !(dur > 8 && dur < 12)) break;
    candidates.push(r);
  }
  let evidence = 0;
  if (traced.length >= 3 && candidates.length >= 2) {
    for (const r of candidates)
      evidence += countPanelBoundaries(
        ink,
        width,
        height,
        traced[r]!.path,
        traced[r]!.start,
        traced[r]!.end,
        mmX,
        thr,
        !darkGrid,
      );
  }
  const split = traced.map((_, r) => candidates.includes(r) && evidence >= Math.max(3, candidates.length));
  const names = assignLeadNames(split);
  if (split.some(Boolean) || traced.length > 1)
    notes.push('lead names assumed from the panel layout (labels are not read)');

  const leads: DigitizedLead[] = [];
  const dropped: { name: string; reason: string }[] = [];
  const frame: PanelFrame = { scale: raster.scale, width, height, skewDeg, pps, ppmv };
  traced.forEach((t, r) => {
    const parts = split[r] ? 4 : 1;
    for (let p = 0; p < parts; p++) {
      const name = names[r]![p]!;
      // Inked columns reach half a stroke past the first and last samples' centres.
      const origin0 = t.start + (t.path.thickness - 1) / 2;
      const span = Math.max(1, t.end - t.start - (t.path.thickness - 1));
      const a = origin0 + (span * p) / parts;
      const b = origin0 + (span * (p + 1)) / parts;
      const built = buildPanelLead(t, name, a, b, frame);
      if (built.dropped) dropped.push({ name, reason: built.dropped });
      else leads.push(built.lead);
    }
  });
  return {
    leads,
    dropped,
    notes,
    rowCount: traced.length,
    split: split.some(Boolean),
    grid,
    skewDeg,
    pxPerMmX: mmX,
    pxPerMmY: mmY,
  };
}
