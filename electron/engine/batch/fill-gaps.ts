/**
 * A copy of a lead with NaN gaps bridged by straight lines (edge gaps take the nearest value), for
 * the model input only: the stored lead keeps its gaps as gaps.
 */
export function fillGaps(samples: ArrayLike<number>): Float32Array {
  const n = samples.length;
  const out = Float32Array.from(samples);
  let prev = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && Number.isNaN(out[i]!)) continue;
    const gapStart = prev + 1;
    if (i - gapStart > 0) {
      const left = prev >= 0 ? out[prev]! : i < n ? out[i]! : 0;
      const right = i < n ? out[i]! : left;
      for (let k = gapStart; k < i; k++) out[k] = left + ((right - left) * (k - prev)) / (i - prev);
    }
    prev = i;
  }
  return out;
}

/** Share of NaN samples in [start, end) (clamped to the lead). */
export function computeGapShare(samples: ArrayLike<number>, start: number, end: number): number {
  const a = Math.max(0, start);
  const b = Math.min(samples.length, end);
  if (b <= a) return 1;
  let gaps = 0;
  for (let i = a; i < b; i++) if (Number.isNaN(samples[i]!)) gaps++;
  return gaps / (b - a);
}
