import type { TracePath } from './trace-path';

function medianOf(ys: Float64Array, a: number, b: number): number {
  const v: number[] = [];
  for (let c = Math.max(0, a); c < Math.min(ys.length, b); c++) if (!Number.isNaN(ys[c]!)) v.push(ys[c]!);
  v.sort((p, q) => p - q);
  return v.length ? v[v.length >> 1]! : NaN;
}

/**
 * Evidence that a row is the standard four 2.5 s panels rather than one 10 s lead, at each
 * quarter point: a gap in the trace, a baseline step between the leads, or a separator tick (an
 * ink run much taller than the trace where the trace itself is flat). Returns how many of the
 * three boundaries show it.
 */
export function countPanelBoundaries(path: TracePath, start: number, end: number, pxPerMm: number): number {
  const { ys, top, bottom, thickness } = path;
  let found = 0;
  const w = Math.round(1.5 * pxPerMm);
  for (let k = 1; k <= 3; k++) {
    const b = Math.round(start + ((end - start) * k) / 4);
    let gap = 0;
    let tick = false;
    for (let c = b - w; c <= b + w; c++) {
      if (c < 0 || c >= ys.length) continue;
      if (top[c]! < 0) gap++;
      else if (bottom[c]! - top[c]! + 1 > 3 * pxPerMm) {
        const l = ys[c - Math.round(pxPerMm)];
        const r = ys[c + Math.round(pxPerMm)];
        if (l !== undefined && r !== undefined && Math.abs(l - r) < 0.5 * pxPerMm) tick = true;
      }
    }
    const left = medianOf(ys, b - Math.round(4 * pxPerMm), b - Math.round(0.5 * pxPerMm));
    const right = medianOf(ys, b + Math.round(0.5 * pxPerMm), b + Math.round(4 * pxPerMm));
    const step = Math.abs(left - right) > Math.max(1.5 * pxPerMm, 3 * thickness);
    if (gap >= Math.max(2, 0.5 * pxPerMm) || tick || step) found++;
  }
  return found;
}
