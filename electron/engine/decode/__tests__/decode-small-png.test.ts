import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../decode-image';
import { decodeSmallPng } from '../decode-small-png';

/** Noise over a gradient: libpng picks a different row filter here and there (all five occur). */
function pixels(w: number, h: number, channels: number, seed = 7): Buffer {
  let s = seed;
  const out = Buffer.alloc(w * h * channels);
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = s % 5 === 0 ? s & 255 : (i * 7 + Math.floor(i / (w * channels)) * 3) & 255;
  }
  return out;
}

/** Rewrite the pHYs chunk sharp writes (sharp's own density option adds a colour profile too). */
function setDensity(bytes: Uint8Array, dpi: number): Uint8Array {
  const out = Buffer.from(bytes);
  const at = out.indexOf('pHYs', 8, 'latin1');
  const ppm = Math.round(dpi / 0.0254);
  out.writeUInt32BE(ppm, at + 4);
  out.writeUInt32BE(ppm, at + 8);
  out[at + 12] = 1;
  out.writeUInt32BE(crc32(out.subarray(at, at + 13)), at + 13);
  return new Uint8Array(out);
}

async function png(w: number, h: number, channels: 1 | 3 | 4, opts: sharp.PngOptions = {}, density?: number) {
  const img = sharp(pixels(w, h, channels), { raw: { width: w, height: h, channels } });
  const bytes = new Uint8Array(await img.png({ adaptiveFiltering: true, ...opts }).toBuffer());
  return density ? setDensity(bytes, density) : bytes;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG written by hand: row r uses filter r % 5, so every filter type is exercised. */
function handmadePng(w: number, h: number, colorType: 0 | 2 | 3, plte?: Uint8Array): Uint8Array {
  const bpp = colorType === 2 ? 3 : 1;
  const stride = w * bpp;
  const img = pixels(w, h, bpp, 11).map((v) => (colorType === 3 ? v % ((plte?.length ?? 3) / 3) : v));
  const raw = Buffer.alloc(h * (stride + 1));
  for (let y = 0; y < h; y++) {
    const f = y % 5;
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const at = (yy: number, xx: number) => (yy >= 0 && xx >= 0 ? img[yy * stride + xx]! : 0);
      const a = at(y, x - bpp);
      const b = at(y - 1, x);
      const c = at(y - 1, x - bpp);
      const p = a + b - c;
      const pred = [
        0,
        a,
        b,
        (a + b) >> 1,
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c,
      ][f]!;
      raw[y * (stride + 1) + 1 + x] = (img[y * stride + x]! - pred) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const z = deflateSync(raw);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      ...(plte ? [chunk('PLTE', plte)] : []),
      chunk('tEXt', Buffer.from('Comment\0two IDAT chunks', 'latin1')),
      chunk('IDAT', z.subarray(0, z.length >> 1)),
      chunk('IDAT', z.subarray(z.length >> 1)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** What decodeImage's sharp pipeline makes of the same bytes. */
async function viaSharp(bytes: Uint8Array) {
  const img = sharp(bytes);
  const meta = await img.metadata();
  const { data } = await img
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), dpi: meta.density && meta.density > 1 ? meta.density : undefined };
}

describe('decodeSmallPng', () => {
  const cases: [string, () => Promise<Uint8Array>][] = [
    ['8-bit grey', () => png(97, 61, 1)],
    ['8-bit grey at 300 dpi', () => png(128, 128, 1, {}, 300)],
    ['8-bit RGB at 96 dpi', () => png(150, 90, 3, {}, 96)],
    ['grey, every row filter, two IDAT chunks, no pHYs', async () => handmadePng(61, 23, 0)],
    ['RGB, every row filter', async () => handmadePng(40, 21, 2)],
    ['8-bit palette', async () => handmadePng(45, 20, 3, pixels(40, 1, 3, 3))],
    ['uncompressed rows', () => png(33, 17, 3, { compressionLevel: 0, adaptiveFiltering: false })],
  ];
  for (const [name, make] of cases) {
    it(`decodes ${name} exactly as sharp does`, async () => {
      const bytes = await make();
      const fast = decodeSmallPng(bytes, 1e8);
      expect(fast).not.toBeNull();
      const ref = await viaSharp(bytes);
      expect(Buffer.compare(Buffer.from(fast!.rgb), Buffer.from(ref.rgb))).toBe(0);
      expect(fast!.dpi).toBe(ref.dpi);
    });
  }

  it('leaves to sharp what it does not read the same way', async () => {
    const grey = await png(64, 40, 1);
    const badCrc = new Uint8Array(grey);
    badCrc[8 + 8 + 4] = badCrc[8 + 8 + 4]! ^ 1; // a byte of IHDR's data: its CRC no longer matches
    const withProfile = new Uint8Array(
      await sharp(pixels(64, 40, 3), { raw: { width: 64, height: 40, channels: 3 } })
        .withIccProfile('p3')
        .png()
        .toBuffer(),
    );
    const sixteenBit = new Uint8Array(
      await sharp(pixels(32, 20, 3), { raw: { width: 32, height: 20, channels: 3 } })
        .toColourspace('rgb16')
        .png()
        .toBuffer(),
    );
    expect(decodeSmallPng(await png(64, 40, 4), 1e8)).toBeNull(); // alpha: flattened by sharp
    expect(decodeSmallPng(await png(64, 40, 3, { progressive: true }), 1e8)).toBeNull(); // interlaced
    expect(decodeSmallPng(withProfile, 1e8)).toBeNull(); // colour-managed by sharp
    expect(decodeSmallPng(sixteenBit, 1e8)).toBeNull();
    expect(decodeSmallPng(badCrc, 1e8)).toBeNull();
    expect(decodeSmallPng(grey.subarray(0, grey.length - 20), 1e8)).toBeNull(); // cut
    expect(decodeSmallPng(grey, 64 * 40 - 1)).toBeNull(); // above the caller's pixel limit
    expect(decodeSmallPng(await png(1100, 1000, 1), 1e8)).toBeNull(); // large: sharp is faster
  });

  it('gives decodeImage the raster the sharp path gives', async () => {
    const bytes = await png(128, 128, 1, {}, 300);
    const raster = await decodeImage(bytes);
    const ref = await viaSharp(bytes);
    expect(raster).toMatchObject({ width: 128, height: 128, scale: 1, sourceWidth: 128, dpi: 300, format: 'png' });
    expect(Buffer.compare(Buffer.from(raster.rgb), Buffer.from(ref.rgb))).toBe(0);
  });
});
