import type { ImageKind } from '../../../common/schemas/image';
import { type Homography, IDENTITY_HOMOGRAPHY, invertHomography, multiplyHomography } from './pixel-map';
import type { Prng } from './prng';
import { getLuma, type Raster, type Rgb } from './raster';

export type ArtifactLevel = 0 | 1 | 2 | 3;
export const ECG_ARTIFACT_LEVELS: readonly ArtifactLevel[] = [0, 1, 2, 3];

/** Colour of the scanner lid/table that shows where a rotated page leaves the frame. */
const ECG_SCAN_BACKGROUND: Rgb = [236, 236, 232];

export interface Crease {
  /** A point on the fold and its direction, in page pixels / radians. */
  x: number;
  y: number;
  angle: number;
  widthPx: number;
  depth: number;
}

type Range = readonly [number, number];

/** Per level: blur σ (px at 200 dpi), noise σ (grey levels), JPEG quality, lighting strength. */
const ECG_PAGE_ARTIFACT_RANGES: readonly { blur: Range; noise: Range; jpeg: Range; light: Range }[] = [
  { blur: [0, 0], noise: [0, 0], jpeg: [0, 0], light: [0, 0] },
  { blur: [0.35, 0.6], noise: [1, 3], jpeg: [80, 92], light: [0.04, 0.1] },
  { blur: [0.6, 0.9], noise: [3, 6], jpeg: [60, 80], light: [0.1, 0.22] },
  { blur: [0.9, 1.4], noise: [6, 10], jpeg: [35, 60], light: [0.2, 0.35] },
];

/** Everything an artefact level decided for one image, drawn from the image's PRNG up front. */
export interface ArtifactPlan {
  level: ArtifactLevel;
  rotationDeg: number;
  /** Keystone: projective terms as a fraction of the half width/height (0.02 = 2 % at the edge). */
  perspective: { kx: number; ky: number } | null;
  blurSigmaPx: number;
  noiseSigma: number;
  jpegQuality: number | null;
  lighting: { strength: number; angle: number } | null;
  creases: Crease[];
  marks: number;
  photocopy: { threshold: number } | null;
  /** How far ink and grid are blended toward the paper (faded print), 0..1. */
  fade: number | null;
}

/**
 * Graded artefacts. Level 1: a slightly tilted, clean scan. Level 2: tilt, keystone, blur, noise,
 * uneven light, sometimes a crease or faded print. Level 3: a poor photo of a handled printout:
 * up to ±5°, creases, pen marks across the trace, photocopy black-and-white or faded ink, strong
 * JPEG. Beat crops get only the pixel-level ones (their shift is in the signal).
 */
export function planArtifacts(
  kind: ImageKind,
  level: ArtifactLevel,
  prng: Prng,
  dpi: number,
  width: number,
  height: number,
): ArtifactPlan {
  const plan: ArtifactPlan = {
    level,
    rotationDeg: 0,
    perspective: null,
    blurSigmaPx: 0,
    noiseSigma: 0,
    jpegQuality: null,
    lighting: null,
    creases: [],
    marks: 0,
    photocopy: null,
    fade: null,
  };
  if (level === 0) return plan;
  if (kind === 'beat') {
    if (level >= 2) plan.noiseSigma = level === 2 ? prng.range(2, 5) : prng.range(5, 10);
    if (level >= 2) plan.blurSigmaPx = prng.range(0.3, level === 2 ? 0.5 : 0.8);
    if (level === 3) plan.jpegQuality = Math.round(prng.range(45, 75));
    return plan;
  }
  const s = dpi / 200;
  const maxRot = [0, 1.5, 3, 5][level]!;
  plan.rotationDeg = prng.range(-maxRot, maxRot);
  if (level >= 2) {
    const k = level === 2 ? 0.02 : 0.045;
    plan.perspective = { kx: prng.range(-k, k), ky: prng.range(-k, k) };
  }
  const r = ECG_PAGE_ARTIFACT_RANGES[level]!;
  plan.blurSigmaPx = s * prng.range(r.blur[0], r.blur[1]);
  plan.noiseSigma = prng.range(r.noise[0], r.noise[1]);
  plan.jpegQuality = Math.round(prng.range(r.jpeg[0], r.jpeg[1]));
  if (level >= 2 || prng.next() < 0.5)
    plan.lighting = { strength: prng.range(r.light[0], r.light[1]), angle: prng.range(0, 2 * Math.PI) };
  const nCreases = level === 3 ? 1 + prng.int(2) : level === 2 && prng.next() < 0.5 ? 1 : 0;
  for (let i = 0; i < nCreases; i++) {
    const vertical = prng.next() < 0.5;
    plan.creases.push({
      x: width * prng.range(0.2, 0.8),
      y: height * prng.range(0.2, 0.8),
      angle: (vertical ? Math.PI / 2 : 0) + prng.range(-0.05, 0.05),
      widthPx: s * prng.range(3, 7),
      depth: prng.range(0.12, 0.3),
    });
  }
  if (level === 3) plan.marks = 1 + prng.int(3);
  if (level === 3) {
    if (prng.next() < 0.5) plan.photocopy = { threshold: prng.range(150, 185) };
    else plan.fade = prng.range(0.35, 0.6);
  } else if (level === 2 && prng.next() < 0.3) plan.fade = prng.range(0.2, 0.4);
  return plan;
}

