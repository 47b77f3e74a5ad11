import { ECG_PEN_INKS } from './paper-style';
import type { Prng } from './prng';
import { compositeMask, createMask, drawPolyline, type Raster } from './raster';
import { drawText } from './stroke-font';

const ECG_PEN_WORDS = ['?', 'PVC', 'V?', 'ok', 'AF?', 'see', '!!', 'x2'];

/** Catmull–Rom curve through the control points, sampled densely enough for a smooth stroke. */
function getSmoothCurve(pts: { x: number; y: number }[], perSegment = 24): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < pts.length - 1; i++) {
    const p0 = pts[Math.max(0, i - 1)]!;
    const p1 = pts[i]!;
    const p2 = pts[i + 1]!;
    const p3 = pts[Math.min(pts.length - 1, i + 2)]!;
    for (let k = 0; k < perSegment; k++) {
      const t = k / perSegment;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      xs.push(f(p0.x, p1.x, p2.x, p3.x));
      ys.push(f(p0.y, p1.y, p2.y, p3.y));
    }
  }
  const last = pts[pts.length - 1]!;
  xs.push(last.x);
  ys.push(last.y);
  return { xs, ys };
}

/**
 * Ballpoint marks a reader leaves on a printout: a loop around a beat, a stroke across the trace,
 * a scribbled word. Each is anchored on a beat so it really crosses the trace.
 */
export function drawPenMarks(
  r: Raster,
  count: number,
  prng: Prng,
  pxPerMm: number,
  anchors: readonly { x: number; y: number }[],
): void {
  for (let m = 0; m < count; m++) {
    const mask = createMask(r.width, r.height);
    const a = anchors.length
      ? prng.pick(anchors)
      : { x: r.width * prng.range(0.2, 0.8), y: r.height * prng.range(0.2, 0.8) };
    const hw = (pxPerMm * prng.range(0.35, 0.6)) / 2;
    const kind = prng.int(3);
    if (kind === 0) {
      const rx = pxPerMm * prng.range(4, 8);
      const ry = pxPerMm * prng.range(6, 12);
      const turns = prng.range(1.05, 1.3);
      const pts = Array.from({ length: 12 }, (_, k) => {
        const th = (k / 11) * turns * 2 * Math.PI + prng.range(-0.1, 0.1);
        const wob = 1 + prng.range(-0.08, 0.08);
        return { x: a.x + rx * wob * Math.cos(th), y: a.y + ry * wob * Math.sin(th) };
      });
      const c = getSmoothCurve(pts);
      drawPolyline(mask, c.xs, c.ys, hw);
    } else if (kind === 1) {
      const len = pxPerMm * prng.range(20, 50);
      const ang = prng.range(-1.2, 1.2) + Math.PI / 2;
      const pts = Array.from({ length: 5 }, (_, k) => {
        const t = k / 4 - 0.5;
        return {
          x: a.x + t * len * Math.cos(ang) + prng.range(-2, 2) * pxPerMm,
          y: a.y + t * len * Math.sin(ang) + prng.range(-2, 2) * pxPerMm,
        };
      });
      const c = getSmoothCurve(pts);
      drawPolyline(mask, c.xs, c.ys, hw);
    } else {
      const cap = pxPerMm * prng.range(4, 7);
      drawText(mask, prng.pick(ECG_PEN_WORDS), a.x - cap, a.y + cap * prng.range(-0.3, 0.6), {
        capPx: cap,
        strokePx: hw * 2,
        slant: prng.range(0.1, 0.35),
        jitter: { prng, amount: 0.25 },
      });
    }
    compositeMask(r, mask, prng.pick(ECG_PEN_INKS), prng.range(0.75, 0.95));
  }
}
