import type { ImageKind } from '../../../common/schemas/image';
import type { InkMaps } from './ink-map';

/** Largest side of a single-beat crop (seed 000's are 128×128). */
export const ECG_BEAT_CROP_MAX_SIDE = 320;

/** Mean grid-map darkness: paper with a printed grid scores high, a plain crop low. */
function gridDensity(maps: InkMaps): number {
  let s = 0;
  for (let i = 0; i < maps.grid.length; i++) s += maps.grid[i]!;
  return s / maps.grid.length;
}

/**
 * Which kind an image is before digitizing: small, roughly square and grid-free is a single-beat
 * crop; otherwise the sheet digitizer decides strip (one row of trace) or sheet (several).
 */
export function detectBeatCrop(maps: InkMaps): boolean {
  const { width, height } = maps;
  if (width > ECG_BEAT_CROP_MAX_SIDE || height > ECG_BEAT_CROP_MAX_SIDE) return false;
  const aspect = width / height;
  if (aspect < 0.5 || aspect > 2) return false;
  // Noisy, grey photocopied crops (artefact level 3) reach ~0.03; printed grid paper sits well above 0.06.
  return gridDensity(maps) < 0.06;
}

/** A strip is one or two full-width leads (a Holter or rhythm strip); anything more is a sheet. */
export function kindFromRows(rowCount: number, anySplit: boolean): ImageKind {
  return !anySplit && rowCount <= 2 ? 'strip' : 'sheet';
}
