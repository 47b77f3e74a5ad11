/**
 * Softmax of `n` logits starting at `offset` divided by `temperature`, written as float64 into `out`
 * at `outOffset`.
 */
export function computeSoftmaxInto(
  logits: ArrayLike<number>,
  offset: number,
  n: number,
  out: Float64Array,
  outOffset: number,
  temperature = 1,
): void {
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, logits[offset + k]!);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.exp((logits[offset + k]! - max) / temperature);
    out[outOffset + k] = e;
    sum += e;
  }
  for (let k = 0; k < n; k++) out[outOffset + k]! /= sum;
}

/** Shannon entropy in nats; 0·ln 0 counts as 0. */
export function computeEntropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let k = 0; k < p.length; k++) {
    const v = p[k]!;
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

/** Mean of equally long rows. */
export function computeMeanRow(rows: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(rows[0]?.length ?? 0);
  for (const r of rows) for (let k = 0; k < out.length; k++) out[k]! += r[k]!;
  for (let k = 0; k < out.length; k++) out[k]! /= rows.length;
  return out;
}

/**
 * Ensemble disagreement (BALD): H(mean) − mean(H(fold)). Zero when every fold agrees, up to
 * H(mean) when each fold is certain of a different class. Clamped at 0 against rounding.
 */
export function computeMutualInformation(
  meanProbs: ArrayLike<number>,
  foldProbs: readonly ArrayLike<number>[],
): number {
  let meanH = 0;
  for (const p of foldProbs) meanH += computeEntropy(p);
  meanH /= foldProbs.length;
  return Math.max(0, computeEntropy(meanProbs) - meanH);
}

export function getArgmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k]! > v[best]!) best = k;
  return best;
}
