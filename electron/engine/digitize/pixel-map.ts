import type { PixelMap } from '../../../common/schemas/signal';

/**
 * Source-image pixel of a lead's point (t seconds from the panel's left edge, value in mV).
 * In the deskewed frame x = originX + t·pxPerSecond, y = originY − mV·pxPerMv; that frame is the
 * source rotated by rotationDeg about the centre, so the source point is the deskewed one rotated
 * back by −rotationDeg (image axes: x right, y down).
 */
export function mapSampleToSource(pm: PixelMap, t: number, mv: number): { x: number; y: number } {
  const qx = pm.originX + t * pm.pxPerSecond - pm.rotationCenterX;
  const qy = pm.originY - mv * pm.pxPerMv - pm.rotationCenterY;
  const a = (-pm.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return { x: pm.rotationCenterX + cos * qx - sin * qy, y: pm.rotationCenterY + sin * qx + cos * qy };
}
