import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { digitizeImage } from '../digitize-image';
import { mapSampleToSource } from '../pixel-map';
import { computeToyEcg, createPage, drawGrid, drawToyStrip, encodePng } from './draw-test-page';

function leadValues(lead: { samples: (number | null)[]; fs: number }) {
  return lead.samples.map((v, k) => ({ t: k / lead.fs, v }));
}

describe('digitizeImage on a drawn strip', () => {
  it('reads the grid scale, the pulse and the trace in calibrated mV', async () => {
    const pxPerMm = 8;
    const s = await drawToyStrip({ pxPerMm, seconds: 6 });
    const r = await digitizeImage(s.png);
    expect(r.status).not.toBe('refused');
    expect(r.kind).toBe('strip');
    expect(r.leads).toHaveLength(1);
    expect(r.calibration!.gridFound).toBe(true);
    expect(Math.abs(r.calibration!.pxPerMmX / pxPerMm - 1)).toBeLessThan(0.01);
    const lead = r.leads[0]!;
    expect(lead.quality.calibrationPulseFound).toBe(true);
    expect(Math.abs(lead.quality.pulseGainRatio! - 1)).toBeLessThan(0.05);
    expect(Math.abs(lead.pixelMap.originX - s.originX)).toBeLessThan(2);
    // The lead read back through its own time axis matches the drawn ECG.
    let num = 0;
    let err = 0;
    for (const { t, v } of leadValues(lead)) {
      if (v === null || t < 0.05 || t > 5.95) continue;
      const truth = computeToyEcg(t);
      num += truth * truth;
      err += (truth - v) ** 2;
    }
    expect(10 * Math.log10(num / err)).toBeGreaterThan(15);
  });

  it('finds each R peak within 20 ms', async () => {
    const s = await drawToyStrip({ pxPerMm: 8, seconds: 6 });
    const r = await digitizeImage(s.png);
    const lead = r.leads[0]!;
    const beats = r.beats[lead.name]!;
    const expected: number[] = [];
    for (let t = 0.25; t < 6; t += 0.8) expected.push(t);
    expect(beats).toHaveLength(expected.length);
    beats.forEach((b, i) => expect(Math.abs(b.rSample / b.fs - expected[i]!)).toBeLessThan(0.02));
    // Pixel mapping of an R peak lands on the drawn peak's column.
    const p = mapSampleToSource(lead.pixelMap, beats[0]!.rSample / lead.fs, 0);
    expect(Math.abs(p.x - (s.originX + 0.25 * 25 * 8))).toBeLessThan(3);
  });

  it('says so when there is no grid and assumes a scale', async () => {
    const s = await drawToyStrip({ pxPerMm: 8, seconds: 6, grid: false });
    const r = await digitizeImage(s.png);
    expect(r.status).not.toBe('refused');
    expect(r.calibration!.gridFound).toBe(false);
    expect(r.notes.join(' ')).toMatch(/no grid/);
  });

  it('takes a gridless page’s angle from its traces, not from a crease across it', async () => {
    const mm = 8;
    const s = await drawToyStrip({ pxPerMm: mm, seconds: 8, grid: false });
    // A fold's shadow: a long faint straight line at 2.5° across the whole page, too light for ink.
    const { data, info } = await sharp(s.png).raw().toBuffer({ resolveWithObject: true });
    const slope = Math.tan((2.5 * Math.PI) / 180);
    for (let x = 0; x < info.width; x++) {
      const yc = 6 * mm + x * slope;
      for (let y = Math.floor(yc - 2); y <= Math.ceil(yc + 2); y++) {
        if (y < 0 || y >= info.height) continue;
        const o = (y * info.width + x) * info.channels;
        for (let c = 0; c < 3; c++) data[o + c] = Math.min(data[o + c]!, 185);
      }
    }
    const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .png()
      .toBuffer();
    const r = await digitizeImage(png);
    expect(r.status).not.toBe('refused');
    expect(Math.abs(r.calibration!.skewDeg)).toBeLessThan(0.3);
    const lead = r.leads[0]!;
    const beats = r.beats[lead.name]!;
    const expected: number[] = [];
    for (let t = 0.25; t < 8; t += 0.8) expected.push(t);
    expect(beats).toHaveLength(expected.length);
    // Each R lands on its drawn column (the scale is assumed without a grid, so compare on the page).
    beats.forEach((b, i) => {
      const x = mapSampleToSource(lead.pixelMap, b.rSample / b.fs, 0).x;
      expect(Math.abs(x - (s.originX + expected[i]! * 25 * mm))).toBeLessThan(4);
    });
  });

  it('undoes a page rotation read from the grid', async () => {
    const s = await drawToyStrip({ pxPerMm: 8, seconds: 6 });
    const rotated = await sharp(s.png).rotate(2, { background: '#fffbfa' }).png().toBuffer();
    const r = await digitizeImage(rotated);
    expect(r.status).not.toBe('refused');
    expect(Math.abs(Math.abs(r.calibration!.skewDeg) - 2)).toBeLessThan(0.2);
    expect(r.leads[0]!.quality.calibrationPulseFound).toBe(true);
  });
});

