import { crc32, inflateSync } from 'node:zlib';
import { hasPngSignature, readPngChunkType } from '../scan/png-chunks';

/**
 * Up to this many pixels a plain PNG is decoded here rather than by sharp: a libvips pipeline
 * costs ~0.8 ms of fixed overhead (its threads, its caches) even for a 128×128 beat crop — most of
 * that image's decode — while zlib and an unfilter loop take a few tens of µs. Larger images go to
 * sharp, which is faster on them and runs off the JavaScript thread.
 */
export const ECG_SMALL_PNG_MAX_PIXELS = 1 << 20;

/** Chunks that change nothing in the pixels sharp would give. Anything else (iCCP, tRNS, eXIf, …) goes to sharp. */
const ECG_PLAIN_PNG_CHUNKS = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'pHYs', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

export interface SmallPng {
  width: number;
  height: number;
  rgb: Uint8Array;
  /** Resolution as decodeImage reads it from sharp's density (rounded dpi). */
  dpi?: number;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undo the per-row filters into `out`; false on an unknown filter type. */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number, out: Uint8Array): boolean {
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    const up = y > 0;
    if (filter === 0) out.set(data.subarray(src, src + stride), row);
    else if (filter === 1) {
      for (let x = 0; x < stride; x++) out[row + x] = data[src + x]! + (x >= bpp ? out[row + x - bpp]! : 0);
    } else if (filter === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = data[src + x]! + (up ? out[prev + x]! : 0);
    } else if (filter === 3) {
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? out[row + x - bpp]! : 0;
        out[row + x] = data[src + x]! + ((a + (up ? out[prev + x]! : 0)) >> 1);
      }
    } else if (filter === 4) {
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? out[row + x - bpp]! : 0;
        const b = up ? out[prev + x]! : 0;
        out[row + x] = data[src + x]! + paeth(a, b, x >= bpp && up ? out[prev + x - bpp]! : 0);
      }
    } else return false;
  }
  return true;
}

/**
 * Decode a small, plain PNG (8-bit grey, RGB or palette; not interlaced; no transparency, colour
 * profile or orientation) to RGB exactly as the sharp pipeline of decodeImage does. Null for
 * anything else, or anything odd (a bad CRC, a short stream): sharp then decodes it and says why.
 */
export function decodeSmallPng(bytes: Uint8Array, maxPixels: number): SmallPng | null {
  if (bytes.length < 8 + 25 || !hasPngSignature(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | null = null;
  let xres: number | null = null;
  const idat: Uint8Array[] = [];
  let idatDone = false;
  let ended = false;
  for (let pos = 8; pos + 12 <= bytes.length && !ended;) {
    const length = view.getUint32(pos);
    const end = pos + 12 + length;
    if (end > bytes.length) return null;
    const type = readPngChunkType(bytes, pos);
    if (!ECG_PLAIN_PNG_CHUNKS.has(type)) return null;
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== view.getUint32(pos + 8 + length)) return null;
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      if (pos !== 8 || length !== 13) return null;
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const [depth, ct, compression, filter, interlace] = data.subarray(8, 13);
      if (depth !== 8 || (ct !== 0 && ct !== 2 && ct !== 3) || compression || filter || interlace) return null;
      colorType = ct;
    } else if (type === 'PLTE') {
      if (colorType === 0) return null;
      palette = data;
    } else if (type === 'IDAT') {
      if (idatDone) return null; // IDAT chunks must follow one another
      idat.push(data);
    } else if (type === 'pHYs') {
      if (length !== 9 || data[8]! > 1 || xres !== null) return null;
      // libvips: pixels per metre → per mm; an unknown unit is taken as per mm.
      xres = view.getUint32(pos + 8) / (data[8] === 1 ? 1000 : 1);
    } else if (type === 'IEND') ended = true;
    if (type !== 'IDAT' && idat.length) idatDone = true;
    pos = end;
  }
  if (!ended || colorType < 0 || !idat.length || width < 1 || height < 1) return null;
  const pixels = width * height;
  if (pixels > ECG_SMALL_PNG_MAX_PIXELS || pixels > maxPixels) return null;
  if (colorType === 3 && (!palette || palette.length % 3 !== 0)) return null;
  const bpp = colorType === 2 ? 3 : 1;
  const stride = width * bpp;
  let data: Uint8Array;
  try {
    data = inflateSync(idat.length === 1 ? idat[0]! : Buffer.concat(idat));
  } catch {
    return null;
  }
  if (data.length !== height * (stride + 1)) return null;
  const plane = new Uint8Array(height * stride);
  if (!unfilter(data, height, stride, bpp, plane)) return null;
  let rgb: Uint8Array;
  if (colorType === 2) rgb = plane;
  else {
    rgb = new Uint8Array(pixels * 3);
    const colours = palette ? palette.length / 3 : 256;
    for (let i = 0, j = 0; i < pixels; i++, j += 3) {
      const v = plane[i]!;
      if (palette) {
        if (v >= colours) return null;
        rgb[j] = palette[v * 3]!;
        rgb[j + 1] = palette[v * 3 + 1]!;
        rgb[j + 2] = palette[v * 3 + 2]!;
      } else rgb[j] = rgb[j + 1] = rgb[j + 2] = v;
    }
  }
  // As sharp reports density: libvips reads a PNG without pHYs as 72 dpi; sharp gives round(xres × 25.4)
  // only when xres (px/mm) is above 1, and decodeImage keeps it when above 1.
  const res = xres ?? 72 / 25.4;
  const dpi = res > 1 ? Math.round(res * 25.4) : 0;
  return { width, height, rgb, ...(dpi > 1 ? { dpi } : {}) };
}
