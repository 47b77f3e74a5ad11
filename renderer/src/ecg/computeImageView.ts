import type { Box } from '../../../common/schemas/primitives';
import type { PixelMap } from '../../../common/schemas/signal';

/**
 * How to show a box of the deskewed frame of a scan in a view `width` wide.
 *
 * Conventions read from PixelMap (common/schemas/signal.ts): sample i of the lead is at
 * t = i / fs seconds, x = originX + t·pxPerSecond, y = originY − mV·pxPerMv in the deskewed frame,
 * and the deskewed frame is the source rotated by rotationDeg about the rotation centre, in image
 * coordinates (y down, so positive is clockwise on screen, as CSS `rotate()`).
 */
export interface ImageView {
  box: Box;
  scale: number;
  width: number;
  height: number;
  /** CSS transform for an <img> at (0,0) with transform-origin 0 0, at its natural size. */
  transform: string;
  sampleToX: (sample: number) => number;
  mvToY: (mv: number) => number;
}

export function computeImageView(pm: PixelMap, fs: number, box: Box, width: number, maxHeight = Infinity): ImageView {
  const scale = Math.min(width / box.width, maxHeight / box.height);
  const cx = pm.rotationCenterX;
  const cy = pm.rotationCenterY;
  const transform =
    `scale(${scale}) translate(${-box.x}px, ${-box.y}px) ` +
    (pm.rotationDeg ? `translate(${cx}px, ${cy}px) rotate(${pm.rotationDeg}deg) translate(${-cx}px, ${-cy}px)` : '');
  return {
    box,
    scale,
    width: box.width * scale,
    height: box.height * scale,
    transform: transform.trim(),
    sampleToX: (sample) => (pm.originX + (sample / fs) * pm.pxPerSecond - box.x) * scale,
    mvToY: (mv) => (pm.originY - mv * pm.pxPerMv - box.y) * scale,
  };
}

/**
 * The piece of the lead's panel around one beat: `halfSeconds` either side of R, and vertically the
 * trace's own range (`mvRange`) plus a margin, so a tall panel does not shrink the beat to a sliver.
 */
export function computeBeatBox(
  pm: PixelMap,
  fs: number,
  rSample: number,
  halfSeconds = 0.9,
  mvRange?: [number, number],
  marginMv = 0.6,
): Box {
  const xR = pm.originX + (rSample / fs) * pm.pxPerSecond;
  const half = halfSeconds * pm.pxPerSecond;
  const left = Math.max(pm.panel.x, xR - half);
  const right = Math.min(pm.panel.x + pm.panel.width, xR + half);
  let top = pm.panel.y;
  let bottom = pm.panel.y + pm.panel.height;
  if (mvRange && Number.isFinite(mvRange[0]) && Number.isFinite(mvRange[1])) {
    top = Math.max(top, pm.originY - (mvRange[1] + marginMv) * pm.pxPerMv);
    bottom = Math.min(bottom, pm.originY - (mvRange[0] - marginMv) * pm.pxPerMv);
    if (bottom - top < 1) [top, bottom] = [pm.panel.y, pm.panel.y + pm.panel.height];
  }
  return { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Lowest and highest mV among the samples, ignoring gaps; null when there are none. */
export function computeMvRange(samples: readonly (number | null)[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of samples) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Map a point of the deskewed frame back to the source image (inverse rotation). */
export function computeSourcePoint(pm: PixelMap, x: number, y: number): { x: number; y: number } {
  const a = (-pm.rotationDeg * Math.PI) / 180;
  const dx = x - pm.rotationCenterX;
  const dy = y - pm.rotationCenterY;
  return {
    x: pm.rotationCenterX + dx * Math.cos(a) - dy * Math.sin(a),
    y: pm.rotationCenterY + dx * Math.sin(a) + dy * Math.cos(a),
  };
}