describe('digitizeImage refusals', () => {
  it('refuses a blank page, a photo with no ECG, a 1×1 image and a truncated file, each with its own code', async () => {
    const blank = await encodePng(createPage(800, 600));
    // A "photo": a scene of soft, overlapping colour blobs (no paper, no thin dark trace).
    const photo = createPage(640, 480);
    const blobs = Array.from({ length: 24 }, (_, k) => ({
      x: (k * 173) % 640,
      y: (k * 97) % 480,
      r: 40 + ((k * 37) % 90),
      c: [(k * 53) % 200, (k * 91) % 180, (k * 29) % 220],
    }));
    for (let y = 0; y < 480; y++) {
      for (let x = 0; x < 640; x++) {
        const px = [60, 70, 50];
        for (const b of blobs) {
          const w = Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
          for (let ch = 0; ch < 3; ch++) px[ch] = px[ch]! * (1 - w) + b.c[ch]! * w;
        }
        photo.rgb.set(
          px.map((v) => Math.round(v)),
          (y * 640 + x) * 3,
        );
      }
    }
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const strip = await drawToyStrip({ pxPerMm: 6, seconds: 3 });
    const truncated = strip.png.subarray(0, Math.floor(strip.png.length / 2));
    const codes = await Promise.all(
      [blank, await encodePng(photo), tiny, truncated].map(async (b) => (await digitizeImage(b)).reasons[0]?.code),
    );
    const statuses = await Promise.all([blank, tiny].map(async (b) => (await digitizeImage(b)).status));
    expect(statuses).toEqual(['refused', 'refused']);
    expect(codes).toEqual(['no-trace', 'not-an-ecg', 'too-small', 'truncated']);
  });

  it('refuses an empty file and a text file as such', async () => {
    expect((await digitizeImage(new Uint8Array(0))).reasons[0]!.code).toBe('empty-file');
    expect((await digitizeImage(new TextEncoder().encode('hello, not an image at all'))).reasons[0]!.code).toBe(
      'not-an-image',
    );
  });
});

describe('grid scale on paper of several resolutions', () => {
  it.each([4, 6, 11.8])('reads %s px/mm within 1 %', async (pxPerMm) => {
    const page = createPage(Math.round(120 * pxPerMm), Math.round(60 * pxPerMm), [255, 250, 250]);
    drawGrid(page, pxPerMm, [246, 196, 196], [228, 128, 132]);
    const s = await drawToyStrip({ pxPerMm, seconds: 4 });
    const r = await digitizeImage(s.png);
    expect(r.calibration!.gridFound).toBe(true);
    expect(Math.abs(r.calibration!.pxPerMmX / pxPerMm - 1)).toBeLessThan(0.01);
  });
});
