import type { ImageFormat } from '../../../common/schemas/image';
import { hasPngSignature } from './png-chunks';

/** Recognise an image by its first bytes, never by its file name. */
export function detectImageFormat(head: Uint8Array): ImageFormat | null {
  const b = head;
  if (hasPngSignature(b)) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 14 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) ||
      (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))
  )
    return 'tiff';
  if (
    b.length >= 12 &&
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return 'webp';
  return null;
}

/** A short name for what a non-image file looks like, so its refusal says more than "not an image". */
export function describeNonImage(head: Uint8Array): string {
  const ascii = Buffer.from(head.subarray(0, 8)).toString('latin1');
  if (ascii.startsWith('%PDF')) return 'a PDF document';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'a ZIP archive';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip archive';
  if (ascii.startsWith('GIF8')) return 'a GIF image (not supported)';
  if (head[0] === 0x7f && ascii.slice(1, 4) === 'ELF') return 'an executable';
  const sample = head.subarray(0, 512);
  const printable = sample.filter((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)).length;
  if (sample.length > 0 && printable / sample.length > 0.95) return 'a text file';
  return 'unrecognised binary data';
}
