/**
 * Sample a per-column trace at a round rate: sample k sits at t = k/fs after the panel's left
 * edge, i.e. at pixel x = originX + t·pxPerSecond, whose column index is x − 0.5 (pixel centres
 * sit at half-integers). Linear interpolation; a NaN neighbour makes the sample NaN (gaps stay gaps).
 */
export function resamplePath(
  ys: Float64Array,
  originCol: number,
  count: number,
  pxPerSecond: number,
  fs: number,
): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const pos = originCol + (k / fs) * pxPerSecond - 0.5;
    const p = Math.min(Math.max(pos, 0), ys.length - 1);
    const i0 = Math.floor(p);
    const i1 = Math.min(ys.length - 1, i0 + 1);
    const f = p - i0;
    const a = ys[i0]!;
    const b = ys[i1]!;
    out[k] = f === 0 ? a : a * (1 - f) + b * f;
  }
  return out;
}
