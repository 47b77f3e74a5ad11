import type { RgbRaster } from './draw-ecg-raster';

const BMP_HEADER_BYTES = 54;

/**
 * Uncompressed 24-bit Windows BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes): sharp
 * cannot write BMP, and ECG carts still produce it.
 */
export function encodeBmp24(r: RgbRaster, dpi = 0): Uint8Array {
  const rowBytes = Math.ceil((r.width * 3) / 4) * 4;
  const dataBytes = rowBytes * r.height;
  const out = new Uint8Array(BMP_HEADER_BYTES + dataBytes);
  const v = new DataView(out.buffer);
  out[0] = 0x42; // 'B'
  out[1] = 0x4d; // 'M'
  v.setUint32(2, out.length, true);
  v.setUint32(10, BMP_HEADER_BYTES, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, r.width, true);
  v.setInt32(22, r.height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  v.setUint32(30, 0, true); // BI_RGB
  v.setUint32(34, dataBytes, true);
  const ppm = Math.round(dpi / 0.0254);
  v.setInt32(38, ppm, true);
  v.setInt32(42, ppm, true);
  for (let y = 0; y < r.height; y++) {
    const src = y * r.width * 3;
    const dst = BMP_HEADER_BYTES + (r.height - 1 - y) * rowBytes;
    for (let x = 0; x < r.width; x++) {
      out[dst + x * 3] = r.rgb[src + x * 3 + 2]!;
      out[dst + x * 3 + 1] = r.rgb[src + x * 3 + 1]!;
      out[dst + x * 3 + 2] = r.rgb[src + x * 3]!;
    }
  }
  return out;
}
