import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SynthTruth } from '../../common/schemas/truth';
import {
  applyHomography,
  getImagePixelMap,
  type Homography,
  mapSignalToImage,
  renderBeatImage,
  renderSheet,
  renderStrip,
} from '../../electron/engine/synth/index';
import { getSortedBeats } from '../../electron/engine/synth/record-cache';
import { loadRecord, type WfdbRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

/**
 * Read the drawn trace back from the pixels with the truth's PixelMap, the way a digitizer would,
 * and compare with the record's true samples.
 */
interface Decoded {
  width: number;
  height: number;
  /** 0 = paper, 255 = full ink: 255 − max(R, G, B), so coloured grid lines barely count. */
  ink: Uint8Array;
}

async function decodeInk(png: Buffer): Promise<Decoded> {
  const { data, info } = await sharp(png)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ink = new Uint8Array(info.width * info.height);
  for (let i = 0; i < ink.length; i++) ink[i] = 255 - Math.max(data[3 * i]!, data[3 * i + 1]!, data[3 * i + 2]!);
  return { width: info.width, height: info.height, ink };
}

type Truth = ReturnType<typeof SynthTruth.parse>;

/** Polyline vertices of panel k in page pixels, from the truth alone (true samples + PixelMap). */
function getPanelPolyline(truth: Truth, k: number): { xs: number[]; ys: number[] } {
  const p = truth.panels[k]!;
  const m = p.pixelMap;
  const lead = truth.leads.find((l) => l.channel === p.channel)!;
  const first = Math.round(p.startTime * lead.fs);
  const n = Math.round(p.duration * lead.fs);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let s = first; s <= first + n; s++) {
    xs.push(m.originX + ((s - first) / lead.fs) * m.pxPerSecond);
    ys.push(m.originY - lead.samples[s - lead.startSample]! * m.pxPerMv);
  }
  return { xs, ys };
}

