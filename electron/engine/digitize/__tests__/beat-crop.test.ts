import { describe, expect, it } from 'vitest';
import { digitizeImage } from '../digitize-image';
import { computeToyEcg, createPage, drawPolyline, encodePng } from './draw-test-page';

function correlate(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** A seed-000 style crop: 144 samples of the toy beat (R at 64) across 128 columns, black on white. */
function drawCrop(penPx: number, speckle = 0): { png: Promise<Buffer>; truth: number[] } {
  const truth = Array.from({ length: 144 }, (_, j) => computeToyEcg(0.25 + (j - 64) / 180));
  const lo = Math.min(...truth);
  const hi = Math.max(...truth);
  const page = createPage(128, 128);
  const xs = truth.map((_, j) => ((j + 0.5) * 128) / 144);
  const ys = truth.map((v) => 119 - ((v - lo) / (hi - lo)) * 110);
  drawPolyline(page, xs, ys, penPx / 2, [0, 0, 0]);
  for (let k = 0; k < speckle; k++) page.rgb.set([0, 0, 0], ((k * 7919) % (128 * 128)) * 3);
  return { png: encodePng(page), truth };
}

describe('single-beat crops', () => {
  it('are recognised and reconstructed with R at window index 64', async () => {
    const c = drawCrop(1.4);
    const r = await digitizeImage(await c.png);
    expect(r.kind).toBe('beat');
    expect(r.status).toBe('ok');
    const s = r.leads[0]!.samples.map((v) => v ?? NaN);
    expect(s).toHaveLength(144);
    expect(correlate(s, c.truth)).toBeGreaterThan(0.99);
    expect(r.beats.beat![0]!.rSample).toBe(64);
    expect(s.indexOf(Math.max(...s))).toBeGreaterThanOrEqual(62);
    expect(s.indexOf(Math.max(...s))).toBeLessThanOrEqual(66);
  });

  it('survive a thick pen and scanner specks', async () => {
    const c = drawCrop(3.5, 40);
    const r = await digitizeImage(await c.png);
    expect(r.kind).toBe('beat');
    expect(
      correlate(
        r.leads[0]!.samples.map((v) => v ?? NaN),
        c.truth,
      ),
    ).toBeGreaterThan(0.98);
  });

  it('can be forced: a strip read as a beat crop still yields 144 samples', async () => {
    const c = drawCrop(1.4);
    const r = await digitizeImage(await c.png, { forceKind: 'beat' });
    expect(r.leads[0]!.samples).toHaveLength(144);
  });
});
