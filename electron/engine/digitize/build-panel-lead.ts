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
  // 0 mV: the pulse's foot when the row has one, else the panel's median level.
  let originY = t.pulse?.baseRow ?? NaN;
  const leadNotes: string[] = [];
  if (Number.isNaN(originY)) {
    const v = Array.from(rowsPx)
      .filter((x) => !Number.isNaN(x))
      .sort((x, y) => x - y);
    originY = v.length ? v[v.length >> 1]! : t.baseline;
    leadNotes.push('no calibration pulse: 0 mV taken at the median level');
  }
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
