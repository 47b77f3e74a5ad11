import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  FUZZ_BOMB_SIDE,
  FUZZ_JPEG_MAX_SIDE,
  FUZZ_WEBP_MAX_SIDE,
  makeBmpBomb,
  makeJpegBomb,
  makePngBomb,
  makeTiffBomb,
  makeWebpBomb,
} from '../make-bombs';

async function readHeaderSize(bytes: Uint8Array): Promise<[number?, number?]> {
  const m = await sharp(bytes, { limitInputPixels: false }).metadata();
  return [m.width, m.height];
}

describe('decompression bombs', () => {
  const small = sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } });

  it('declare their size in headers that libpng, libtiff, libjpeg and libwebp accept', async () => {
    // libpng checks the IHDR CRC, so reading the size proves the chunk is well formed.
    expect(await readHeaderSize(makePngBomb())).toEqual([FUZZ_BOMB_SIDE, FUZZ_BOMB_SIDE]);
    expect(await readHeaderSize(makeTiffBomb())).toEqual([FUZZ_BOMB_SIDE, FUZZ_BOMB_SIDE]);
    const jpeg = new Uint8Array(await small.clone().jpeg().toBuffer());
    expect(await readHeaderSize(makeJpegBomb(jpeg))).toEqual([FUZZ_JPEG_MAX_SIDE, FUZZ_JPEG_MAX_SIDE]);
    const webp = new Uint8Array(await small.clone().webp({ lossless: true }).toBuffer());
    expect(await readHeaderSize(makeWebpBomb(webp))).toEqual([FUZZ_WEBP_MAX_SIDE, FUZZ_WEBP_MAX_SIDE]);
  });

  it('are tiny files', () => {
    for (const b of [makePngBomb(), makeBmpBomb(), makeTiffBomb()]) expect(b.length).toBeLessThan(1024);
  });

  it('write a BMP header with the declared size and 24 bits per pixel', () => {
    const v = new DataView(makeBmpBomb().buffer);
    expect([v.getInt32(18, true), v.getInt32(22, true), v.getUint16(28, true)]).toEqual([
      FUZZ_BOMB_SIDE,
      FUZZ_BOMB_SIDE,
      24,
    ]);
  });

  it('a WebP canvas above what libwebp accepts is refused by the reader itself', async () => {
    const webp = new Uint8Array(await small.clone().webp({ lossless: true }).toBuffer());
    await expect(readHeaderSize(makeWebpBomb(webp, FUZZ_BOMB_SIDE))).rejects.toThrow();
  });
});
