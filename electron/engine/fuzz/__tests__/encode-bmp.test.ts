import { describe, expect, it } from 'vitest';
import { decodeBmp } from '../../decode/decode-bmp';
import { drawEcgRaster } from '../draw-ecg-raster';
import { encodeBmp24 } from '../encode-bmp';
import { createRng } from '../prng';

describe('encodeBmp24', () => {
  it('round-trips through the app’s own BMP decoder, including rows that need padding', () => {
    // 203 px wide: 609 bytes a row, padded to 612.
    const r = drawEcgRaster(createRng(3), 203, 101);
    const bmp = encodeBmp24(r, 300);
    expect(bmp.length).toBe(54 + 612 * 101);
    const back = decodeBmp(bmp, 1e8);
    expect([back.width, back.height]).toEqual([203, 101]);
    expect(Buffer.from(back.rgb).equals(Buffer.from(r.rgb))).toBe(true);
    expect(Math.round(new DataView(bmp.buffer).getInt32(38, true) * 0.0254)).toBe(300);
  });

  it('draws a black trace on white paper with a grid', () => {
    const r = drawEcgRaster(createRng(5), 300, 150);
    let black = 0;
    let white = 0;
    for (let i = 0; i < r.rgb.length; i += 3) {
      if (r.rgb[i] === 0 && r.rgb[i + 1] === 0) black++;
      else if (r.rgb[i] === 255 && r.rgb[i + 1] === 255) white++;
    }
    expect(black).toBeGreaterThan(300); // at least one pen-width line across
    expect(white / (300 * 150)).toBeGreaterThan(0.5);
  });
});
