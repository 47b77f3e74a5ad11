import {
  detectQrsFiducials,
  ECG_QRS_MIN_SWING_MV,
  ECG_QRS_REFRACTORY_S,
  measureQrsSwing,
  refineRPeak,
} from './detect-qrs';
import { computeQrsFeatures } from './qrs-features';

/** Stretches shorter than this hold too little to detect beats in (seconds). */
const ECG_MIN_STRETCH_S = 1;

/** One lead's Pan–Tompkins features over its unbroken stretches; NaN where it has no signal. */
export interface LeadQrsFeature {
  mwi: Float64Array;
  slope: Float64Array;
  bp: Float64Array;
}

/** Unbroken (non-NaN) stretches of at least `min` samples, as [start, end). */
export function listStretches(samples: ArrayLike<number>, min: number): [number, number][] {
  const out: [number, number][] = [];
  let k = 0;
  const n = samples.length;
  while (k < n) {
    if (Number.isNaN(samples[k]!)) {
      k++;
      continue;
    }
    const a = k;
    while (k < n && !Number.isNaN(samples[k]!)) k++;
    if (k - a >= min) out.push([a, k]);
  }
  return out;
}

/** A lead's detection features, computed on each of its unbroken stretches of at least 1 s. */
export function computeLeadQrsFeature(samples: ArrayLike<number>, fs: number): LeadQrsFeature | null {
  const n = samples.length;
  const mwi = new Float64Array(n).fill(NaN);
  const slope = new Float64Array(n).fill(NaN);
  const bp = new Float64Array(n).fill(NaN);
  let any = false;
  for (const [a, b] of listStretches(samples, Math.round(ECG_MIN_STRETCH_S * fs))) {
    const seg = new Float64Array(b - a);
    for (let i = 0; i < seg.length; i++) seg[i] = samples[a + i]!;
    const f = computeQrsFeatures(seg, fs);
    mwi.set(f.mwi, a);
    slope.set(f.slope, a);
    bp.set(f.bp, a);
    any = true;
  }
  return any ? { mwi, slope, bp } : null;
}

export interface MultiLeadQrs {
  /** Beat times on the shared axis (samples): the combined detection function's fiducials. */
  fiducials: number[];
  /** Per lead, the R sample of each fiducial refined on that lead; null where it has no signal. */
  rSamples: (number | null)[][];
}

/**
 * QRS detection on simultaneous leads (same fs, same time axis, NaN for gaps). The leads'
 * squared slopes are summed before integration — the spatial velocity of multi-lead detectors —
 * and the one Pan–Tompkins decision stage runs on the sum: a beat plain in one lead is found where
 * it is invisible in another (V1 of a low-voltage record, or small normal beats beside large
 * ectopic ones), and every lead keeps the calibrated mV scale it was printed in, so a lead counts
 * by its QRS size. Each beat's R is then refined on each lead.
 */
export function detectQrsMultiLead(leads: ArrayLike<number>[], fs: number): MultiLeadQrs {
  const n = Math.max(0, ...leads.map((l) => l.length));
  const features = leads.map((l) => computeLeadQrsFeature(l, fs));
  const mwi = new Float64Array(n);
  const slope = new Float64Array(n);
  const covered = new Uint8Array(n);
  for (const f of features) {
    if (!f) continue;
    for (let i = 0; i < f.mwi.length; i++) {
      if (Number.isNaN(f.mwi[i]!)) continue;
      mwi[i] = mwi[i]! + f.mwi[i]!;
      // Root of the summed squares, as the slope of the spatial velocity.
      slope[i] = Math.hypot(slope[i]!, f.slope[i]!);
      covered[i] = 1;
    }
  }
  let seconds = 0;
  for (let i = 0; i < n; i++) seconds += covered[i]!;
  seconds /= fs;
  const found = seconds >= ECG_MIN_STRETCH_S ? detectQrsFiducials(mwi, slope, fs, seconds) : [];
  const refractory = Math.round(ECG_QRS_REFRACTORY_S * fs);
  const fiducials: number[] = [];
  for (const f of found) {
    // The swing floor holds for the beat, not each lead: one lead showing it is enough.
    const swing = Math.max(
      0,
      ...features.map((ft) => (ft && !Number.isNaN(ft.bp[f]!) ? measureQrsSwing(ft.bp, f, fs) : 0)),
    );
    if (!(swing >= ECG_QRS_MIN_SWING_MV)) continue;
    const prev = fiducials[fiducials.length - 1];
    if (prev !== undefined && f - prev < refractory) continue;
    fiducials.push(f);
  }
  const rSamples = leads.map((l) =>
    fiducials.map((f) => {
      if (f >= l.length || Number.isNaN(l[f]!)) return null;
      return refineRPeakInStretch(l, f, fs);
    }),
  );
  return { fiducials, rSamples };
}

/** refineRPeak on the unbroken stretch around f (a gap must not read as the largest deviation). */
export function refineRPeakInStretch(x: ArrayLike<number>, f: number, fs: number): number {
  const reach = Math.round(0.3 * fs);
  let a = f;
  while (a > 0 && f - a < reach && !Number.isNaN(x[a - 1]!)) a--;
  let b = f + 1;
  while (b < x.length && b - f <= reach && !Number.isNaN(x[b]!)) b++;
  const seg = new Float64Array(b - a);
  for (let i = 0; i < seg.length; i++) seg[i] = x[a + i]!;
  return a + refineRPeak(seg, f - a, fs);
}
