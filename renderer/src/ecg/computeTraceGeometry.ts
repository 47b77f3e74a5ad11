import type { BeatDetail } from '../../../common/schemas/view';

export interface TracePoint {
  /** ms from the R peak. */
  t: number;
  /** mV, null in a gap. */
  v: number | null;
}

export interface TraceGeometry {
  points: TracePoint[];
  /** The model window, ms from R. */
  windowMs: [number, number];
  /** Saliency per window sample, 0..1, at its time. */
  saliency: { t: number; s: number }[];
  /** Sample period, ms. */
  stepMs: number;
  vRange: [number, number];
}

/**
 * Put the detail's samples on a time axis centred on the R peak. `offset` is the lead sample index of
 * `samples[0]` (as the store writes it); `window` and the saliency are in the lead's sample indices.
 */
export function computeTraceGeometry(
  d: Pick<BeatDetail, 'samples' | 'offset' | 'fs' | 'window' | 'saliency' | 'summary'>,
): TraceGeometry {
  const stepMs = 1000 / d.fs;
  const rAt = d.summary.rSample - d.offset;
  const points = d.samples.map((v, i) => ({ t: (i - rAt) * stepMs, v: v !== null && Number.isFinite(v) ? v : null }));
  const r = d.summary.rSample;
  const windowMs: [number, number] = [(d.window.start - r) * stepMs, (d.window.end - r) * stepMs];
  const n = d.saliency.length;
  const span = d.window.end - d.window.start;
  // Saliency may be stored at the model's rate: spread it over the window whatever its length.
  const saliency = d.saliency.map((s, i) => ({
    t: windowMs[0] + (n > 1 ? (i / n) * span : 0) * stepMs,
    s: Math.max(0, Math.min(1, s)),
  }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    if (p.v === null) continue;
    if (p.v < lo) lo = p.v;
    if (p.v > hi) hi = p.v;
  }
  if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
  // Never zoom in past ±0.5 mV, so a small beat still looks small.
  const mid = (lo + hi) / 2;
  const half = Math.max(0.5, (hi - lo) / 2) * 1.1;
  return { points, windowMs, saliency, stepMs, vRange: [mid - half, mid + half] };
}
