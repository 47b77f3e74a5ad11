import type { Raster } from '../decode/raster';

/**
 * Two darkness maps (0 = paper, 1 = black) against a local paper estimate, so uneven lighting in
 * photos does not read as ink:
 * - `ink` from the brightest channel: a red/pink/orange/blue grid keeps one bright channel and so
 *   stays near 0, while a black or dark-blue trace is dark in every channel;
 * - `grid` from luminance, with strong ink removed: the light, coloured grid the calibration is
 *   read from.
 */
export interface InkMaps {
  width: number;
  height: number;
  ink: Float32Array;
  grid: Float32Array;
  /** Share of pixels darker than the trace threshold (too high: a photo, not a printout). */
  inkShare: number;
  /** Median saturation of grid-dark pixels, 0..255 (a coloured grid is high). */
  gridSaturation: number;
}

const BLOCK = 32;

/** Per-block high percentile of a channel, bilinearly upsampled: the paper's local brightness. */
function estimatePaper(values: Uint8Array, width: number, height: number, pct: number): Float32Array {
  const bw = Math.ceil(width / BLOCK);
  const bh = Math.ceil(height / BLOCK);
  const blocks = new Float32Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      const y1 = Math.min(height, (by + 1) * BLOCK);
      const x1 = Math.min(width, (bx + 1) * BLOCK);
      let n = 0;
      for (let y = by * BLOCK; y < y1; y++) {
        const row = y * width;
        for (let x = bx * BLOCK; x < x1; x++) {
          hist[values[row + x]!]!++;
          n++;
        }
      }
      let target = n * pct;
      let v = 0;
      for (; v < 255 && target > hist[v]!; v++) target -= hist[v]!;
      blocks[by * bw + bx] = Math.max(v, 16);
    }
  }
  // Smooth block estimates (3×3 max) so a block filled with trace does not read as dark paper.
  const smooth = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = by + dy;
          const xx = bx + dx;
          if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) m = Math.max(m, blocks[yy * bw + xx]!);
        }
      }
      smooth[by * bw + bx] = m;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / BLOCK - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / BLOCK - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const wx = fx - x0;
      const top = smooth[y0 * bw + x0]! * (1 - wx) + smooth[y0 * bw + x1]! * wx;
      const bot = smooth[y1 * bw + x0]! * (1 - wx) + smooth[y1 * bw + x1]! * wx;
      out[y * width + x] = top * (1 - wy) + bot * wy;
    }
  }
  return out;
}

export const ECG_INK_THRESHOLD = 0.45;

export function computeInkMaps(raster: Raster): InkMaps {
  const { width, height, rgb, gray } = raster;
  const n = width * height;
  const maxc = new Uint8Array(n);
  const sat = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = rgb[j]!;
    const g = rgb[j + 1]!;
    const b = rgb[j + 2]!;
    const mx = r > g ? (r > b ? r : b) : g > b ? g : b;
    const mn = r < g ? (r < b ? r : b) : g < b ? g : b;
    maxc[i] = mx;
    sat[i] = mx - mn;
  }
  const paperMax = estimatePaper(maxc, width, height, 0.9);
  const paperLum = estimatePaper(gray, width, height, 0.9);
  const ink = new Float32Array(n);
  const grid = new Float32Array(n);
  let dark = 0;
  const satHist = new Uint32Array(256);
  for (let i = 0; i < n; i++) {
    const di = 1 - maxc[i]! / paperMax[i]!;
    const d = di < 0 ? 0 : di > 1 ? 1 : di;
    ink[i] = d;
    if (d > ECG_INK_THRESHOLD) {
      dark++;
      continue;
    }
    const dl = 1 - gray[i]! / paperLum[i]!;
    const g = dl < 0 ? 0 : dl > 1 ? 1 : dl;
    grid[i] = g;
    if (g > 0.08) satHist[sat[i]!]!++;
  }
  let total = 0;
  for (let v = 0; v < 256; v++) total += satHist[v]!;
  let half = total / 2;
  let gridSaturation = 0;
  for (; gridSaturation < 255 && half > satHist[gridSaturation]!; gridSaturation++) half -= satHist[gridSaturation]!;
  return { width, height, ink, grid, inkShare: dark / n, gridSaturation: total ? gridSaturation : 0 };
}
