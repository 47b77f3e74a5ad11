import { designBandPass, filtfilt } from './filters';

/** Pan–Tompkins pre-processing constants (Pan & Tompkins 1985). */
export const ECG_QRS_BAND_HZ = [5, 15] as const;
export const ECG_QRS_INTEGRATION_S = 0.15;
/** Feature peaks closer than this belong to one event. */
export const ECG_QRS_PEAK_HALF_S = 0.1;

export interface QrsFeatures {
  /** The signal band-passed to the QRS band (mV). */
  bp: Float64Array;
  /** |slope| of the band-passed signal (mV/s), for the T-wave check. */
  slope: Float64Array;
  /** Squared slope integrated over a 150 ms window: the detection function. */
  mwi: Float64Array;
}

function movingAverageCentered(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const c = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) c[i + 1] = c[i]! + x[i]!;
  const out = new Float64Array(n);
  const h = Math.floor(w / 2);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - h);
    const b = Math.min(n, i + w - h);
    out[i] = (c[b]! - c[a]!) / w;
  }
  return out;
}

/**
 * Band-pass, five-point derivative, squaring and moving-window integration of one unbroken
 * stretch (no NaN). Zero-phase filtering keeps every feature aligned with the input's samples.
 */
export function computeQrsFeatures(signal: ArrayLike<number>, fs: number): QrsFeatures {
  const n = signal.length;
  const bp = filtfilt(
    designBandPass(ECG_QRS_BAND_HZ[0], ECG_QRS_BAND_HZ[1], fs),
    signal,
    Math.min(n - 1, Math.round(fs)),
  );
  const slope = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let i = 2; i < n - 2; i++) {
    const d = (-bp[i - 2]! - 2 * bp[i - 1]! + 2 * bp[i + 1]! + bp[i + 2]!) * (fs / 8);
    slope[i] = Math.abs(d);
    sq[i] = d * d;
  }
  const mwi = movingAverageCentered(sq, Math.max(1, Math.round(ECG_QRS_INTEGRATION_S * fs)));
  return { bp, slope, mwi };
}

/** Local maxima of x that are the largest within ±halfWidth samples. */
export function findPeaks(x: Float64Array, halfWidth: number): number[] {
  const peaks: number[] = [];
  const n = x.length;
  for (let i = 1; i < n - 1; i++) {
    const v = x[i]!;
    if (!(v > 0) || v < x[i - 1]! || v < x[i + 1]!) continue;
    let isMax = true;
    for (let j = Math.max(0, i - halfWidth); j <= Math.min(n - 1, i + halfWidth); j++) {
      if (x[j]! > v || (x[j] === v && j < i)) {
        isMax = false;
        break;
      }
    }
    if (isMax) peaks.push(i);
  }
  return peaks;
}

export interface QrsLevels {
  /** Typical QRS peak of the detection function. */
  signal: number;
  /** Typical non-QRS peak (T and P waves, noise). */
  noise: number;
}

/**
 * Peaks above this share of the typical QRS are not taken as noise when the initial levels are
 * learnt: in a short panel or a fast or bigeminal rhythm there are more beats than one a second,
 * and the smaller ones (ectopic beats, a lead where they are small) would otherwise set the noise
 * level so high that the threshold above it misses them. Pan–Tompkins start their noise level at
 * half the mean of the detection function for the same reason (below the beats).
 */
export const ECG_QRS_NOISE_MAX_SHARE = 0.3;

/**
 * Initial levels from the whole signal: the strongest peaks, about one a second, are QRS
 * complexes at any heart rate above 60 bpm; the typical one of the peaks well below them is noise
 * (T and P waves, artefact). An artefact in the first seconds then cannot blind the detector, as a
 * max-of-the-first-2-s start would.
 */
export function learnQrsLevels(heights: number[], seconds: number): QrsLevels {
  const sorted = heights.slice().sort((a, b) => b - a);
  const k = Math.max(1, Math.min(sorted.length, Math.floor(seconds)));
  const top = sorted.slice(0, k);
  const signal = top[top.length >> 1] ?? 0;
  const rest = sorted.slice(k).filter((h) => h < ECG_QRS_NOISE_MAX_SHARE * signal);
  return {
    signal,
    noise: rest.length ? rest[rest.length >> 1]! : (top[top.length - 1] ?? 0) / 4,
  };
}
