import sharp from 'sharp';
import type { ImageFormat } from '../../../common/schemas/image';
import type { RgbRaster } from './draw-ecg-raster';
import { encodeBmp24 } from './encode-bmp';
import type { Rng } from './prng';

export const FUZZ_EXTENSIONS: Record<ImageFormat, string> = {
  png: 'png',
  jpeg: 'jpg',
  tiff: 'tif',
  bmp: 'bmp',
  webp: 'webp',
};

/** Encode a raster in one format with randomly chosen (but seeded) encoder settings. */
export async function encodeSeedImage(r: RgbRaster, format: ImageFormat, rng: Rng): Promise<Uint8Array> {
  const dpi = rng.pick([0, 96, 150, 200, 300]);
  if (format === 'bmp') return encodeBmp24(r, dpi);
  let img = sharp(Buffer.from(r.rgb.buffer, r.rgb.byteOffset, r.rgb.byteLength), {
    raw: { width: r.width, height: r.height, channels: 3 },
  });
  if (dpi) img = img.withMetadata({ density: dpi });
  if (rng.next() < 0.3) img = img.grayscale();
  switch (format) {
    case 'png':
      img = img.png({ compressionLevel: rng.int(0, 9), palette: rng.next() < 0.25 });
      break;
    case 'jpeg':
      img = img.jpeg({ quality: rng.int(40, 95), progressive: rng.next() < 0.3, mozjpeg: false });
      break;
    case 'tiff':
      img = img.tiff({ compression: rng.pick(['none', 'lzw', 'deflate', 'jpeg'] as const) });
      break;
    case 'webp':
      img = img.webp(rng.next() < 0.5 ? { lossless: true } : { quality: rng.int(40, 95) });
      break;
  }
  return new Uint8Array(await img.toBuffer());
}
