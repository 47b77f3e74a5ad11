import type { PixelMap } from '../../../common/schemas/signal';

/** Where a beat sits on its lead: R sample at the lead's fs, and the lead's start time. */
export interface BeatPlacement {
  rSample: number;
  /** The lead's sampling rate, Hz. */
  fs: number;
  /** Seconds from the panel's left edge to the lead's sample 0 (Lead.startTime). */
  startTime: number;
}

/** The model window's geometry (manifest `input`): fs, samples before and after R. */
export interface WindowGeometry {
  fs: number;
  before: number;
  after: number;
}

/** Time of each window sample on the lead's axis: t_R + (j − before)/fs, as the contract samples it. */
export function computeWindowTimes(beat: BeatPlacement, win: WindowGeometry): Float64Array {
  const n = win.before + win.after;
  const tR = beat.startTime + beat.rSample / beat.fs;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = tR + (j - win.before) / win.fs;
  return out;
}

/** Deskewed-frame point → source image: undo the rotation of rotationDeg about the rotation centre. */
export function mapDeskewedToSource(x: number, y: number, map: PixelMap): { x: number; y: number } {
  if (!map.rotationDeg) return { x, y };
  const a = (-map.rotationDeg * Math.PI) / 180;
  const dx = x - map.rotationCenterX;
  const dy = y - map.rotationCenterY;
  return {
    x: map.rotationCenterX + dx * Math.cos(a) - dy * Math.sin(a),
    y: map.rotationCenterY + dx * Math.sin(a) + dy * Math.cos(a),
  };
}

export interface SaliencyOnImage {
  /** Source-image point of each window sample on the lead's baseline (y = originY when deskewed). */
  x: Float64Array;
  y: Float64Array;
  weight: Float32Array;
}

/** Place each window sample's saliency on the source image through the lead's PixelMap. */
export function mapSaliencyToImage(
  saliency: Float32Array,
  beat: BeatPlacement,
  win: WindowGeometry,
  map: PixelMap,
): SaliencyOnImage {
  const t = computeWindowTimes(beat, win);
  const x = new Float64Array(t.length);
  const y = new Float64Array(t.length);
  for (let j = 0; j < t.length; j++) {
    const p = mapDeskewedToSource(map.originX + t[j]! * map.pxPerSecond, map.originY, map);
    x[j] = p.x;
    y[j] = p.y;
  }
  return { x, y, weight: Float32Array.from(saliency) };
}

/**
 * Saliency per source-image pixel column, ready to draw as an overlay: columns x0 … x0+n−1 that
 * the window covers, each the linear interpolation of the window samples around it.
 */
export function computeSaliencyColumns(
  saliency: Float32Array,
  beat: BeatPlacement,
  win: WindowGeometry,
  map: PixelMap,
): { x0: number; values: Float32Array } {
  const { x, weight } = mapSaliencyToImage(saliency, beat, win, map);
  const n = x.length;
  const ascending = x[n - 1]! >= x[0]!;
  const xs = ascending ? x : x.slice().reverse();
  const ws = ascending ? weight : weight.slice().reverse();
  const x0 = Math.ceil(xs[0]!);
  const x1 = Math.floor(xs[n - 1]!);
  const values = new Float32Array(Math.max(0, x1 - x0 + 1));
  let k = 0;
  for (let c = x0; c <= x1; c++) {
    while (k < n - 2 && xs[k + 1]! < c) k++;
    const span = xs[k + 1]! - xs[k]!;
    const f = span > 0 ? Math.min(1, Math.max(0, (c - xs[k]!) / span)) : 0;
    values[c - x0] = ws[k]! * (1 - f) + ws[k + 1]! * f;
  }
  return { x0, values };
}
