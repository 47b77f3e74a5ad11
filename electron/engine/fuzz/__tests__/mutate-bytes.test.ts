import { describe, expect, it } from 'vitest';
import type { ImageFormat } from '../../../../common/schemas/image';
import { makeEcgImage } from '../corpus-context';
import { flipBits, getBodyCutRange, getTiffIfdOffset, truncateBytes } from '../mutate-bytes';
import { createRng } from '../prng';

/** Independent of the scan: does the file still hold its format's end marker or declared length? */
function isWhole(format: ImageFormat, b: Uint8Array): boolean {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = b.length;
  switch (format) {
    case 'png':
      return Buffer.from(b.subarray(n - 12)).equals(Buffer.from('0000000049454e44ae426082', 'hex'));
    case 'jpeg':
      return b[n - 2] === 0xff && b[n - 1] === 0xd9;
    case 'bmp':
      return n >= v.getUint32(2, true);
    case 'webp':
      return n >= v.getUint32(4, true) + 8;
    case 'tiff':
      return n > getTiffIfdOffset(b);
  }
}

describe('truncation and bit flips', () => {
  it('cuts every format inside its data, after the header a reader needs', async () => {
    const rng = createRng(9);
    for (const format of ['png', 'jpeg', 'tiff', 'bmp', 'webp'] as const) {
      for (let k = 0; k < 4; k++) {
        const img = await makeEcgImage(rng, format);
        expect(isWhole(format, img.bytes), `${format} seed is whole`).toBe(true);
        const range = getBodyCutRange(format, img.bytes);
        expect(range[0]).toBeLessThanOrEqual(range[1]);
        const { bytes, cut } = truncateBytes(img.bytes, rng, range);
        expect(bytes.length).toBe(cut);
        expect(isWhole(format, bytes), `${format} cut at ${cut} of ${img.bytes.length}`).toBe(false);
      }
    }
  });

  it('flips exactly k distinct bits', () => {
    const src = new Uint8Array(64).fill(0x5a);
    const { bytes, bits } = flipBits(src, createRng(2), 7);
    let changed = 0;
    for (let i = 0; i < src.length; i++) for (let x = src[i]! ^ bytes[i]!; x; x &= x - 1) changed++;
    expect(changed).toBe(7);
    expect(new Set(bits).size).toBe(7);
  });
});
