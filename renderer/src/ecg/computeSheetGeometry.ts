import type { Box } from '../../../common/schemas/primitives';
import type { LeadSaliency } from '../../../common/schemas/record';
import type { PixelMap } from '../../../common/schemas/signal';
import { computeSourcePoint } from './computeImageView';

/**
 * Geometry of the sheet view. Everything is drawn in the deskewed frame of each lead's pixel map
 * (common/schemas/signal.ts: x = originX + t·pxPerSecond with t = sample / fs, y = originY − mV·pxPerMv)
 * inside an SVG group that rotates the deskewed frame back onto the source scan.
 */

/** SVG transform taking a lead's deskewed frame onto the source image (the inverse of the deskew). */
export function getDeskewTransform(pm: PixelMap): string | undefined {
  if (!pm.rotationDeg) return undefined;
  return `rotate(${-pm.rotationDeg} ${pm.rotationCenterX} ${pm.rotationCenterY})`;
}

function round(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** The trace as an SVG path in the deskewed frame; a gap (null) lifts the pen. */
export function computeLeadPath(samples: readonly (number | null)[], fs: number, pm: PixelMap): string {
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const x = pm.originX + (i / fs) * pm.pxPerSecond;
    const y = pm.originY - v * pm.pxPerMv;
    parts.push(`${pen ? 'L' : 'M'}${round(x)} ${round(y)}`);
    pen = true;
  }
  return parts.join('');
}

export interface SaliencyColumn {
  x: number;
  y: number;
  width: number;
  height: number;
  opacity: number;
}

/** Strongest shading, for the most important column of the lead with the largest share. */
export const ECG_SALIENCY_MAX_OPACITY = 0.5;

/**
 * A lead's saliency as shaded columns of its panel (deskewed frame): the profile's points are evenly
 * spaced from the first to the last sample, each column centred on its point; opacity grows with the
 * point's value and with the lead's share relative to the largest share on the sheet.
 */
export function computeSaliencyColumns(
  saliency: LeadSaliency,
  maxShare: number,
  nSamples: number,
  fs: number,
  pm: PixelMap,
): SaliencyColumn[] {
  const k = saliency.profile.length;
  if (!k || nSamples < 1 || maxShare <= 0) return [];
  const weight = saliency.share / maxShare;
  const last = nSamples - 1;
  const step = k > 1 ? last / (k - 1) : last || 1;
  const toX = (s: number) => pm.originX + (s / fs) * pm.pxPerSecond;
  const out: SaliencyColumn[] = [];
  for (let j = 0; j < k; j++) {
    const centre = k > 1 ? j * step : last / 2;
    const a = Math.max(0, centre - step / 2);
    const b = Math.min(last, centre + step / 2);
    const opacity = ECG_SALIENCY_MAX_OPACITY * Math.max(0, Math.min(1, saliency.profile[j]!)) * weight;
    if (opacity < 0.01 || b <= a) continue;
    out.push({ x: toX(a), y: pm.panel.y, width: toX(b) - toX(a), height: pm.panel.height, opacity });
  }
  return out;
}

/** The box on the source image that holds a lead's panel (its four corners rotated back). */
export function computePanelSourceBox(pm: PixelMap): Box {
  const { x, y, width, height } = pm.panel;
  const corners = [
    computeSourcePoint(pm, x, y),
    computeSourcePoint(pm, x + width, y),
    computeSourcePoint(pm, x, y + height),
    computeSourcePoint(pm, x + width, y + height),
  ];
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  return {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

/** What the view shows: the whole scan, or one lead's panel with a margin (clipped to the scan). */
export function computeSheetViewBox(
  imageWidth: number,
  imageHeight: number,
  pm: PixelMap | null,
  marginShare = 0.08,
): Box {
  if (!pm) return { x: 0, y: 0, width: imageWidth, height: imageHeight };
  const b = computePanelSourceBox(pm);
  const m = marginShare * Math.max(b.width, b.height);
  const x = Math.max(0, b.x - m);
  const y = Math.max(0, b.y - m);
  return {
    x,
    y,
    width: Math.min(imageWidth, b.x + b.width + m) - x,
    height: Math.min(imageHeight, b.y + b.height + m) - y,
  };
}

/** Entropy of the record model's mean as a share of its maximum (ln of the number of classes), 0..1. */
export function computeRecordUncertainty(entropy: number, nClasses: number): number {
  return nClasses > 1 ? Math.max(0, Math.min(1, entropy / Math.log(nClasses))) : 0;
}
