import type { LeadQuality, PixelMap } from '../../../common/schemas/signal';
import type { TracedRow } from './detect-panel-layout';
import { resamplePath } from './resample-path';

/** Every extracted lead is resampled to this rate (one sample per pixel column before). */
export const ECG_DIGITIZE_FS = 500;
const ECG_FLAT_RANGE_MV = 0.05;

export interface DigitizedLead {
  name: string;
  fs: number;
  startTime: number;
  /** mV; NaN marks a gap. */
  samples: Float64Array;
  pixelMap: PixelMap;
  quality: LeadQuality;
}

export interface PanelFrame {
  /** Source pixels per working pixel. */
  scale: number;
  width: number;
  height: number;
  skewDeg: number;
  /** Working px per second and per mV. */
  pps: number;
  ppmv: number;
}

function describeRange(a: number, b: number): string {
  return `${a.toFixed(2)}–${b.toFixed(2)} s`;
}

/** Gaps in a lead, as time spans, for the quality notes. */
function listGaps(samples: Float64Array, fs: number, minS = 0.1): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < samples.length) {
    if (!Number.isNaN(samples[k]!)) {
      k++;
      continue;
    }
    const a = k;
    while (k < samples.length && Number.isNaN(samples[k]!)) k++;
    if ((k - a) / fs >= minS) out.push(describeRange(a / fs, k / fs));
  }
  return out;
}

/**
 * The panel's 0 mV row: its median level (NaN columns left out), `fallback` when it has none.
 * A trace rests on its baseline (the pulse's foot) by its median (an AC-coupled cart's isoelectric
 * line; the renderer's rule), and the median is read across the panel itself, whereas the foot is
 * one point at the row's far left: a tilt left after deskewing (no grid to deskew by, keystone) of
 * 0.5° puts it ~9 px (0.1 mV at 200 dpi) off the row's level 1000 px to its right. On the
 * synthetic benchmark (level 2) the foot cost 0.8–4.8 dB of median SNR per kind and seed.
 */
export function medianLevel(rowsPx: Float64Array, fallback: number): number {
  const v = Array.from(rowsPx)
    .filter((x) => !Number.isNaN(x))
    .sort((x, y) => x - y);
  return v.length ? v[v.length >> 1]! : fallback;
}

/**
 * One panel of a traced row, path columns [a, b) (sub-pixel), as a calibrated lead with its pixel
 * mapping; `dropped` says why it is not a lead (no trace, flat) when it is not.
 */
export function buildPanelLead(
  t: TracedRow,
  name: string,
  a: number,
  b: number,
  f: PanelFrame,
): { lead: DigitizedLead; dropped: string | null; valid: number } {
  const { pps, ppmv } = f;
  const count = Math.floor(((b - a) / pps) * ECG_DIGITIZE_FS);
  const rowsPx = resamplePath(t.path.ys, a, count, pps, ECG_DIGITIZE_FS);
  const originY = medianLevel(rowsPx, t.baseline);
  const leadNotes: string[] = [];
  if (!t.pulse) leadNotes.push('no calibration pulse: gain not checked against one');
  const samples = new Float64Array(count);
  let valid = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < count; k++) {
    const y = rowsPx[k]!;
    const v = Number.isNaN(y) ? NaN : (originY - y) / ppmv;
    samples[k] = v;
    if (!Number.isNaN(v)) {
      valid++;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const coverage = count ? valid / count : 0;
  const flat = valid === 0 || hi - lo < ECG_FLAT_RANGE_MV;
  const gaps = listGaps(samples, ECG_DIGITIZE_FS);
  if (gaps.length) leadNotes.push(`gaps at ${gaps.join(', ')}`);
  const s = f.scale;
  const pixelMap: PixelMap = {
    panel: {
      x: (t.path.x0 + a) * s,
      y: t.y0 * s,
      width: Math.max(1, (b - a) * s),
      height: Math.max(1, (t.y1 - t.y0) * s),
    },
    originX: (t.path.x0 + a) * s,
    originY: originY * s + 0.5 * s,
    pxPerSecond: pps * s,
    pxPerMv: ppmv * s,
    rotationDeg: -f.skewDeg,
    rotationCenterX: (f.width / 2) * s,
    rotationCenterY: (f.height / 2) * s,
  };
  const quality: LeadQuality = {
    coverage,
    flat,
    calibrationPulseFound: !!t.pulse,
    ...(t.pulse ? { pulseGainRatio: t.pulse.heightPx / ppmv } : {}),
    notes: leadNotes,
  };
  const lead = { name, fs: ECG_DIGITIZE_FS, startTime: 0, samples, pixelMap, quality };
  const dropped = flat ? (valid === 0 ? 'no trace in the panel' : `flat: ${(hi - lo).toFixed(3)} mV range`) : null;
  return { lead, dropped, valid };
}
