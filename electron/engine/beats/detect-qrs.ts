import { computeQrsFeatures, ECG_QRS_PEAK_HALF_S, findPeaks, learnQrsLevels } from './qrs-features';

export { ECG_QRS_BAND_HZ, ECG_QRS_INTEGRATION_S } from './qrs-features';

/** Pan–Tompkins timing constants (Pan & Tompkins 1985). */
export const ECG_QRS_REFRACTORY_S = 0.2;
export const ECG_QRS_TWAVE_S = 0.36;
export const ECG_QRS_SEARCHBACK_RR = 1.66;
/**
 * Smallest QRS swing (peak to peak in the detection band, mV) taken as a beat: the thresholds
 * adapt to any level, so without a floor a flat or noisy line would yield "beats". A printed
 * 0.1 mV deflection (1 mm) keeps about half its swing in the 5–15 Hz band.
 */
export const ECG_QRS_MIN_SWING_MV = 0.04;

export interface QrsDetection {
  /** R peak sample indices, refined on the input signal. */
  rSamples: number[];
  /** Integrated-energy peak of each beat (detector's own fiducial). */
  fiducials: number[];
}

interface DetectorState {
  spki: number;
  npki: number;
  rr: number[];
}

function maxAbsSlope(slope: Float64Array, center: number, half: number): number {
  let m = 0;
  for (let i = Math.max(0, center - half); i <= Math.min(slope.length - 1, center + half); i++)
    m = Math.max(m, slope[i]!);
  return m;
}

function runDetector(mwi: Float64Array, slope: Float64Array, peaks: number[], fs: number, st: DetectorState): number[] {
  const refractory = Math.round(ECG_QRS_REFRACTORY_S * fs);
  const tWave = Math.round(ECG_QRS_TWAVE_S * fs);
  const slopeHalf = Math.round(0.075 * fs);
  const qrs: number[] = [];
  const slopes: number[] = [];
  // PT's 0.25 of the signal-noise gap misses wide ventricular beats (low slope energy) in bigeminy;
  // 0.15 finds them (MIT-BIH DS1, first 5 min: Se 99.61 → 99.82 %, PPV 98.75 → 98.33 %).
  let thr1 = st.npki + 0.15 * (st.spki - st.npki);
  const rrAvg = () => (st.rr.length ? st.rr.reduce((a, b) => a + b, 0) / st.rr.length : 0);
  const accept = (p: number, searchBack: boolean) => {
    const v = mwi[p]!;
    st.spki = searchBack ? 0.25 * v + 0.75 * st.spki : 0.125 * v + 0.875 * st.spki;
    if (qrs.length) {
      st.rr.push(p - qrs[qrs.length - 1]!);
      if (st.rr.length > 8) st.rr.shift();
    }
    qrs.push(p);
    slopes.push(maxAbsSlope(slope, p, slopeHalf));
  };
  // A peak soon after a QRS with half its slope is its T wave (or a wide complex's tail).
  const looksLikeTWave = (p: number, last: number) =>
    p - last < tWave && maxAbsSlope(slope, p, slopeHalf) < 0.5 * slopes[slopes.length - 1]!;
  const searchBack = (upTo: number, closedByBeat: boolean) => {
    const last = qrs[qrs.length - 1];
    const avg = rrAvg() || fs; // no RR yet: assume 60 bpm
    const from = last ?? -refractory;
    if (upTo - from <= ECG_QRS_SEARCHBACK_RR * avg) return;
    const thr2 = 0.5 * thr1;
    let best = -1;
    for (const p of peaks) {
      if (p <= from + refractory || p >= upTo - refractory) continue;
      // Between two beats an RR over 1.66 × the mean is evidence of a missed beat; after the last
      // one (no QRS-sized peak closes the interval) the signal may just end or pause, and at half
      // the threshold the T wave of a large last QRS (a ventricular beat) passes: there the T-wave
      // check holds in search-back too. (Applied between beats as well, it costs real beats soon
      // after a QRS: MIT-BIH DS1 channel 0, Se −0.02 %.)
      if (!closedByBeat && last !== undefined && looksLikeTWave(p, last)) continue;
      if (mwi[p]! > thr2 && (best < 0 || mwi[p]! > mwi[best]!)) best = p;
    }
    if (best >= 0) accept(best, true);
  };
  for (const p of peaks) {
    searchBack(p, mwi[p]! > thr1);
    const last = qrs[qrs.length - 1];
    if (last !== undefined && p - last < refractory) continue;
    const v = mwi[p]!;
    let isQrs = v > thr1;
    if (isQrs && last !== undefined && looksLikeTWave(p, last)) isQrs = false;
    if (isQrs) accept(p, false);
    else st.npki = 0.125 * v + 0.875 * st.npki;
    thr1 = st.npki + 0.15 * (st.spki - st.npki);
  }
  searchBack(mwi.length + refractory, false);
  return qrs.sort((a, b) => a - b);
}

