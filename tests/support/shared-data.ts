import { existsSync } from 'node:fs';
import path from 'node:path';

/** ../shared/data next to the project root; tests that need it skip loudly when it is absent. */
export const SHARED_DATA_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');
export const MITDB_DIR = path.join(SHARED_DATA_DIR, 'mitdb');
export const SCANS_DIR = path.join(SHARED_DATA_DIR, 'scans');
export const ECG12_DIR = path.join(SHARED_DATA_DIR, 'ecg12');

export function hasSharedData(dir: string = SHARED_DATA_DIR): boolean {
  const ok = existsSync(dir);
  if (!ok) console.warn(`[skip] shared data not found at ${dir}: tests that need it are skipped`);
  return ok;
}