/** The artefacts as named parameter sets for the truth file. */
export function describeArtifacts(plan: ArtifactPlan): { name: string; params: Record<string, number> }[] {
  const out: { name: string; params: Record<string, number> }[] = [];
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  if (plan.rotationDeg) out.push({ name: 'rotation', params: { degrees: r(plan.rotationDeg) } });
  if (plan.perspective)
    out.push({ name: 'perspective', params: { kx: r(plan.perspective.kx), ky: r(plan.perspective.ky) } });
  if (plan.fade !== null) out.push({ name: 'faded-ink', params: { amount: r(plan.fade) } });
  if (plan.marks) out.push({ name: 'pen-marks', params: { count: plan.marks } });
  plan.creases.forEach((c) =>
    out.push({ name: 'crease', params: { x: r(c.x), y: r(c.y), angle: r(c.angle), depth: r(c.depth) } }),
  );
  if (plan.photocopy) out.push({ name: 'photocopy', params: { threshold: r(plan.photocopy.threshold) } });
  if (plan.lighting)
    out.push({
      name: 'uneven-lighting',
      params: { strength: r(plan.lighting.strength), angle: r(plan.lighting.angle) },
    });
  if (plan.blurSigmaPx) out.push({ name: 'blur', params: { sigmaPx: r(plan.blurSigmaPx) } });
  if (plan.noiseSigma) out.push({ name: 'noise', params: { sigma: r(plan.noiseSigma) } });
  if (plan.jpegQuality !== null) out.push({ name: 'jpeg', params: { quality: plan.jpegQuality } });
  return out;
}

/** Page → image transform: rotation about the centre, then keystone (both about the centre). */
export function computePageTransform(plan: ArtifactPlan, width: number, height: number): Homography {
  if (!plan.rotationDeg && !plan.perspective) return IDENTITY_HOMOGRAPHY;
  const cx = width / 2;
  const cy = height / 2;
  const th = (plan.rotationDeg * Math.PI) / 180;
  const c = Math.cos(th);
  const s = Math.sin(th);
  const toCentre: Homography = [1, 0, -cx, 0, 1, -cy, 0, 0, 1];
  const back: Homography = [1, 0, cx, 0, 1, cy, 0, 0, 1];
  const rot: Homography = [c, -s, 0, s, c, 0, 0, 0, 1];
  const kx = plan.perspective ? plan.perspective.kx / cx : 0;
  const ky = plan.perspective ? plan.perspective.ky / cy : 0;
  const persp: Homography = [1, 0, 0, 0, 1, 0, kx, ky, 1];
  return multiplyHomography(back, multiplyHomography(persp, multiplyHomography(rot, toCentre)));
}

/** Resample the page through the transform (bilinear), filling what falls outside with the lid. */
export function warpRaster(page: Raster, h: Homography): Raster {
  const { width, height, channels: ch } = page;
  const inv = invertHomography(h);
  const out = new Uint8ClampedArray(page.data.length);
  const src = page.data;
  const bg = ch === 1 ? [getLuma(ECG_SCAN_BACKGROUND)] : ECG_SCAN_BACKGROUND;
  // Source value with the lid outside the page (only used on the page's border).
  const at = (uu: number, vv: number, c: number) =>
    uu < 0 || vv < 0 || uu >= width || vv >= height ? bg[c]! : src[(vv * width + uu) * ch + c]!;
  const rowStride = width * ch;
  for (let j = 0; j < height; j++) {
    const y = j + 0.5;
    for (let i = 0; i < width; i++) {
      const x = i + 0.5;
      const w = inv[6] * x + inv[7] * y + inv[8];
      const u = (inv[0] * x + inv[1] * y + inv[2]) / w - 0.5;
      const v = (inv[3] * x + inv[4] * y + inv[5]) / w - 0.5;
      const o = (j * width + i) * ch;
      const u0 = Math.floor(u);
      const v0 = Math.floor(v);
      const fu = u - u0;
      const fv = v - v0;
      if (u0 >= 0 && v0 >= 0 && u0 + 1 < width && v0 + 1 < height) {
        const p = v0 * rowStride + u0 * ch;
        for (let c = 0; c < ch; c++) {
          const a = src[p + c]!;
          const b = src[p + ch + c]!;
          const d = src[p + rowStride + c]!;
          const e = src[p + rowStride + ch + c]!;
          out[o + c] = (a + (b - a) * fu) * (1 - fv) + (d + (e - d) * fu) * fv;
        }
      } else if (u0 < -1 || v0 < -1 || u0 >= width || v0 >= height) {
        for (let c = 0; c < ch; c++) out[o + c] = bg[c]!;
      } else {
        for (let c = 0; c < ch; c++) {
          const top = at(u0, v0, c) * (1 - fu) + at(u0 + 1, v0, c) * fu;
          const bot = at(u0, v0 + 1, c) * (1 - fu) + at(u0 + 1, v0 + 1, c) * fu;
          out[o + c] = top * (1 - fv) + bot * fv;
        }
      }
    }
  }
  return { width, height, channels: ch, data: out };
}

