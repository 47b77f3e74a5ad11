import sharp from 'sharp';
import type { AamiClass } from '../../../common/ecg/aami';
import type { WfdbRecord } from '../wfdb/record';
import { type ArtifactLevel, ECG_ARTIFACT_LEVELS } from './artifacts';
import { isBeatRenderable, renderBeatImage } from './beat-image';
import type { GridColor } from './paper-style';
import { createPrng, deriveSeed } from './prng';
import { compositeMask, createMask, createRaster, type Raster } from './raster';
import { getSortedBeats } from './record-cache';
import { renderSheet } from './sheet';
import { renderStrip } from './strip';
import { drawText } from './stroke-font';

const CS_CELL_W = 540;
const CS_GAP = 16;
const CS_LABEL_W = 120;
const CS_HEADER_H = 34;
const CS_BEAT_CLASSES: AamiClass[] = ['N', 'S', 'V', 'F'];
// Blue first: after the palette is shared with noisy cells, pale blue survives only on a clean one.
const CS_STRIP_GRIDS: GridColor[] = ['blue', 'green', 'red', 'grey'];
const CS_SHEET_GRIDS: GridColor[] = ['red', 'grey', 'green', 'none'];

async function decodeRgb(
  png: Buffer,
  width?: number,
  crop?: { left: number; top: number; width: number; height: number },
) {
  let img = sharp(png);
  if (crop) img = img.extract(crop);
  if (width) img = img.resize({ width, kernel: 'lanczos3' });
  const { data, info } = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function blit(
  dst: Raster,
  src: { data: Buffer; width: number; height: number; channels: number },
  x: number,
  y: number,
): void {
  for (let j = 0; j < src.height && y + j < dst.height; j++) {
    for (let i = 0; i < src.width && x + i < dst.width; i++) {
      const s = (j * src.width + i) * src.channels;
      const d = ((y + j) * dst.width + x + i) * 3;
      for (let c = 0; c < 3; c++) dst.data[d + c] = src.data[s + (src.channels === 1 ? 0 : c)]!;
    }
  }
}

/**
 * One PNG with a sample of every kind at every artefact level: rows of beat crops (N, S, V, F),
 * whole strips, strip details at print resolution and whole sheets; columns = levels 0–3.
 */
export async function renderContactSheet(o: {
  beatRecord: WfdbRecord;
  stripRecord: WfdbRecord;
  sheetRecord: WfdbRecord;
  seed: number;
}): Promise<Buffer> {
  const prng = createPrng(deriveSeed(o.seed, 9));
  const beats = getSortedBeats(o.beatRecord).filter((b) => isBeatRenderable(o.beatRecord, b.sample));
  const rows: { label: string; cells: { data: Buffer; width: number; height: number; channels: number }[][] }[] = [
    { label: 'beat', cells: [] },
    { label: 'strip', cells: [] },
    { label: 'strip 1:1', cells: [] },
    { label: 'sheet', cells: [] },
  ];
  for (const level of ECG_ARTIFACT_LEVELS as ArtifactLevel[]) {
    const seed = deriveSeed(o.seed, level);
    const crops = [];
    for (const cls of CS_BEAT_CLASSES) {
      const pool = beats.filter((b) => b.aami === cls);
      if (!pool.length) continue;
      const r = await renderBeatImage(o.beatRecord, prng.pick(pool), {
        seed: deriveSeed(seed, CS_BEAT_CLASSES.indexOf(cls)),
        artifacts: level,
      });
      crops.push(await decodeRgb(r.image));
    }
    rows[0]!.cells.push(crops);
    const strip = await renderStrip(o.stripRecord, {
      seed: deriveSeed(seed, 11),
      artifacts: level,
      grid: CS_STRIP_GRIDS[level]!,
      dpi: 200,
    });
    rows[1]!.cells.push([await decodeRgb(strip.image, CS_CELL_W)]);
    rows[2]!.cells.push([await decodeRgb(strip.image, undefined, { left: 0, top: 0, width: CS_CELL_W, height: 300 })]);
    const sheet = await renderSheet(o.sheetRecord, {
      seed: deriveSeed(seed, 12),
      artifacts: level,
      grid: CS_SHEET_GRIDS[level]!,
      dpi: 100,
    });
    rows[3]!.cells.push([await decodeRgb(sheet.image, CS_CELL_W)]);
  }
  const rowH = rows.map((r) => Math.max(...r.cells.map((c) => Math.max(...c.map((i) => i.height)))));
  const width = CS_LABEL_W + ECG_ARTIFACT_LEVELS.length * (CS_CELL_W + CS_GAP) + CS_GAP;
  const height = CS_HEADER_H * 2 + rowH.reduce((a, b) => a + b + CS_GAP, 0) + CS_GAP;
  const canvas = createRaster(width, height, 3, [206, 208, 212]);
  const text = createMask(width, height);
  const title = `ecg-review synth: MIT-BIH beats ${o.beatRecord.name}, strips ${o.stripRecord.name}, sheets ${o.sheetRecord.name}, seed ${o.seed}`;
  drawText(text, title, CS_GAP, 24, { capPx: 16, strokePx: 2 });
  ECG_ARTIFACT_LEVELS.forEach((level, k) => {
    const label = `artefacts ${level}${level === 0 ? ' (clean)' : ''}`;
    drawText(text, label, CS_LABEL_W + CS_GAP + k * (CS_CELL_W + CS_GAP), CS_HEADER_H + 22, {
      capPx: 14,
      strokePx: 1.8,
    });
  });
  let y = CS_HEADER_H * 2;
  rows.forEach((row, r) => {
    drawText(text, row.label, CS_GAP, y + 20, { capPx: 14, strokePx: 1.8 });
    row.cells.forEach((cell, k) => {
      let x = CS_LABEL_W + CS_GAP + k * (CS_CELL_W + CS_GAP);
      for (const img of cell) {
        blit(canvas, img, x, y);
        x += img.width + 8;
      }
    });
    if (r === 0) drawText(text, 'N  S  V  F', CS_GAP, y + 44, { capPx: 11, strokePx: 1.4 });
    y += rowH[r]! + CS_GAP;
  });
  compositeMask(canvas, text, [24, 26, 32]);
  const data = Buffer.from(canvas.data.buffer, canvas.data.byteOffset, canvas.data.byteLength);
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png({ palette: true, colours: 128, dither: 0.6, compressionLevel: 9 })
    .toBuffer();
}
