import type { PixelMap } from '../../../common/schemas/signal';
import type { WfdbRecord } from '../wfdb/record';
import { drawPolyline, type Mask } from './raster';

/** One rectangle of the page that shows one stretch of one channel. Geometry in pixels. */
export interface PanelSpec {
  /** Printed label (standard lead name or the record's own). */
  label: string;
  channel: number;
  startSample: number;
  /** Samples drawn: startSample … startSample + nSamples (the end one included, so panels meet). */
  nSamples: number;
  box: { x: number; y: number; width: number; height: number };
  /** x of the panel's first sample, y of the row's baseline (where the panel's median sits). */
  x0: number;
  baselineY: number;
  pxPerSecond: number;
  pxPerMv: number;
}

export function getMedian(values: ArrayLike<number>, from: number, to: number): number {
  const v = Array.prototype.slice.call(values, from, to) as number[];
  if (!v.length) return 0;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * The exact mapping of a panel: 0 mV sits where the panel's median must land on the baseline, so a
 * wandering record stays in its row while every sample keeps its true value.
 */
export function computePanelPixelMap(record: WfdbRecord, p: PanelSpec, centerX: number, centerY: number): PixelMap {
  const mv = record.signals[p.channel]!.mv;
  const median = getMedian(mv, p.startSample, p.startSample + p.nSamples + 1);
  return {
    panel: p.box,
    originX: p.x0,
    originY: p.baselineY + median * p.pxPerMv,
    pxPerSecond: p.pxPerSecond,
    pxPerMv: p.pxPerMv,
    rotationDeg: 0,
    rotationCenterX: centerX,
    rotationCenterY: centerY,
  };
}

/** Draw the panel's samples as one polyline through their exact positions under `map`. */
export function drawPanelTrace(mask: Mask, record: WfdbRecord, p: PanelSpec, map: PixelMap, halfWidth: number): void {
  const mv = record.signals[p.channel]!.mv;
  const end = Math.min(mv.length - 1, p.startSample + p.nSamples);
  const n = end - p.startSample + 1;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const pxPerSample = map.pxPerSecond / record.fs;
  for (let k = 0; k < n; k++) {
    xs[k] = map.originX + k * pxPerSample;
    ys[k] = map.originY - mv[p.startSample + k]! * map.pxPerMv;
  }
  drawPolyline(mask, xs, ys, halfWidth);
}
