import type { ImageFormat } from '../../../common/schemas/image';
import type { Rng } from './prng';

function findPngFirstIdat(b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 8; at + 8 <= b.length;) {
    const len = v.getUint32(at);
    if (String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!) === 'IDAT') return at;
    at += 12 + len;
  }
  throw new Error('PNG without IDAT');
}

function findJpegScanStart(b: Uint8Array): number {
  for (let i = 2; i + 4 <= b.length;) {
    const marker = b[i + 1]!;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker === 0xda) return i + 2 + len; // first byte of entropy-coded data
    i += 2 + len;
  }
  throw new Error('JPEG without SOS');
}

/** Offset of a TIFF's first IFD (the directory holding its size and strip offsets). */
export function getTiffIfdOffset(b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return v.getUint32(4, b[0] === 0x49);
}

/**
 * Where a cut leaves every header a reader needs intact but loses image data, so the only thing
 * wrong with the file is that it ends early. TIFF has no such point when, as libvips writes it, the
 * IFD follows the strips: a cut into the pixels removes the directory too, and a cut after the
 * directory may lose only trailing tag values (the image then decodes whole), so TIFF is cut in
 * the strips, before the IFD.
 */
export function getBodyCutRange(format: ImageFormat, b: Uint8Array): [number, number] {
  switch (format) {
    case 'png':
      return [findPngFirstIdat(b) + 9, b.length - 13]; // keep IEND out: its 12 bytes are the end marker
    case 'jpeg':
      return [findJpegScanStart(b) + 1, b.length - 1];
    case 'bmp':
      return [54, b.length - 1];
    case 'webp':
      return [Math.min(64, b.length - 1), b.length - 1];
    case 'tiff': {
      const ifd = getTiffIfdOffset(b);
      return ifd > 8 ? [8, ifd - 1] : [8, b.length - 1];
    }
  }
}

/** The first bytes only: a cut inside the signature or the dimensions. */
export function getHeaderCutRange(format: ImageFormat, b: Uint8Array): [number, number] {
  const end = { png: 33, jpeg: 20, bmp: 54, webp: 30, tiff: 16 }[format];
  return [1, Math.min(end, b.length) - 1];
}

export function truncateBytes(b: Uint8Array, rng: Rng, [lo, hi]: [number, number]): { bytes: Uint8Array; cut: number } {
  const cut = rng.int(lo, Math.max(lo, hi));
  return { bytes: b.slice(0, cut), cut };
}

/** Flip `k` distinct random bits anywhere in the file. */
export function flipBits(b: Uint8Array, rng: Rng, k: number): { bytes: Uint8Array; bits: number[] } {
  const out = new Uint8Array(b);
  const bits = new Set<number>();
  while (bits.size < Math.min(k, b.length * 8)) bits.add(rng.int(0, b.length * 8 - 1));
  for (const bit of bits) out[bit >> 3] = out[bit >> 3]! ^ (1 << (bit & 7));
  return { bytes: out, bits: [...bits].sort((x, y) => x - y) };
}