/** Paper folds: a dark valley with a lighter ridge beside it. */
export function applyCreases(r: Raster, creases: readonly Crease[]): void {
  for (const cr of creases) {
    const nx = -Math.sin(cr.angle);
    const ny = Math.cos(cr.angle);
    const reach = cr.widthPx * 4;
    for (let j = 0; j < r.height; j++) {
      for (let i = 0; i < r.width; i++) {
        const d = (i + 0.5 - cr.x) * nx + (j + 0.5 - cr.y) * ny;
        if (d < -reach || d > reach) continue;
        const z = d / cr.widthPx;
        const f = 1 - cr.depth * Math.exp(-z * z * 4) + 0.35 * cr.depth * Math.exp(-(z - 1.5) * (z - 1.5) * 2);
        const o = (j * r.width + i) * r.channels;
        for (let c = 0; c < r.channels; c++) r.data[o + c] = r.data[o + c]! * f;
      }
    }
  }
}

/** A bright side and a dim side plus a vignette, as under a desk lamp. */
export function applyLighting(r: Raster, strength: number, angle: number): void {
  const cx = r.width / 2;
  const cy = r.height / 2;
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  const half = Math.hypot(cx, cy);
  for (let j = 0; j < r.height; j++) {
    for (let i = 0; i < r.width; i++) {
      const dx = i + 0.5 - cx;
      const dy = j + 0.5 - cy;
      const ramp = 0.5 + (0.5 * (dx * ca + dy * sa)) / half;
      const vig = (dx * dx) / (cx * cx) + (dy * dy) / (cy * cy);
      const f = 1 - strength * (0.75 * ramp + 0.25 * Math.min(1, vig / 2));
      const o = (j * r.width + i) * r.channels;
      for (let c = 0; c < r.channels; c++) r.data[o + c] = r.data[o + c]! * f;
    }
  }
}

/** 4096 normal draws to index with cheap uniform bits: per-pixel Box–Muller would dominate. */
function makeGaussianTable(prng: Prng, sigma: number, size = 4096): Float32Array {
  const table = new Float32Array(size);
  for (let i = 0; i < table.length; i++) table[i] = prng.gaussian() * sigma;
  return table;
}

/** Photocopy: one toner threshold with a little grain, so faint grid lines vanish and ink blackens. */
export function applyPhotocopy(r: Raster, threshold: number, prng: Prng): void {
  const grain = makeGaussianTable(prng, 10);
  const n = r.width * r.height;
  for (let i = 0; i < n; i++) {
    const o = i * r.channels;
    const y = r.channels === 1 ? r.data[o]! : 0.299 * r.data[o]! + 0.587 * r.data[o + 1]! + 0.114 * r.data[o + 2]!;
    const v = y + grain[prng.nextU32() & 4095]! < threshold ? 24 : 248;
    for (let c = 0; c < r.channels; c++) r.data[o + c] = v;
  }
}

/** Sensor noise, one normal draw per pixel shared by its channels (luminance noise). */
export function applyNoise(r: Raster, sigma: number, prng: Prng): void {
  const n = r.width * r.height;
  // A small crop needs fewer distinct draws; the table is the costly part there.
  const size = n < 1 << 16 ? 1024 : 4096;
  const table = makeGaussianTable(prng, sigma, size);
  for (let i = 0; i < n; i++) {
    const e = table[prng.nextU32() & (size - 1)]!;
    const o = i * r.channels;
    for (let c = 0; c < r.channels; c++) r.data[o + c] = r.data[o + c]! + e;
  }
}
