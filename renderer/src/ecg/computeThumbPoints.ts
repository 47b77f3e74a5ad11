/**
 * Scale a decimated trace into a box (y down). Each thumbnail is scaled on its own so shape, not
 * amplitude, is compared across the grid; a flat trace sits on the middle line.
 */
export function computeThumbPoints(
  thumb: readonly number[],
  x: number,
  y: number,
  width: number,
  height: number,
): Float32Array {
  const n = thumb.length;
  const out = new Float32Array(n * 2);
  if (n === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of thumb) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const span = hi - lo;
  const dx = n > 1 ? width / (n - 1) : 0;
  for (let i = 0; i < n; i++) {
    const v = thumb[i]!;
    out[i * 2] = x + i * dx;
    out[i * 2 + 1] = !Number.isFinite(v) || !(span > 1e-9) ? y + height / 2 : y + height - ((v - lo) / span) * height;
  }
  return out;
}

/** Share of the maximum possible entropy over `classes` outcomes, 0..1. */
export function computeUncertaintyShare(entropy: number | null, classes = 5): number {
  if (entropy === null || !Number.isFinite(entropy)) return 0;
  return Math.max(0, Math.min(1, entropy / Math.log(classes)));
}
