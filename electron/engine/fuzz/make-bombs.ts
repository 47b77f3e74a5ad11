import zlib from 'node:zlib';
import { ECG_PNG_SIGNATURE } from '../scan/png-chunks';
import { concatBytes, makeIhdr, makePngChunk } from './encode-png';

/** What the PNG, BMP and TIFF bombs declare: 100,000 × 100,000 = 10 gigapixels. */
export const FUZZ_BOMB_SIDE = 100_000;
/** JPEG stores sides in 16 bits and libjpeg reads at most 65,500; WebP bitstreams hold 14 bits. */
export const FUZZ_JPEG_MAX_SIDE = 65_500;
export const FUZZ_WEBP_MAX_SIDE = 16_383;

/** A PNG whose IHDR (with a correct CRC) declares 100,000×100,000 RGB, followed by one tiny IDAT. */
export function makePngBomb(): Uint8Array {
  // One deflate stream of zero bytes: a real decoder would inflate it for a very long time.
  const idat = zlib.deflateSync(new Uint8Array(4096));
  return concatBytes([
    ECG_PNG_SIGNATURE,
    makeIhdr(FUZZ_BOMB_SIDE, FUZZ_BOMB_SIDE, 2),
    makePngChunk('IDAT', idat),
    makePngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** A BMP header for 100,000×100,000 24-bit pixels (30 GB of pixel data) with a few bytes after it. */
export function makeBmpBomb(): Uint8Array {
  const out = new Uint8Array(54 + 64);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  const rowBytes = Math.ceil((FUZZ_BOMB_SIDE * 3) / 4) * 4;
  v.setUint32(2, (54 + rowBytes * FUZZ_BOMB_SIDE) >>> 0, true); // wraps: the 32-bit field cannot hold it
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, FUZZ_BOMB_SIDE, true);
  v.setInt32(22, FUZZ_BOMB_SIDE, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  return out;
}

/** Rewrite the frame size in a real JPEG's SOFn segment (65,500 a side by default: 4.3 gigapixels). */
export function makeJpegBomb(jpeg: Uint8Array, side: number = FUZZ_JPEG_MAX_SIDE): Uint8Array {
  const out = new Uint8Array(jpeg);
  let i = 2;
  while (i + 9 < out.length) {
    if (out[i] !== 0xff) throw new Error(`JPEG marker expected at ${i}`);
    const marker = out[i + 1]!;
    const len = (out[i + 2]! << 8) | out[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const v = new DataView(out.buffer);
      v.setUint16(i + 5, side);
      v.setUint16(i + 7, side);
      return out;
    }
    i += 2 + len;
  }
  throw new Error('no SOF segment in the JPEG');
}

/** A little-endian TIFF whose only IFD declares 100,000×100,000 8-bit gray in one deflate strip. */
export function makeTiffBomb(): Uint8Array {
  const strip = zlib.deflateSync(new Uint8Array(4096));
  const entries: [tag: number, type: 3 | 4, value: number][] = [
    [256, 4, FUZZ_BOMB_SIDE], // ImageWidth
    [257, 4, FUZZ_BOMB_SIDE], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 8], // Compression: deflate
    [262, 3, 1], // Photometric: BlackIsZero
    [273, 4, 0], // StripOffsets (patched below)
    [277, 3, 1], // SamplesPerPixel
    [278, 4, FUZZ_BOMB_SIDE], // RowsPerStrip
    [279, 4, strip.length], // StripByteCounts
  ];
  const ifdBytes = 2 + entries.length * 12 + 4;
  const stripOffset = 8 + ifdBytes;
  const out = new Uint8Array(stripOffset + strip.length);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00]);
  v.setUint32(4, 8, true);
  v.setUint16(8, entries.length, true);
  entries.forEach(([tag, type, value], k) => {
    const at = 10 + k * 12;
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, 1, true);
    const val = tag === 273 ? stripOffset : value;
    if (type === 3) v.setUint16(at + 8, val, true);
    else v.setUint32(at + 8, val, true);
  });
  out.set(strip, stripOffset);
  return out;
}

function patchVp8lSize(vp8lChunk: Uint8Array, side: number): void {
  // VP8L bitstream: signature 0x2f, then width-1 (14 bits) and height-1 (14 bits), little-endian.
  if (vp8lChunk[8] !== 0x2f) throw new Error('the small WebP must be lossless (VP8L)');
  const v = new DataView(vp8lChunk.buffer, vp8lChunk.byteOffset, vp8lChunk.byteLength);
  const bits = v.getUint32(9, true);
  const s = Math.min(side, FUZZ_WEBP_MAX_SIDE) - 1;
  v.setUint32(9, ((bits & ~0x0fffffff) | s | (s << 14)) >>> 0, true);
}

/**
 * An extended WebP: its VP8X chunk declares a `side`×`side` canvas, followed by the VP8L chunk of
 * a real small lossless WebP whose bitstream header is patched to the same size (capped at the
 * format's 16,383). libwebp refuses canvases of 2^32 pixels or more, so only sides up to 16,383
 * reach the pixel limit check; larger ones are refused as corrupt headers.
 */
export function makeWebpBomb(smallLosslessWebp: Uint8Array, side: number = FUZZ_WEBP_MAX_SIDE): Uint8Array {
  const frame = new Uint8Array(smallLosslessWebp.subarray(12)); // the VP8L chunk after "RIFF....WEBP"
  patchVp8lSize(frame, side);
  const vp8x = new Uint8Array(18);
  vp8x.set([0x56, 0x50, 0x38, 0x58]); // "VP8X"
  new DataView(vp8x.buffer).setUint32(4, 10, true);
  const m = side - 1;
  vp8x.set([m & 0xff, (m >> 8) & 0xff, (m >> 16) & 0xff, m & 0xff, (m >> 8) & 0xff, (m >> 16) & 0xff], 12);
  const out = new Uint8Array(12 + vp8x.length + frame.length);
  out.set([0x52, 0x49, 0x46, 0x46]); // "RIFF"
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  out.set([0x57, 0x45, 0x42, 0x50], 8); // "WEBP"
  out.set(vp8x, 12);
  out.set(frame, 12 + vp8x.length);
  return out;
}
