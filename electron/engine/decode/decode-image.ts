import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageFormat } from '../../../common/schemas/image';
import { findTruncation } from '../scan/check-complete';
import { describeNonImage, detectImageFormat } from '../scan/sniff-format';
import { decodeBmp } from './decode-bmp';
import { ImageDecodeError } from './decode-error';
import { decodeSmallPng } from './decode-small-png';
import { computeGray, type Raster } from './raster';

/** Pixel limit handed to sharp: above it the file is refused before any pixel is decoded. */
export const ECG_DECODE_MAX_PIXELS = 100_000_000;
/** Working resolution cap: larger images are reduced so one image's buffers stay bounded (~100 MB). */
export const ECG_DECODE_WORKING_PIXELS = 16_000_000;
export const ECG_DECODE_MIN_SIDE = 16;

export interface DecodeOptions {
  maxPixels?: number;
  workingPixels?: number;
}

function mapSharpError(format: ImageFormat, err: unknown): ImageDecodeError {
  const msg = (err as Error).message ?? String(err);
  if (/pixel limit/i.test(msg))
    return new ImageDecodeError('too-large', `${format.toUpperCase()} exceeds the pixel limit: ${msg}`);
  if (/premature|truncat|end of (file|stream)|unexpected end|not enough data/i.test(msg)) {
    return new ImageDecodeError('truncated', `${format.toUpperCase()} is truncated: ${msg}`);
  }
  if (/unsupported image format/i.test(msg))
    return new ImageDecodeError('not-an-image', `not a decodable image: ${msg}`);
  return new ImageDecodeError('corrupt', `${format.toUpperCase()} is corrupt: ${msg}`);
}

/**
 * Decode image bytes to a working raster. Formats are recognised by their bytes; every failure is
 * an ImageDecodeError carrying its refusal code (empty-file, not-an-image, truncated, corrupt,
 * too-large, too-small).
 */
export async function decodeImage(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<Raster> {
  const maxPixels = opts.maxPixels ?? ECG_DECODE_MAX_PIXELS;
  const workingPixels = opts.workingPixels ?? ECG_DECODE_WORKING_PIXELS;
  if (bytes.length === 0) throw new ImageDecodeError('empty-file', 'file is empty (0 bytes)');
  const format = detectImageFormat(bytes.subarray(0, 16));
  if (!format)
    throw new ImageDecodeError('not-an-image', `not an image: content is ${describeNonImage(bytes.subarray(0, 512))}`);
  const cut = findTruncation(format, bytes);
  if (cut) throw new ImageDecodeError('truncated', `truncated: ${cut}`);

  let width: number, height: number, rgb: Uint8Array, dpi: number | undefined;
  let sourceWidth: number, sourceHeight: number;
  const small = format === 'png' ? decodeSmallPng(bytes, maxPixels) : null;
  if (small) {
    ({ width, height, rgb, dpi } = small);
    sourceWidth = width;
    sourceHeight = height;
  } else if (format === 'bmp') {
    const bmp = decodeBmp(bytes, maxPixels);
    ({ width, height, rgb } = bmp);
    sourceWidth = width;
    sourceHeight = height;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const ppm = v.getInt32(38, true);
    if (ppm > 0) dpi = Math.round(ppm * 0.0254);
    if (width * height > workingPixels)
      throw new ImageDecodeError('too-large', `BMP of ${width}×${height} is above the working limit`);
  } else {
    try {
      const img = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' });
      const meta = await img.metadata();
      const oriented = (meta.orientation ?? 1) >= 5;
      sourceWidth = (oriented ? meta.height : meta.width) ?? 0;
      sourceHeight = (oriented ? meta.width : meta.height) ?? 0;
      if (meta.density && meta.density > 1) dpi = meta.density;
      let pipe = img.rotate().flatten({ background: '#ffffff' }).toColourspace('srgb');
      if (sourceWidth * sourceHeight > workingPixels) {
        const f = Math.sqrt(workingPixels / (sourceWidth * sourceHeight));
        pipe = pipe.resize(Math.floor(sourceWidth * f), Math.floor(sourceHeight * f), {
          fit: 'fill',
          kernel: 'lanczos3',
        });
      }
      const { data, info } = await pipe.removeAlpha().raw().toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after conversion`);
      width = info.width;
      height = info.height;
      rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (err) {
      if (err instanceof ImageDecodeError) throw err;
      throw mapSharpError(format, err);
    }
  }
  if (width < ECG_DECODE_MIN_SIDE || height < ECG_DECODE_MIN_SIDE) {
    throw new ImageDecodeError(
      'too-small',
      `${width}×${height} pixels is too small to hold an ECG (minimum ${ECG_DECODE_MIN_SIDE} px a side)`,
    );
  }
  return {
    width,
    height,
    rgb,
    gray: computeGray(rgb, width, height),
    format,
    scale: sourceWidth / width,
    sourceWidth,
    sourceHeight,
    ...(dpi ? { dpi } : {}),
  };
}

/** Read a file (opened read-only) and decode it. A read failure is `unreadable`. */
export async function decodeImageFile(
  filePath: string,
  opts: DecodeOptions = {},
): Promise<{ raster: Raster; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (err) {
    throw new ImageDecodeError(
      'unreadable',
      `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return { raster: await decodeImage(bytes, opts), bytes };
}
