import { extractTracePath } from './trace-path';

/** Seed-000 crops: the image's columns span the model window (INPUT_CONTRACT: 128 columns = 144 samples). */
export const ECG_BEAT_CROP_SAMPLES = 144;
export const ECG_BEAT_CROP_R_INDEX = 64;
/** Crops carry no calibration; values are reported at this nominal scale. */
export const ECG_BEAT_CROP_PX_PER_MV = 40;

export interface BeatCropTrace {
  /** ECG_BEAT_CROP_SAMPLES values, up positive, in nominal mV (ECG_BEAT_CROP_PX_PER_MV). */
  samples: Float64Array;
  /** Share of columns where the trace was found. */
  coverage: number;
  /** Row taken as 0 (the median trace row). */
  baselineRow: number;
  /** Trace row per column (NaN filled by interpolation). */
  columnRows: Float64Array;
}

/**
 * Dark trace on light paper, one value per column (seed 000's reconstruction): the trace's run in
 * each column, chosen by the same path-following as sheets so specks and text do not pull it, and
 * read as the stroke's centre with the pen's width undone (a thin pen gives the run's centroid, as
 * models/train/imagesim.py simulates); gaps are interpolated, then the columns are resampled to
 * the window's 144 samples.
 */
export function extractBeatCrop(gray: Uint8Array, width: number, height: number): BeatCropTrace {
  const hist = new Uint32Array(256);
  for (let i = 0; i < gray.length; i++) hist[gray[i]!]!++;
  const pct = (q: number) => {
    let t = gray.length * q;
    let v = 0;
    for (; v < 255 && t > hist[v]!; v++) t -= hist[v]!;
    return v;
  };
  const paper = pct(0.9);
  const darkest = pct(0.002);
  const span = Math.max(1, paper - darkest);
  const ink = new Float32Array(gray.length);
  for (let i = 0; i < gray.length; i++) {
    const v = (paper - gray[i]!) / span;
    ink[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  const path = extractTracePath(
    ink,
    width,
    { x0: 0, x1: width, y0: 0, y1: height, baseline: height / 2 },
    { threshold: 0.5, pxPerMm: Math.max(2, height / 32), maxGapMm: 8, fillGapMm: 0 },
  );
  // The path's column values already undo the pen's width (centre of the stroke, tips half a
  // pen inside); a thin pen gives the seed-000 centroid.
  const rows = Float64Array.from(path.ys);
  let found = 0;
  for (let c = 0; c < width; c++) if (path.top[c]! >= 0) found++;
  fillAllGaps(rows);
  const sorted = Float64Array.from(rows).sort();
  const baselineRow = sorted[sorted.length >> 1] ?? height / 2;
  const samples = new Float64Array(ECG_BEAT_CROP_SAMPLES);
  for (let j = 0; j < ECG_BEAT_CROP_SAMPLES; j++) {
    // Sample j is drawn at the centre of the j-th of 144 equal slices of the width.
    const pos = Math.min(width - 1, Math.max(0, ((j + 0.5) * width) / ECG_BEAT_CROP_SAMPLES - 0.5));
    const i0 = Math.floor(pos);
    const i1 = Math.min(width - 1, i0 + 1);
    const f = pos - i0;
    const y = rows[i0]! * (1 - f) + rows[i1]! * f;
    samples[j] = (baselineRow - y) / ECG_BEAT_CROP_PX_PER_MV;
  }
  return { samples, coverage: found / width, baselineRow, columnRows: rows };
}

function fillAllGaps(v: Float64Array): void {
  const n = v.length;
  let prev = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && Number.isNaN(v[i]!)) continue;
    if (i - prev > 1) {
      const a = prev >= 0 ? v[prev]! : i < n ? v[i]! : NaN;
      const b = i < n ? v[i]! : a;
      for (let k = prev + 1; k < i; k++) v[k] = prev < 0 ? b : i >= n ? a : a + ((b - a) * (k - prev)) / (i - prev);
    }
    prev = i;
  }
}
