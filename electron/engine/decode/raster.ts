import type { ImageFormat } from '../../../common/schemas/image';

/** A decoded image in working resolution: interleaved RGB and its luminance, row 0 at the top. */
export interface Raster {
  width: number;
  height: number;
  rgb: Uint8Array;
  gray: Uint8Array;
  format: ImageFormat;
  /** Source pixels per working pixel (1 unless a very large image was reduced to bound memory). */
  scale: number;
  sourceWidth: number;
  sourceHeight: number;
  /** Resolution declared in the file header, when any. */
  dpi?: number;
}

/** Rec. 601 luma in integer arithmetic: one pass, no per-pixel allocation. */
export function computeGray(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const n = width * height;
  const gray = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) gray[i] = (rgb[j]! * 77 + rgb[j + 1]! * 150 + rgb[j + 2]! * 29) >> 8;
  return gray;
}
