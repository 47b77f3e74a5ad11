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
  /** Median luminance over the 95th percentile: paper is mostly bright (≥ ~0.7), a photo is not. */
  paperRatio: number;
  /** Median luminance, 0..255. */
  medianLuminance: number;
  /** Ink level that marks trace pixels in this image: ECG_INK_THRESHOLD, lower for faint prints. */
  traceThreshold: number;
}

const BLOCK = 32;

/** Per-block high percentile of a channel, smoothed by a 3×3 max: the paper's local brightness. */
function estimatePaperBlocks(
  values: Uint8Array,
  width: number,
  height: number,
  pct: number,
): { blocks: Float32Array; bw: number; bh: number } {
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
      // Every other pixel both ways is plenty for a percentile.
      for (let y = by * BLOCK; y < y1; y += 2) {
        const row = y * width;
        for (let x = bx * BLOCK; x < x1; x += 2) {
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
  // A block filled with trace must not read as dark paper: take the brightest neighbour.
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
  return { blocks: smooth, bw, bh };
}

/** Bilinear weights from pixel positions to block centres along one axis. */
function blockWeights(n: number, blocks: number): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const w = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const f = Math.min(blocks - 1, Math.max(0, (p + 0.5) / BLOCK - 0.5));
    i0[p] = Math.floor(f);
    i1[p] = Math.min(blocks - 1, i0[p]! + 1);
    w[p] = f - i0[p]!;
  }
  return { i0, i1, w };
}

export const ECG_INK_THRESHOLD = 0.45;
export const ECG_MIN_INK_THRESHOLD = 0.2;

export function computeInkMaps(raster: Raster): InkMaps {
  const { width, height, rgb, gray } = raster;
  const n = width * height;
  const maxc = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = rgb[j]!;
    const g = rgb[j + 1]!;
    const b = rgb[j + 2]!;
    maxc[i] = r > g ? (r > b ? r : b) : g > b ? g : b;
  }
  const pm = estimatePaperBlocks(maxc, width, height, 0.9);
  const pl = estimatePaperBlocks(gray, width, height, 0.9);
  const bw = pm.bw;
  const xw = blockWeights(width, bw);
  const yw = blockWeights(height, pm.bh);
  const rowMax = new Float32Array(bw);
  const rowLum = new Float32Array(bw);
  const ink = new Float32Array(n);
  const grid = new Float32Array(n);
  let dark = 0;
  const satHist = new Uint32Array(256);
  const inkHist = new Uint32Array(256);
  for (let y = 0; y < height; y++) {
    const a = yw.i0[y]! * bw;
    const b = yw.i1[y]! * bw;
    const wy = yw.w[y]!;
    for (let k = 0; k < bw; k++) {
      rowMax[k] = pm.blocks[a + k]! * (1 - wy) + pm.blocks[b + k]! * wy;
      rowLum[k] = pl.blocks[a + k]! * (1 - wy) + pl.blocks[b + k]! * wy;
    }
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const x0 = xw.i0[x]!;
      const x1 = xw.i1[x]!;
      const wx = xw.w[x]!;
      const paperMax = rowMax[x0]! * (1 - wx) + rowMax[x1]! * wx;
      const di = 1 - maxc[i]! / paperMax;
      const d = di < 0 ? 0 : di > 1 ? 1 : di;
      ink[i] = d;
      inkHist[(d * 255) | 0]!++;
      if (d > ECG_INK_THRESHOLD) {
        dark++;
        continue;
      }
      const paperLum = rowLum[x0]! * (1 - wx) + rowLum[x1]! * wx;
      const dl = 1 - gray[i]! / paperLum;
      const g = dl < 0 ? 0 : dl > 1 ? 1 : dl;
      grid[i] = g;
      if (g > 0.08) {
        const j = i * 3;
        const r = rgb[j]!;
        const gg = rgb[j + 1]!;
        const bb = rgb[j + 2]!;
        const mn = r < gg ? (r < bb ? r : bb) : gg < bb ? gg : bb;
        satHist[maxc[i]! - mn]!++;
      }
    }
  }
  let total = 0;
  for (let v = 0; v < 256; v++) total += satHist[v]!;
  let half = total / 2;
  let gridSaturation = 0;
  for (; gridSaturation < 255 && half > satHist[gridSaturation]!; gridSaturation++) half -= satHist[gridSaturation]!;
  const lumHist = new Uint32Array(256);
  for (let i = 0; i < n; i += 3) lumHist[gray[i]!]!++;
  const lumAt = (q: number) => {
    let t = (n / 3) * q;
    let v = 0;
    for (; v < 255 && t > lumHist[v]!; v++) t -= lumHist[v]!;
    return v;
  };
  const paperRatio = lumAt(0.5) / Math.max(1, lumAt(0.95));
  // The darkest 0.3 % of pixels are trace in any printout; a faint copy's trace is paler than
  // the usual threshold, so the threshold follows it down (0.45 of its level), to 0.2 at least.
  let t = n * 0.003;
  let level = 255;
  for (; level > 0 && t > inkHist[level]!; level--) t -= inkHist[level]!;
  const traceThreshold = Math.min(ECG_INK_THRESHOLD, Math.max(ECG_MIN_INK_THRESHOLD, 0.45 * (level / 255)));
  return {
    traceThreshold,
    width,
    height,
    ink,
    grid,
    inkShare: dark / n,
    gridSaturation: total ? gridSaturation : 0,
    paperRatio,
    medianLuminance: lumAt(0.5),
  };
}
