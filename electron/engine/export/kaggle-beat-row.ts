/**
 * One beat in the layout of the Kaggle "MIT-BIH heartbeat" CSV (Kachuee et al. 2018), which the
 * seed-001 baseline and many published models read. Our definition, fixed here:
 *   - the beat's lead is resampled to 125 Hz by linear interpolation on its own time axis;
 *   - the row starts AT the R peak (t_R = rSample / fs) and takes sample j at t_R + j / 125 s;
 *   - it keeps 1.2 × the beat's local RR interval (Kachuee: 1.2 × the median RR) when the rhythm is
 *     known, at most 187 samples (1.496 s), and all 187 when it is not; the lead's end also stops it;
 *   - the kept part is min–max scaled to [0, 1] per beat (a flat part becomes 0), gaps become 0;
 *   - the rest is zero padding, so every row has 187 values; the label follows as 0..4 = N,S,V,F,Q.
 */
export const ECG_KAGGLE_FS = 125;
export const ECG_KAGGLE_LENGTH = 187;
export const ECG_KAGGLE_RR_FACTOR = 1.2;

export function computeKaggleBeatRow(
  samples: ArrayLike<number>,
  fs: number,
  rSample: number,
  localRR: number | null,
): Float64Array {
  const out = new Float64Array(ECG_KAGGLE_LENGTH);
  const wanted = localRR
    ? Math.min(ECG_KAGGLE_LENGTH, Math.floor(ECG_KAGGLE_RR_FACTOR * localRR * ECG_KAGGLE_FS))
    : ECG_KAGGLE_LENGTH;
  const n = samples.length;
  let kept = 0;
  for (let j = 0; j < wanted; j++) {
    const x = rSample + (j * fs) / ECG_KAGGLE_FS;
    if (x > n - 1) break;
    const i0 = Math.floor(x);
    const f = x - i0;
    const a = samples[i0]!;
    out[j] = f === 0 ? a : a * (1 - f) + samples[i0 + 1]! * f;
    kept = j + 1;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < kept; j++) {
    const v = out[j]!;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const range = hi - lo;
  for (let j = 0; j < kept; j++) {
    const v = out[j]!;
    out[j] = Number.isFinite(v) && range > 0 ? (v - lo) / range : 0;
  }
  return out;
}
