/** Half the window (s) a detection's QRS energy is read in: ±75 ms holds a QRS around its R. */
export const ECG_QRS_HALF_WINDOW_S = 0.075;

/** Highest value of x within `half` samples of i (clipped to x); NaN where all of them are NaN. */
export function maxNear(x: Float64Array, i: number, half: number): number {
  let m = NaN;
  for (let k = Math.max(0, i - half); k <= Math.min(x.length - 1, i + half); k++) {
    const v = x[k]!;
    if (!Number.isNaN(v) && !(v <= m)) m = v;
  }
  return m;
}

/** A lead's QRS energy at sample i: its detection function's peak within ±ECG_QRS_HALF_WINDOW_S. */
export function measureQrsEnergyAt(mwi: Float64Array, i: number, fs: number): number {
  return maxNear(mwi, i, Math.round(ECG_QRS_HALF_WINDOW_S * fs));
}
