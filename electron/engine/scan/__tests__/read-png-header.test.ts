import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPngHeader } from '../read-png-header';

async function png(width: number, height: number, density?: number): Promise<Uint8Array> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: 255, g: 240, b: 240 } } });
  return new Uint8Array(await (density ? img.withMetadata({ density }) : img).png().toBuffer());
}

describe('readPngHeader', () => {
  it('reads the size and dpi sharp reads, without decoding', async () => {
    for (const [w, h, dpi] of [
      [300, 120, 300],
      [17, 2000, 150],
      [640, 480, undefined],
    ] as const) {
      const bytes = await png(w, h, dpi);
      const meta = await sharp(bytes).metadata();
      const got = readPngHeader(bytes);
      expect(got).toEqual({ width: meta.width, height: meta.height, ...(dpi ? { dpi: meta.density } : {}) });
      if (dpi) expect(got.dpi).toBe(dpi);
    }
  });

  it('refuses a header that is not a PNG’s: signature, IHDR, zero size', async () => {
    const good = await png(50, 40);
    const jpeg = new Uint8Array(await sharp(good).jpeg().toBuffer());
    expect(() => readPngHeader(jpeg)).toThrow(/signature/);
    const renamed = good.slice();
    renamed[12] = 0x58; // 'XHDR'
    expect(() => readPngHeader(renamed)).toThrow(/IHDR/);
    const empty = good.slice();
    empty.fill(0, 16, 20);
    expect(() => readPngHeader(empty)).toThrow(/zero width/);
    expect(() => readPngHeader(good.subarray(0, 20))).toThrow(/signature/);
  });
});
