import { hasPngSignature, readPngChunkType } from './png-chunks';

export interface PngHeader {
  width: number;
  height: number;
  dpi?: number;
}

/** 1,000 px/m is what libvips writes when an image has no resolution: not a density. */
const LIBVIPS_DEFAULT_PPM = 1000;

/**
 * Width, height and dpi of a PNG from its IHDR and pHYs chunks, without libvips: a batch probes every
 * file on the host thread, where a sharp call per file is a third of the probe (the pixels are
 * decoded later, in the digitizer's workers). Throws on a header that is not a PNG's; checksums
 * are not checked, as the decoder (failOn 'none') does not refuse a file for them either.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  if (bytes.length < 33 || !hasPngSignature(bytes)) throw new Error('no PNG signature');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(8) !== 13 || readPngChunkType(bytes, 8) !== 'IHDR')
    throw new Error('first chunk is not a 13-byte IHDR');
  const width = v.getUint32(16);
  const height = v.getUint32(20);
  if (!width || !height) throw new Error('IHDR declares a zero width or height');
  // pHYs, if any, comes before the first IDAT.
  for (let at = 33; at + 12 <= bytes.length;) {
    const len = v.getUint32(at);
    const type = readPngChunkType(bytes, at);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'pHYs' && len === 9 && at + 17 <= bytes.length && bytes[at + 16] === 1) {
      const ppm = v.getUint32(at + 8);
      return { width, height, ...(ppm > 0 && ppm !== LIBVIPS_DEFAULT_PPM ? { dpi: Math.round(ppm * 0.0254) } : {}) };
    }
    at += 12 + len;
  }
  return { width, height };
}
