/**
 * Minimal raster drawing. Coordinates are continuous pixels with the SVG convention: pixel (i, j)
 * covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5). Strokes are rendered as
 * coverage into a float mask (max-combined so joints do not darken) and composited once.
 */
export type Rgb = readonly [number, number, number];

export interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8ClampedArray;
}

export interface Mask {
  width: number;
  height: number;
  data: Float32Array;
}

export function createRaster(width: number, height: number, channels: 1 | 3, fill: Rgb): Raster {
  const data = new Uint8ClampedArray(width * height * channels);
  if (channels === 1) data.fill(getLuma(fill));
  else {
    for (let i = 0; i < data.length; i += 3) {
      data[i] = fill[0];
      data[i + 1] = fill[1];
      data[i + 2] = fill[2];
    }
  }
  return { width, height, channels, data };
}

export function createMask(width: number, height: number): Mask {
  return { width, height, data: new Float32Array(width * height) };
}

export function getLuma(c: Rgb): number {
  return Math.round(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]);
}

/**
 * Anti-aliased capsule (segment with round caps) of half-width hw: coverage falls linearly over
 * one pixel around the edge, and a line thinner than a pixel covers about its width.
 */
export function drawSegment(mask: Mask, x0: number, y0: number, x1: number, y1: number, hw: number): void {
  const { width, height, data } = mask;
  const pad = hw + 1;
  const ia = Math.max(0, Math.floor(Math.min(x0, x1) - pad));
  const ib = Math.min(width - 1, Math.ceil(Math.max(x0, x1) + pad));
  const ja = Math.max(0, Math.floor(Math.min(y0, y1) - pad));
  const jb = Math.min(height - 1, Math.ceil(Math.max(y0, y1) + pad));
  if (ia > ib || ja > jb) return;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const inv = len2 > 1e-12 ? 1 / len2 : 0;
  const peak = Math.min(1, 2 * hw);
  const edge = hw + 0.5;
  for (let j = ja; j <= jb; j++) {
    const py = j + 0.5 - y0;
    const row = j * width;
    for (let i = ia; i <= ib; i++) {
      const px = i + 0.5 - x0;
      let t = (px * dx + py * dy) * inv;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d = Math.sqrt(ex * ex + ey * ey);
      let c = edge - d;
      if (c <= 0) continue;
      if (c > peak) c = peak;
      if (c > data[row + i]!) data[row + i] = c;
    }
  }
}

export function drawPolyline(mask: Mask, xs: ArrayLike<number>, ys: ArrayLike<number>, hw: number): void {
  if (xs.length === 1) drawSegment(mask, xs[0]!, ys[0]!, xs[0]!, ys[0]!, hw);
  for (let k = 1; k < xs.length; k++) drawSegment(mask, xs[k - 1]!, ys[k - 1]!, xs[k]!, ys[k]!, hw);
}

/** Paint `color` through the mask at the given opacity (one mask per ink layer). */
export function compositeMask(r: Raster, mask: Mask, color: Rgb, opacity = 1): void {
  const { data } = r;
  const m = mask.data;
  if (r.channels === 1) {
    const c = getLuma(color);
    for (let i = 0; i < m.length; i++) {
      const a = m[i]! * opacity;
      if (a > 0) data[i] = data[i]! + (c - data[i]!) * a;
    }
    return;
  }
  for (let i = 0, p = 0; i < m.length; i++, p += 3) {
    const a = m[i]! * opacity;
    if (a <= 0) continue;
    data[p] = data[p]! + (color[0] - data[p]!) * a;
    data[p + 1] = data[p + 1]! + (color[1] - data[p + 1]!) * a;
    data[p + 2] = data[p + 2]! + (color[2] - data[p + 2]!) * a;
  }
}

/** Share of pixel [i, i+1) covered by the interval [a, b). */
function getOverlap(i: number, a: number, b: number): number {
  return Math.max(0, Math.min(i + 1, b) - Math.max(i, a));
}

/**
 * Axis-aligned line of the given width (px), blended straight into the raster (grid lines, which
 * need no mask). Vertical when `vertical`, spanning [from, to) along its length.
 */
export function drawAxisLine(
  r: Raster,
  vertical: boolean,
  at: number,
  from: number,
  to: number,
  widthPx: number,
  color: Rgb,
): void {
  const a = at - widthPx / 2;
  const b = at + widthPx / 2;
  const across = vertical ? r.width : r.height;
  const along = vertical ? r.height : r.width;
  const k0 = Math.max(0, Math.floor(a));
  const k1 = Math.min(across - 1, Math.ceil(b) - 1);
  const s0 = Math.max(0, Math.floor(from));
  const s1 = Math.min(along - 1, Math.ceil(to) - 1);
  const ch = r.channels;
  const luma = getLuma(color);
  for (let k = k0; k <= k1; k++) {
    const cov = getOverlap(k, a, b);
    if (cov <= 0) continue;
    for (let s = s0; s <= s1; s++) {
      const alpha = cov * getOverlap(s, from, to);
      const p = (vertical ? s * r.width + k : k * r.width + s) * ch;
      if (ch === 1) r.data[p] = r.data[p]! + (luma - r.data[p]!) * alpha;
      else for (let c = 0; c < 3; c++) r.data[p + c] = r.data[p + c]! + (color[c]! - r.data[p + c]!) * alpha;
    }
  }
}