/** y of the polyline at x (linear between vertices; xs ascending). */
function getYAt(xs: number[], ys: number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const f = (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return ys[lo]! + (ys[hi]! - ys[lo]!) * Math.min(1, Math.max(0, f));
}

/** Shortest distance from (x, y) to the polyline segments whose x-span comes within `reach`. */
function getDistance(xs: number[], ys: number[], x: number, y: number, reach: number): number {
  let best = Infinity;
  for (let k = 1; k < xs.length; k++) {
    if (xs[k]! < x - reach || xs[k - 1]! > x + reach) continue;
    const dx = xs[k]! - xs[k - 1]!;
    const dy = ys[k]! - ys[k - 1]!;
    const t = Math.max(0, Math.min(1, ((x - xs[k - 1]!) * dx + (y - ys[k - 1]!) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - xs[k - 1]! - t * dx, y - ys[k - 1]! - t * dy));
  }
  return best;
}

interface ColumnReport {
  columns: number;
  /** Columns whose true point (signal at the column centre) is not on ink within one pixel. */
  missed: number[];
  /** Columns whose ink centroid is more than one pixel from every value the signal takes under the pen. */
  offTrace: { x: number; errPx: number }[];
  /** |centroid − true value at the column centre| outside the QRS (signal range under the pen < 10 px). */
  centroidErrors: number[];
  /** Ink pixels of the trace's run further than half-width + 1 px from the true polyline. */
  stray: number;
}

/**
 * For each pixel column of a panel: the run of inked rows (coverage > 50 %) around the true
 * point must contain it (±1 px); the run's ink centroid, read as a signal value, must be within one
 * pixel of the true signal under the pen; and no pixel of the run may lie further than
 * half-width + 1 px from the true polyline.
 */
function checkPanelColumns(img: Decoded, truth: Truth, k: number, skipLeftPx = 0): ColumnReport {
  const box = truth.panels[k]!.box;
  const { xs, ys } = getPanelPolyline(truth, k);
  const hw = truth.traceWidthPx! / 2;
  const rep: ColumnReport = { columns: 0, missed: [], offTrace: [], centroidErrors: [], stray: 0 };
  const i0 = Math.ceil(box.x + skipLeftPx) + 1;
  const i1 = Math.floor(box.x + box.width) - 2;
  const j0 = Math.max(0, Math.floor(box.y));
  const j1 = Math.min(img.height - 1, Math.ceil(box.y + box.height));
  for (let i = i0; i <= i1; i++) {
    rep.columns++;
    const xc = i + 0.5;
    const yTrue = getYAt(xs, ys, xc);
    // The run of ink rows containing (or nearest to) the true point.
    const jt = Math.min(j1, Math.max(j0, Math.floor(yTrue)));
    const dark = (j: number) => img.ink[j * img.width + i]! > 127;
    let c = -1;
    for (let d = 0; d <= 1 && c < 0; d++)
      for (const j of [jt - d, jt + d]) if (c < 0 && j >= j0 && j <= j1 && dark(j)) c = j;
    if (c < 0) {
      rep.missed.push(i);
      continue;
    }
    let top = c;
    let bot = c;
    while (top > j0 && dark(top - 1)) top--;
    while (bot < j1 && dark(bot + 1)) bot++;
    let sw = 0;
    let swy = 0;
    for (let j = top; j <= bot; j++) {
      if (getDistance(xs, ys, xc, j + 0.5, hw + 2) > hw + 1) rep.stray++;
      const w = img.ink[j * img.width + i]!;
      sw += w;
      swy += w * (j + 0.5);
    }
    // The pen covers the polyline over [xc − hw, xc + hw]: the ink centroid must read back a value
    // the true signal takes within that footprint, to one pixel.
    let lo = Infinity;
    let hi = -Infinity;
    for (let x = xc - hw; x <= xc + hw + 1e-9; x += hw / 8) {
      const y = getYAt(xs, ys, x);
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
    const yc = swy / sw;
    const err = Math.max(0, lo - yc, yc - hi);
    if (err > 1) rep.offTrace.push({ x: i, errPx: err });
    if (hi - lo < 10) rep.centroidErrors.push(Math.abs(yc - yTrue));
  }
  return rep;
}

describe.skipIf(!hasSharedData(MITDB_DIR))('synthetic images: the drawn trace is the true signal (shared data)', () => {
  let r101: WfdbRecord;
  let r208: WfdbRecord;
  beforeAll(async () => {
    r101 = await loadRecord('101', { dir: MITDB_DIR });
    r208 = await loadRecord('208', { dir: MITDB_DIR });
  });

  for (const grid of ['red', 'none'] as const) {
    it(`strip, artefact level 0, ${grid} grid: every column's ink gives back the true mV within one pixel`, async () => {
      // Record 101: a clean MLII/V1 pair with flat baseline stretches between beats.
      const { image: png, truth } = await renderStrip(r101, { seed: 5, grid, dpi: 200, artifacts: 0 });
      const t = SynthTruth.parse(truth);
      expect(t.pageTransform).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      const img = await decodeInk(png);
      expect([img.width, img.height]).toEqual([t.width, t.height]);
      t.panels.forEach((p, k) => {
        const rep = checkPanelColumns(img, t, k);
        expect(rep.columns, p.lead).toBeGreaterThan(1900);
        expect(rep.missed, p.lead).toEqual([]);
        expect(rep.offTrace, p.lead).toEqual([]);
        // Outside the QRS the centroid read at the column centre is typically a fraction of a pixel off.
        const errs = [...rep.centroidErrors].sort((a, b) => a - b);
        expect(errs.length, p.lead).toBeGreaterThan(rep.columns / 2);
        expect(errs[errs.length >> 1]!, p.lead).toBeLessThan(0.75);
        expect(rep.stray, p.lead).toBe(0);
        // Back to mV with the PixelMap: one pixel is 0.127 mV at 200 dpi and 10 mm/mV.
        expect(p.pixelMap.pxPerMv).toBeCloseTo((200 / 25.4) * 10, 9);
        expect(p.pixelMap.pxPerSecond).toBeCloseTo((200 / 25.4) * 25, 9);
      });
    });
  }

  it('sheet, artefact level 0: all 13 panels give back their channel at their time', async () => {
    const { image: png, truth } = await renderSheet(r101, { seed: 9, grid: 'grey', dpi: 150, artifacts: 0 });
    const t = SynthTruth.parse(truth);
    expect(t.panels.map((p) => p.lead)).toEqual([
      'I',
      'aVR',
      'V1',
      'V4',
      'II',
      'aVL',
      'V2',
      'V5',
      'III',
      'aVF',
      'V3',
      'V6',
      'II',
    ]);
    // Limb columns show MLII (channel 0), chest columns V1 (channel 1); columns follow each other in time.
    expect(t.panels.map((p) => p.channel)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
    const t0 = t.panels[0]!.startTime;
    expect(t.panels.slice(0, 4).map((p) => +(p.startTime - t0).toFixed(6))).toEqual([0, 2.5, 5, 7.5]);
    expect(t.panels[12]!.duration).toBe(10);
    const img = await decodeInk(png);
    t.panels.forEach((p, k) => {
      // Skip the first 12 mm of each panel, where the lead label is printed.
      const rep = checkPanelColumns(img, t, k, (12 * 150) / 25.4);
      expect(rep.missed, p.lead).toEqual([]);
      expect(rep.offTrace, p.lead).toEqual([]);
    });
  });

  it('strip at artefact level 1 (tilted, blurred, JPEG): true points land on ink through pageTransform', async () => {
    const { image: png, truth } = await renderStrip(r101, { seed: 21, grid: 'blue', dpi: 200, artifacts: 1 });
    const t = SynthTruth.parse(truth);
    expect(Math.abs(t.rotationDeg)).toBeGreaterThan(0);
    expect(t.panels[0]!.pixelMap.rotationDeg).toBe(0);
    // Level 1 only rotates: the image-frame PixelMap reaches the same pixels as pageTransform.
    const imageMap = getImagePixelMap(t, 0)!;
    expect(imageMap.rotationDeg).toBeCloseTo(-t.rotationDeg, 9);
    const viaMap = mapSignalToImage(imageMap, 3.2, 0.4);
    const page = mapSignalToImage(t.panels[0]!.pixelMap, 3.2, 0.4);
    const viaH = applyHomography(t.pageTransform as Homography, page.x, page.y);
    expect(viaMap.x).toBeCloseTo(viaH.x, 6);
    expect(viaMap.y).toBeCloseTo(viaH.y, 6);
    const img = await decodeInk(png);
    const h = t.pageTransform as Homography;
    let checked = 0;
    let onInk = 0;
    t.panels.forEach((_, k) => {
      const { xs, ys } = getPanelPolyline(t, k);
      for (let s = 0; s < xs.length; s += 3) {
        const q = applyHomography(h, xs[s]!, ys[s]!);
        const [i, j] = [Math.floor(q.x), Math.floor(q.y)];
        if (i < 1 || j < 1 || i >= img.width - 1 || j >= img.height - 1) continue;
        checked++;
        let best = 0;
        for (let dj = -1; dj <= 1; dj++)
          for (let di = -1; di <= 1; di++) best = Math.max(best, img.ink[(j + dj) * img.width + i + di]!);
        if (best > 110) onInk++;
      }
    });
    expect(checked).toBeGreaterThan(2000);
    expect(onInk / checked).toBeGreaterThan(0.995);
  });

  it("beat image: the drawn window sits where the PixelMap says, R at the window's sample 64", async () => {
    const beat = getSortedBeats(r208).find((b) => b.aami === 'V' && b.sample > 10_000)!;
    for (const level of [0, 2] as const) {
      const { image: png, truth } = await renderBeatImage(r208, beat, { seed: 4, artifacts: level, lineWidthPx: 1.6 });
      const t = SynthTruth.parse(truth);
      expect([t.width, t.height]).toEqual([128, 128]);
      const p = t.panels[0]!;
      const drawn = p.drawn!;
      expect(drawn.samples).toHaveLength(144);
      expect(t.beats[t.centerBeat!]).toMatchObject({ sample: beat.sample, code: 'V', aami: 'V' });
      const m = p.pixelMap;
      const xR = m.originX + (64 / drawn.fs) * m.pxPerSecond;
      expect(t.beats[0]!.x).toBeCloseTo(xR, 2);
      expect(xR).toBeCloseTo((64.5 * 128) / 144, 6);
      // Trace spans the width and stays within the margins.
      const xsD = drawn.samples.map((_, j) => m.originX + (j / drawn.fs) * m.pxPerSecond);
      const ysD = drawn.samples.map((v) => m.originY - v * m.pxPerMv);
      expect(Math.min(...xsD)).toBeLessThan(1);
      expect(Math.max(...xsD)).toBeGreaterThan(127);
      expect(Math.min(...ysD)).toBeGreaterThanOrEqual(8.9);
      expect(Math.max(...ysD)).toBeLessThanOrEqual(120.1);
      const img = await decodeInk(png);
      let hits = 0;
      xsD.forEach((x, j) => {
        const i = Math.floor(x);
        const jj = Math.floor(ysD[j]!);
        if (i >= 0 && i < 128 && img.ink[jj * 128 + i]! > 100) hits++;
      });
      expect(hits / 144).toBeGreaterThan(level === 0 ? 0.99 : 0.95);
      if (level === 0) expect(t.shift).toMatchObject({ amplitude: 1, baselineDrift: 0, noise: 0, timeWarp: 0 });
      else expect(t.shift!.noise).toBeGreaterThan(0);
    }
  });

  it('strip truth lists every annotated beat of the span with its code, and each sits on the trace', async () => {
    const { image: png, truth } = await renderStrip(r208, { seed: 8, grid: 'green', artifacts: 0 });
    const t = SynthTruth.parse(truth);
    const p0 = t.panels[0]!;
    const first = Math.round(p0.startTime * r208.fs);
    const last = first + Math.round(p0.duration * r208.fs);
    const expected = getSortedBeats(r208).filter((b) => b.sample >= first && b.sample <= last);
    expect(expected.length).toBeGreaterThan(5);
    for (const k of [0, 1]) {
      const got = t.beats.filter((b) => b.panel === k);
      expect(got.map((b) => [b.sample, b.code, b.aami])).toEqual(expected.map((b) => [b.sample, b.symbol, b.aami]));
    }
    const img = await decodeInk(png);
    for (const b of t.beats)
      expect(img.ink[Math.floor(b.y) * img.width + Math.floor(b.x)]!, `beat ${b.sample}`).toBeGreaterThan(127);
  });
});
