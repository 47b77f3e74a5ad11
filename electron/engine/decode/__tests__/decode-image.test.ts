import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeBmp } from '../decode-bmp';
import { decodeImage } from '../decode-image';
import { ImageDecodeError } from '../decode-error';

/** A w×h test pattern (RGB) and its BMP encoding at 24, 32 or 8 bits (8-bit: a 256-grey palette). */
function pattern(w: number, h: number): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) rgb.set([(x * 13) & 255, (y * 29) & 255, (x * y) & 255], (y * w + x) * 3);
  return rgb;
}

function encodeBmp(rgb: Uint8Array, w: number, h: number, bpp: 8 | 24 | 32, topDown = false): Uint8Array {
  const rowBytes = Math.ceil((w * bpp) / 32) * 4;
  const palette = bpp === 8 ? 256 * 4 : 0;
  const offset = 54 + palette;
  const buf = new Uint8Array(offset + rowBytes * h);
  const v = new DataView(buf.buffer);
  buf[0] = 0x42;
  buf[1] = 0x4d;
  v.setUint32(2, buf.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, w, true);
  v.setInt32(22, topDown ? -h : h, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bpp, true);
  v.setUint32(30, 0, true);
  v.setInt32(38, 7874, true); // 200 dpi
  if (bpp === 8) for (let i = 0; i < 256; i++) buf.set([i, i, i, 0], 54 + i * 4);
  for (let y = 0; y < h; y++) {
    const row = offset + (topDown ? y : h - 1 - y) * rowBytes;
    for (let x = 0; x < w; x++) {
      const [r, g, b] = [rgb[(y * w + x) * 3]!, rgb[(y * w + x) * 3 + 1]!, rgb[(y * w + x) * 3 + 2]!];
      if (bpp === 8) buf[row + x] = r;
      else buf.set(bpp === 24 ? [b, g, r] : [b, g, r, 255], row + x * (bpp / 8));
    }
  }
  return buf;
}

describe('decodeBmp', () => {
  it.each([24, 32] as const)('reads %s-bit bottom-up and top-down BMPs pixel for pixel', (bpp) => {
    const rgb = pattern(37, 21);
    expect(Buffer.from(decodeBmp(encodeBmp(rgb, 37, 21, bpp), 1e8).rgb).equals(Buffer.from(rgb))).toBe(true);
    expect(Buffer.from(decodeBmp(encodeBmp(rgb, 37, 21, bpp, true), 1e8).rgb).equals(Buffer.from(rgb))).toBe(true);
  });

  it('reads an 8-bit palette BMP through its palette', () => {
    const rgb = pattern(19, 17);
    const out = decodeBmp(encodeBmp(rgb, 19, 17, 8), 1e8).rgb;
    for (let i = 0; i < 19 * 17; i++)
      expect([out[i * 3], out[i * 3 + 1], out[i * 3 + 2]]).toEqual([rgb[i * 3], rgb[i * 3], rgb[i * 3]]);
  });

  it('refuses a truncated BMP and one too large before allocating', () => {
    const bmp = encodeBmp(pattern(40, 40), 40, 40, 24);
    expect(() => decodeBmp(bmp.subarray(0, bmp.length - 100), 1e8)).toThrow(/holds/);
    expect(() => decodeBmp(bmp, 100)).toThrow(/limit/);
  });
});

describe('decodeImage', () => {
  const codeOf = async (bytes: Uint8Array, opts = {}) => {
    try {
      await decodeImage(bytes, opts);
      return 'ok';
    } catch (err) {
      expect(err).toBeInstanceOf(ImageDecodeError);
      return (err as ImageDecodeError).code;
    }
  };

  it('decodes PNG, JPEG, WebP, TIFF and BMP of the same picture to the same size', async () => {
    const rgb = pattern(64, 48);
    const raw = sharp(Buffer.from(rgb), { raw: { width: 64, height: 48, channels: 3 } });
    const encoded = [
      await raw.clone().png().toBuffer(),
      await raw.clone().jpeg().toBuffer(),
      await raw.clone().webp().toBuffer(),
      await raw.clone().tiff().toBuffer(),
      encodeBmp(rgb, 64, 48, 24),
    ];
    for (const bytes of encoded) {
      const r = await decodeImage(bytes);
      expect([r.width, r.height, r.rgb.length, r.gray.length]).toEqual([64, 48, 64 * 48 * 3, 64 * 48]);
    }
    const bmp = await decodeImage(encodeBmp(rgb, 64, 48, 24));
    expect(bmp.format).toBe('bmp');
    expect(bmp.dpi).toBe(200);
    expect(Buffer.from(bmp.rgb).equals(Buffer.from(rgb))).toBe(true);
    // Lossless PNG decodes to the same pixels as the BMP.
    expect(Buffer.from((await decodeImage(encoded[0]!)).rgb).equals(Buffer.from(rgb))).toBe(true);
  });

  it('gives each failure its own code', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const corrupt = Buffer.from(png);
    for (let i = 60; i < corrupt.length - 20; i++) corrupt[i] = (corrupt[i]! * 7 + 13) & 255;
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await codeOf(new Uint8Array(0))).toBe('empty-file');
    expect(await codeOf(new TextEncoder().encode('%PDF-1.4 not an image'))).toBe('not-an-image');
    expect(await codeOf(png.subarray(0, png.length - 30))).toBe('truncated');
    expect(await codeOf(corrupt)).toBe('corrupt');
    expect(await codeOf(tiny)).toBe('too-small');
    expect(await codeOf(png, { maxPixels: 10_000 })).toBe('too-large');
    expect(await codeOf(png)).toBe('ok');
  });

  it('reduces a very large image to the working size and says by how much', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const r = await decodeImage(big, { workingPixels: 3_000_000 });
    expect(r.width * r.height).toBeLessThanOrEqual(3_000_000);
    expect(r.sourceWidth).toBe(4000);
    expect(r.scale).toBeCloseTo(4000 / r.width, 5);
  });
});
