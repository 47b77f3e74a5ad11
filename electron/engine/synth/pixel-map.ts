import type { SynthTruth } from '../../../common/schemas/truth';
import type { PixelMap } from '../../../common/schemas/signal';

/**
 * Helpers for the PixelMap contract, in the SVG pixel convention (pixel (i, j) covers
 * [i, i+1) × [j, j+1)). t is seconds from the panel's left edge; positive rotationDeg turns the
 * image clockwise on screen (y points down), as SVG/CSS rotate() does:
 *   x' = cx + (x − cx)·cosθ − (y − cy)·sinθ,  y' = cy + (x − cx)·sinθ + (y − cy)·cosθ.
 * The deskewed frame is the source image rotated by rotationDeg; a point of the deskewed frame is
 * found on the source image by rotating it back by −rotationDeg.
 */
export function rotatePoint(x: number, y: number, deg: number, cx: number, cy: number): { x: number; y: number } {
  const th = (deg * Math.PI) / 180;
  const c = Math.cos(th);
  const s = Math.sin(th);
  return { x: cx + (x - cx) * c - (y - cy) * s, y: cy + (x - cx) * s + (y - cy) * c };
}

/** (t seconds from the panel's left edge, mV) → pixel on the source image. */
export function mapSignalToImage(m: PixelMap, t: number, mv: number): { x: number; y: number } {
  const x = m.originX + t * m.pxPerSecond;
  const y = m.originY - mv * m.pxPerMv;
  return m.rotationDeg ? rotatePoint(x, y, -m.rotationDeg, m.rotationCenterX, m.rotationCenterY) : { x, y };
}

/** Pixel on the source image → (t seconds from the panel's left edge, mV). */
export function mapImageToSignal(m: PixelMap, x: number, y: number): { t: number; mv: number } {
  const p = m.rotationDeg ? rotatePoint(x, y, m.rotationDeg, m.rotationCenterX, m.rotationCenterY) : { x, y };
  return { t: (p.x - m.originX) / m.pxPerSecond, mv: (m.originY - p.y) / m.pxPerMv };
}

/** A 3×3 homography, row-major, acting on (x, y, 1). */
export type Homography = [number, number, number, number, number, number, number, number, number];

export const IDENTITY_HOMOGRAPHY: Homography = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function applyHomography(h: Homography, x: number, y: number): { x: number; y: number } {
  const w = h[6] * x + h[7] * y + h[8];
  return { x: (h[0] * x + h[1] * y + h[2]) / w, y: (h[3] * x + h[4] * y + h[5]) / w };
}

export function multiplyHomography(a: Homography, b: Homography): Homography {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c]! += a[r * 3 + k]! * b[k * 3 + c]!;
  return out as Homography;
}

export function invertHomography(h: Homography): Homography {
  const [a, b, c, d, e, f, g, hh, i] = h;
  const A = e * i - f * hh;
  const B = -(d * i - f * g);
  const C = d * hh - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) throw new Error('singular homography');
  const inv = [
    A,
    -(b * i - c * hh),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * hh - b * g),
    a * e - b * d,
  ];
  return inv.map((v) => v / det) as Homography;
}

/**
 * A truth panel's PixelMap re-expressed on the rendered image, for comparison with what a
 * digitizer reports: truth maps live on the clean page, and a page that was only rotated maps onto
 * the image by the same PixelMap with rotationDeg = −(page rotation) about the rotation's fixed
 * point. Null when the page transform has perspective (use pageTransform then).
 */
export function getImagePixelMap(truth: SynthTruth, panel: number): PixelMap | null {
  const map = truth.panels[panel]!.pixelMap;
  const h = (truth.pageTransform ?? IDENTITY_HOMOGRAPHY) as Homography;
  if (Math.abs(h[6]) > 1e-12 || Math.abs(h[7]) > 1e-12 || Math.abs(h[8] - 1) > 1e-12) return null;
  const th = Math.atan2(h[3], h[0]);
  const c = Math.cos(th);
  const s = Math.sin(th);
  if (Math.abs(h[0] - c) > 1e-9 || Math.abs(h[1] + s) > 1e-9 || Math.abs(h[4] - c) > 1e-9) return null;
  if (Math.abs(th) < 1e-15) return { ...map, rotationDeg: 0 };
  // Fixed point of x ↦ R·x + t: (I − R)·p = t.
  const [a, b, d, e] = [1 - c, s, -s, 1 - c];
  const det = a * e - b * d;
  const px = (e * h[2] - b * h[5]) / det;
  const py = (a * h[5] - d * h[2]) / det;
  return { ...map, rotationDeg: (-th * 180) / Math.PI, rotationCenterX: px, rotationCenterY: py };
}
