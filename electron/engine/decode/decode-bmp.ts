import { ImageDecodeError } from './decode-error';

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGB, row 0 at the top. */
  rgb: Uint8Array;
}

/**
 * Uncompressed Windows BMP (8-bit palette, 24-bit, 32-bit; BI_RGB or BI_BITFIELDS with the
 * standard masks) to RGB. sharp/libvips cannot read BMP, and some ECG carts still write it.
 */
export function decodeBmp(bytes: Uint8Array, maxPixels: number): RgbImage {
  if (bytes.length < 54) throw new ImageDecodeError('truncated', `BMP header is incomplete (${bytes.length} bytes)`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  if (headerSize < 40) throw new ImageDecodeError('corrupt', `BMP core header (${headerSize} bytes) is not supported`);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  if (width <= 0 || height === 0) throw new ImageDecodeError('corrupt', `BMP declares ${width}×${height} pixels`);
  if (width * height > maxPixels) {
    throw new ImageDecodeError(
      'too-large',
      `BMP declares ${width}×${height} pixels, above the ${maxPixels / 1e6} MP limit`,
    );
  }
  // 3 = BI_BITFIELDS: accepted for 32-bit when the masks are the usual BGRA ones.
  if (compression !== 0 && !(compression === 3 && bpp === 32)) {
    throw new ImageDecodeError('corrupt', `compressed BMP (compression ${compression}) is not supported`);
  }
  if (bpp !== 8 && bpp !== 24 && bpp !== 32) throw new ImageDecodeError('corrupt', `${bpp}-bit BMP is not supported`);
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + rowBytes * height > bytes.length) {
    throw new ImageDecodeError(
      'truncated',
      `BMP holds ${bytes.length} bytes of the ${dataOffset + rowBytes * height} its header declares`,
    );
  }
  let palette: Uint8Array | null = null;
  if (bpp === 8) {
    const colours = v.getUint32(46, true) || 256;
    const palStart = 14 + headerSize;
    if (palStart + colours * 4 > dataOffset)
      throw new ImageDecodeError('corrupt', 'BMP palette overlaps the pixel data');
    palette = bytes.subarray(palStart, palStart + colours * 4);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const srcRow = dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
    let o = y * width * 3;
    if (bpp === 8) {
      const pal = palette!;
      const nPal = pal.length >> 2;
      for (let x = 0; x < width; x++) {
        const idx = bytes[srcRow + x]!;
        if (idx >= nPal) throw new ImageDecodeError('corrupt', `BMP pixel refers to palette entry ${idx} of ${nPal}`);
        rgb[o++] = pal[idx * 4 + 2]!;
        rgb[o++] = pal[idx * 4 + 1]!;
        rgb[o++] = pal[idx * 4]!;
      }
    } else {
      const step = bpp >> 3;
      for (let x = 0, s = srcRow; x < width; x++, s += step) {
        rgb[o++] = bytes[s + 2]!;
        rgb[o++] = bytes[s + 1]!;
        rgb[o++] = bytes[s]!;
      }
    }
  }
  return { width, height, rgb };
}
