/**
 * Page rotation from the horizontal structure (grid lines, trace baselines): the angle whose
 * sheared row projection has the largest variance, searched over ±maxDeg.
 */
export function estimateSkewDeg(
  map: Float32Array,
  width: number,
  height: number,
  maxDeg = 5,
  threshold = 0.08,
): number {
  // NaN when the map holds too little structure to tell.
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const n = width * height;
  let count = 0;
  for (let i = 0; i < n; i++) if (map[i]! > threshold) count++;
  const stride = Math.max(1, Math.floor(count / 40_000));
  let seen = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = map[y * width + x]!;
      if (v > threshold && seen++ % stride === 0) {
        xs.push(x - width / 2);
        ys.push(y);
        ws.push(v);
      }
    }
  }
  if (xs.length < 100) return NaN;
  const pad = Math.ceil(width * Math.tan((maxDeg * Math.PI) / 180)) + 2;
  const bins = new Float64Array(height + 2 * pad);
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round(ys[i]! - xs[i]! * t) + pad;
      bins[b] = bins[b]! + ws[i]!;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0;
  let bestS = score(0);
  // Coarse to fine: 0.5°, then 0.1°, then 0.02° steps around the best so far.
  for (const [span, step] of [
    [maxDeg, 0.5],
    [0.5, 0.1],
    [0.1, 0.02],
  ] as const) {
    const c = best;
    for (let d = c - span; d <= c + span + 1e-9; d += step) {
      if (Math.abs(d) > maxDeg + 1e-9) continue;
      const s = score(d);
      if (s > bestS * (1 + 1e-9)) {
        bestS = s;
        best = Math.round(d * 1000) / 1000;
      }
    }
  }
  return best;
}

/** Rotate a float map by `deg` about its centre (bilinear); out-of-image samples are 0. */
export function rotateMap(map: Float32Array, width: number, height: number, deg: number): Float32Array {
  const out = new Float32Array(width * height);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse map: the deskewed pixel (x, y) came from the source rotated back.
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const sx = cos * dx - sin * dy + cx - 0.5;
      const sy = sin * dx + cos * dy + cy - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      out[y * width + x] =
        (map[i]! * (1 - fx) + map[i + 1]! * fx) * (1 - fy) +
        (map[i + width]! * (1 - fx) + map[i + width + 1]! * fx) * fy;
    }
  }
  return out;
}
