import path from 'node:path';
import { type ScanEvent, scanFolder } from '../scan/scan-folder';
import type { ObservedOutcome } from './check-outcomes';

export function getRelativePath(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}

export function toObservedOutcome(root: string, e: ScanEvent): ObservedOutcome {
  if (e.type === 'image') {
    const im = e.image;
    return {
      path: getRelativePath(root, im.path),
      type: 'image',
      format: im.format,
      width: im.width,
      height: im.height,
    };
  }
  if (e.type === 'duplicate')
    return { path: getRelativePath(root, e.path), type: 'duplicate', of: getRelativePath(root, e.of) };
  return { path: getRelativePath(root, e.path), type: 'refused', code: e.code, message: e.message };
}

/** Run the scan over a corpus, keeping every outcome; a throw ends the scan and is returned, not raised. */
export async function observeScan(root: string): Promise<{ outcomes: ObservedOutcome[]; crash: Error | null }> {
  const outcomes: ObservedOutcome[] = [];
  try {
    for await (const e of scanFolder(root)) outcomes.push(toObservedOutcome(root, e));
    return { outcomes, crash: null };
  } catch (err) {
    return { outcomes, crash: err as Error };
  }
}
