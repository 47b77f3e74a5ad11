import type { ImageView } from './computeImageView';

/**
 * Saliency as a heat overlay on the scan: one translucent column per window sample, opacity rising
 * with the square of the weight (so the peaks stand out and the trace stays readable), in Okabe–Ito vermillion so it reads on both pink and grey paper.
 */
export function drawSaliencyOverlay(
  ctx: CanvasRenderingContext2D,
  view: ImageView,
  windowStart: number,
  windowEnd: number,
  saliency: readonly number[],
) {
  ctx.clearRect(0, 0, view.width, view.height);
  const n = saliency.length;
  if (!n) return;
  const step = (windowEnd - windowStart) / n;
  for (let i = 0; i < n; i++) {
    const s = Math.max(0, Math.min(1, saliency[i]!));
    if (s < 0.02) continue;
    const x0 = view.sampleToX(windowStart + i * step);
    const x1 = view.sampleToX(windowStart + (i + 1) * step);
    ctx.fillStyle = `rgba(213, 94, 0, ${(0.38 * s * s).toFixed(3)})`;
    ctx.fillRect(x0, 0, Math.max(1, x1 - x0 + 0.5), view.height);
  }
  ctx.strokeStyle = 'rgba(213, 94, 0, 0.9)';
  ctx.setLineDash([4, 3]);
  ctx.strokeRect(
    view.sampleToX(windowStart),
    0.5,
    view.sampleToX(windowEnd) - view.sampleToX(windowStart),
    view.height - 1,
  );
  ctx.setLineDash([]);
}

/** The digitized trace drawn back onto the scan, so a reviewer sees at once whether it was read right. */
export function drawTraceOnScan(
  ctx: CanvasRenderingContext2D,
  view: ImageView,
  firstSample: number,
  samples: readonly (number | null)[],
  color: string,
) {
  ctx.strokeStyle = color;
  ctx.globalAlpha = 0.85;
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const x = view.sampleToX(firstSample + i);
    const y = view.mvToY(v);
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}
