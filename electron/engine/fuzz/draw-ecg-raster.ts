import type { Rng } from './prng';

/** Interleaved 8-bit RGB, row 0 at the top. */
export interface RgbRaster {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Paper at 25 mm/s and 10 mm/mV drawn at 5 px/mm: a small, ECG-shaped picture, not a calibrated scan. */
const ECG_FUZZ_PX_PER_MM = 5;
const ECG_FUZZ_PX_PER_S = 25 * ECG_FUZZ_PX_PER_MM;
const ECG_FUZZ_PX_PER_MV = 10 * ECG_FUZZ_PX_PER_MM;
const GRID_MINOR: [number, number, number] = [255, 222, 222];
const GRID_MAJOR: [number, number, number] = [240, 160, 160];

function setPixel(r: RgbRaster, x: number, y: number, c: readonly [number, number, number]): void {
  if (x < 0 || y < 0 || x >= r.width || y >= r.height) return;
  const i = (y * r.width + x) * 3;
  r.rgb[i] = c[0];
  r.rgb[i + 1] = c[1];
  r.rgb[i + 2] = c[2];
}

function drawGrid(r: RgbRaster): void {
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      if (x % (5 * ECG_FUZZ_PX_PER_MM) === 0 || y % (5 * ECG_FUZZ_PX_PER_MM) === 0) setPixel(r, x, y, GRID_MAJOR);
      else if (x % ECG_FUZZ_PX_PER_MM === 0 || y % ECG_FUZZ_PX_PER_MM === 0) setPixel(r, x, y, GRID_MINOR);
    }
  }
}

/** A 2-px pen along a Bresenham line. */
function drawLine(r: RgbRaster, x0: number, y0: number, x1: number, y1: number): void {
  const ink = [0, 0, 0] as const;
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    setPixel(r, x0, y0, ink);
    setPixel(r, x0 + 1, y0, ink);
    setPixel(r, x0, y0 + 1, ink);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

/** One PQRST complex as a sum of Gaussians (mV) at `t` seconds after the beat's onset. */
function computeBeatMv(t: number, rAmp: number, tAmp: number): number {
  const g = (mu: number, sd: number, a: number) => a * Math.exp(-((t - mu) ** 2) / (2 * sd * sd));
  return g(0.1, 0.025, 0.15) + g(0.2, 0.008, -0.12) + g(0.22, 0.01, rAmp) + g(0.245, 0.01, -0.25) + g(0.45, 0.05, tAmp);
}

/** White paper, a pink grid and a black synthetic ECG trace, varied by the random stream. */
export function drawEcgRaster(rng: Rng, width: number, height: number): RgbRaster {
  const r: RgbRaster = { width, height, rgb: new Uint8Array(width * height * 3).fill(255) };
  drawGrid(r);
  const rr = 60 / rng.int(50, 120);
  const rAmp = 0.6 + rng.next() * 0.9;
  const tAmp = 0.1 + rng.next() * 0.3;
  const phase = rng.next() * rr;
  const baseline = Math.round(height * (0.55 + rng.next() * 0.15));
  let prev: [number, number] | null = null;
  for (let x = 0; x < width; x++) {
    const t = (x / ECG_FUZZ_PX_PER_S + phase) % rr;
    const noise = (rng.next() - 0.5) * 0.02;
    const y = Math.round(baseline - (computeBeatMv(t, rAmp, tAmp) + noise) * ECG_FUZZ_PX_PER_MV);
    const clamped = Math.min(height - 2, Math.max(1, y));
    if (prev) drawLine(r, prev[0], prev[1], x, clamped);
    prev = [x, clamped];
  }
  return r;
}