/** The R peak near a detector fiducial: the largest deviation of the signal from its local median. */
export function refineRPeak(x: ArrayLike<number>, p: number, fs: number): number {
  const half = Math.round(0.1 * fs);
  const a = Math.max(0, p - half);
  const b = Math.min(x.length - 1, p + half);
  const around = Math.round(0.3 * fs);
  const seg: number[] = [];
  for (let i = Math.max(0, p - around); i <= Math.min(x.length - 1, p + around); i++) seg.push(x[i]!);
  seg.sort((u, v) => u - v);
  const base = seg[seg.length >> 1] ?? 0;
  let best = p;
  let bestDev = -1;
  for (let i = a; i <= b; i++) {
    const dev = Math.abs(x[i]! - base);
    if (dev > bestDev) {
      bestDev = dev;
      best = i;
    }
  }
  return best;
}

/**
 * The decision stage on a detection function (moving-window integral of the squared slope) and
 * its |slope|: adaptive signal/noise thresholds, 200 ms refractory period, T-wave check and
 * search-back at 1.66 × mean RR (after the last beat with the same T-wave check). Runs twice so the thresholds learned over the whole signal also
 * serve its first beats (a 2.5 s panel holds only a few). `seconds`: how much signal the function
 * covers (for the initial levels).
 */
export function detectQrsFiducials(mwi: Float64Array, slope: Float64Array, fs: number, seconds: number): number[] {
  const peaks = findPeaks(mwi, Math.round(ECG_QRS_PEAK_HALF_S * fs));
  if (!peaks.length) return [];
  const levels = learnQrsLevels(
    peaks.map((p) => mwi[p]!),
    seconds,
  );
  const st: DetectorState = { spki: levels.signal, npki: levels.noise, rr: [] };
  runDetector(mwi, slope, peaks, fs, st);
  return runDetector(mwi, slope, peaks, fs, { spki: st.spki, npki: st.npki, rr: st.rr.slice() });
}

/** Peak-to-peak swing of the band-passed signal within ±60 ms of a fiducial (mV; NaN skipped). */
export function measureQrsSwing(bp: Float64Array, f: number, fs: number): number {
  const half = Math.round(0.06 * fs);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = Math.max(0, f - half); i <= Math.min(bp.length - 1, f + half); i++) {
    const v = bp[i]!;
    if (Number.isNaN(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi > lo ? hi - lo : 0;
}

/**
 * Pan–Tompkins QRS detection on one lead: 5–15 Hz band-pass, derivative, squaring, 150 ms
 * moving-window integration, then the decision stage; each beat's R is refined on the input.
 * Input must hold no NaN.
 */
export function detectQrs(signal: ArrayLike<number>, fs: number): QrsDetection {
  const n = signal.length;
  if (n < Math.round(0.5 * fs)) return { rSamples: [], fiducials: [] };
  const { bp, slope, mwi } = computeQrsFeatures(signal, fs);
  const fiducials = detectQrsFiducials(mwi, slope, fs, n / fs);
  const refractory = Math.round(ECG_QRS_REFRACTORY_S * fs);
  const rSamples: number[] = [];
  const kept: number[] = [];
  for (const f of fiducials) {
    if (measureQrsSwing(bp, f, fs) < ECG_QRS_MIN_SWING_MV) continue;
    const r = refineRPeak(signal, f, fs);
    const prev = rSamples[rSamples.length - 1];
    if (prev !== undefined && r - prev < refractory) continue;
    rSamples.push(r);
    kept.push(f);
  }
  return { rSamples, fiducials: kept };
}
