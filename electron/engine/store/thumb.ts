/** Points of the grid thumbnail: enough for a beat's shape at ~100 px, small enough for 100k rows. */
export const ECG_THUMB_POINTS = 48;

/**
 * Decimate samples[start, end) to `points` values by bucket means (gaps skipped; an all-gap bucket is
 * NaN). Beats near the lead's ends are clipped to the samples that exist.
 */
export function computeBeatThumb(
  samples: Float32Array,
  start: number,
  end: number,
  points = ECG_THUMB_POINTS,
): Float32Array {
  const out = new Float32Array(points).fill(Number.NaN);
  const lo = Math.max(0, start);
  const hi = Math.min(samples.length, end);
  if (hi <= lo) return out;
  const span = end - start;
  for (let p = 0; p < points; p++) {
    const a = Math.max(lo, start + Math.floor((p * span) / points));
    const b = Math.min(
      hi,
      start + Math.max(Math.floor(((p + 1) * span) / points), Math.floor((p * span) / points) + 1),
    );
    let sum = 0;
    let n = 0;
    for (let i = a; i < b; i++) {
      const v = samples[i]!;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    if (n) out[p] = sum / n;
  }
  return out;
}
