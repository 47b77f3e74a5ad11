import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFormat } from '../../../common/schemas/image';
import { drawEcgRaster } from './draw-ecg-raster';
import { encodeSeedImage } from './encode-seed';
import type { FuzzEntry } from './fuzz-manifest';
import type { Rng } from './prng';

export interface EncodedImage {
  bytes: Uint8Array;
  format: ImageFormat;
  width: number;
  height: number;
}

/** Where the corpus is written and the manifest entries gathered so far. */
export interface CorpusContext {
  root: string;
  entries: FuzzEntry[];
  runningAsRoot: boolean;
}

export function getAbsolutePath(ctx: CorpusContext, rel: string): string {
  return path.join(ctx.root, ...rel.split('/'));
}

/** Write one file (never over an existing one) and record it. */
export async function writeEntry(
  ctx: CorpusContext,
  rel: string,
  bytes: Uint8Array,
  entry: Omit<FuzzEntry, 'path'>,
): Promise<FuzzEntry> {
  const abs = getAbsolutePath(ctx, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, bytes, { flag: 'wx' });
  return recordEntry(ctx, rel, entry);
}

export function recordEntry(ctx: CorpusContext, rel: string, entry: Omit<FuzzEntry, 'path'>): FuzzEntry {
  const e: FuzzEntry = { path: rel, ...entry };
  ctx.entries.push(e);
  return e;
}

/** A fresh ECG-like picture in one format, between 200×100 and 480×240 pixels. */
export async function makeEcgImage(rng: Rng, format: ImageFormat): Promise<EncodedImage> {
  const width = rng.int(200, 480);
  const height = rng.int(100, 240);
  const raster = drawEcgRaster(rng, width, height);
  return { bytes: await encodeSeedImage(raster, format, rng), format, width, height };
}

/** The manifest fields that say "this is a good image of this format and size". */
export function describeImageOk(img: EncodedImage): Pick<FuzzEntry, 'expect' | 'format' | 'width' | 'height'> {
  return { expect: 'image-ok', format: img.format, width: img.width, height: img.height };
}
