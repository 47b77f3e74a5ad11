import sharp from 'sharp';

/** Small drawing helpers for the digitizer's unit tests: our own pages with known geometry. */
export interface TestPage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export function createPage(width: number, height: number, paper: [number, number, number] = [255, 255, 255]): TestPage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(paper, i * 3);
  return { width, height, rgb };
}

export function fillRect(p: TestPage, x0: number, y0: number, w: number, h: number, c: [number, number, number]): void {
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(p.height, Math.ceil(y0 + h)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(p.width, Math.ceil(x0 + w)); x++)
      p.rgb.set(c, (y * p.width + x) * 3);
  }
}

/** ECG paper: 1 mm lines every pxPerMm, 5 mm lines heavier. */
export function drawGrid(
  p: TestPage,
  pxPerMm: number,
  minor: [number, number, number],
  major: [number, number, number],
): void {
  for (let k = 0; k * pxPerMm < Math.max(p.width, p.height); k++) {
    const c = k % 5 === 0 ? major : minor;
    const at = Math.round(k * pxPerMm);
    if (at < p.width) fillRect(p, at, 0, k % 5 === 0 ? 2 : 1, p.height, c);
    if (at < p.height) fillRect(p, 0, at, p.width, k % 5 === 0 ? 2 : 1, c);
  }
}

/** A polyline through (xs, ys) drawn with a round pen of radius r (pixel centres at +0.5). */
export function drawPolyline(
  p: TestPage,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  r: number,
  c: [number, number, number] = [20, 20, 25],
): void {
  for (let i = 0; i + 1 < xs.length; i++) {
    const ax = xs[i]!;
    const ay = ys[i]!;
    const bx = xs[i + 1]!;
    const by = ys[i + 1]!;
    const x0 = Math.floor(Math.min(ax, bx) - r - 1);
    const x1 = Math.ceil(Math.max(ax, bx) + r + 1);
    const y0 = Math.floor(Math.min(ay, by) - r - 1);
    const y1 = Math.ceil(Math.max(ay, by) + r + 1);
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy || 1;
    for (let y = Math.max(0, y0); y <= Math.min(p.height - 1, y1); y++) {
      for (let x = Math.max(0, x0); x <= Math.min(p.width - 1, x1); x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
        const ex = ax + t * dx - px;
        const ey = ay + t * dy - py;
        if (ex * ex + ey * ey <= r * r) p.rgb.set(c, (y * p.width + x) * 3);
      }
    }
  }
}

/** A synthetic ECG-like beat train in mV at time t (s): narrow R, small P and T waves. */
export function computeToyEcg(t: number, rr = 0.8): number {
  const phase = ((t % rr) + rr) % rr;
  const g = (mu: number, sigma: number, a: number) => a * Math.exp(-((phase - mu) ** 2) / (2 * sigma * sigma));
  return g(0.1, 0.02, 0.15) + g(0.25, 0.012, 1.2) - g(0.28, 0.01, 0.25) + g(0.5, 0.04, 0.3);
}

export async function encodePng(p: TestPage): Promise<Buffer> {
  return sharp(Buffer.from(p.rgb), { raw: { width: p.width, height: p.height, channels: 3 } })
    .png()
    .toBuffer();
}

/**
 * A one-row strip on red ECG paper: calibration pulse, then `seconds` of the toy ECG at 25 mm/s
 * and 10 mm/mV, baseline at `baselineMm`. Returns the PNG and the exact geometry.
 */
export async function drawToyStrip(opts: {
  pxPerMm: number;
  seconds: number;
  baselineMm?: number;
  penPx?: number;
  grid?: boolean;
}) {
  const mm = opts.pxPerMm;
  const baselineY = (opts.baselineMm ?? 20) * mm;
  const x0 = 15 * mm;
  const width = Math.round(x0 + opts.seconds * 25 * mm + 10 * mm);
  const height = Math.round(40 * mm);
  const page = createPage(width, height, [255, 251, 250]);
  if (opts.grid !== false) drawGrid(page, mm, [246, 196, 196], [228, 128, 132]);
  const r = (opts.penPx ?? Math.max(1, 0.3 * mm)) / 2;
  // 1 mV pulse: 2 mm foot, 5 mm top, 2 mm foot, 3 mm before the trace.
  const px = 3 * mm;
  drawPolyline(
    page,
    [px, px + 2 * mm, px + 2 * mm, px + 7 * mm, px + 7 * mm, px + 9 * mm],
    [baselineY, baselineY, baselineY - 10 * mm, baselineY - 10 * mm, baselineY, baselineY],
    r,
  );
  const n = Math.round(opts.seconds * 500);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const t = k / 500;
    xs[k] = x0 + t * 25 * mm;
    ys[k] = baselineY - computeToyEcg(t) * 10 * mm;
  }
  drawPolyline(page, xs, ys, r);
  return { png: await encodePng(page), originX: x0, baselineY, width, height };
}
