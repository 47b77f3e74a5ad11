import type { RefusalCode } from '../../../common/schemas/image';
import { type ProbedImage, probeImage } from './probe-image';
import { walkFolder } from './walk-folder';

export type ScanEvent =
  | { type: 'image'; image: ProbedImage }
  | { type: 'duplicate'; path: string; sha256: string; of: string }
  | { type: 'refused'; path: string; code: RefusalCode; message: string };

/**
 * Walk a folder and identify every file. Identical bytes are one image (known by sha256), so a
 * second copy is reported as a duplicate of the first path rather than processed twice.
 */
export async function* scanFolder(root: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<ScanEvent> {
  const firstPath = new Map<string, string>();
  for await (const entry of walkFolder(root)) {
    if (opts.signal?.aborted) return;
    if ('code' in entry) {
      yield { type: 'refused', ...entry };
      continue;
    }
    const r = await probeImage(entry.path);
    if (!r.ok) {
      yield { type: 'refused', path: r.path, code: r.code, message: r.message };
      continue;
    }
    const prior = firstPath.get(r.image.sha256);
    if (prior) {
      yield { type: 'duplicate', path: r.image.path, sha256: r.image.sha256, of: prior };
      continue;
    }
    firstPath.set(r.image.sha256, r.image.path);
    yield { type: 'image', image: r.image };
  }
}

export interface ScanReport {
  root: string;
  files: number;
  images: ProbedImage[];
  duplicates: { path: string; of: string }[];
  refused: { path: string; code: RefusalCode; message: string }[];
  byFormat: Record<string, number>;
}

export async function collectScanReport(
  root: string,
  onEvent?: (e: ScanEvent, filesSoFar: number) => void,
): Promise<ScanReport> {
  const report: ScanReport = { root, files: 0, images: [], duplicates: [], refused: [], byFormat: {} };
  for await (const e of scanFolder(root)) {
    report.files++;
    if (e.type === 'image') {
      report.images.push(e.image);
      report.byFormat[e.image.format] = (report.byFormat[e.image.format] ?? 0) + 1;
    } else if (e.type === 'duplicate') report.duplicates.push({ path: e.path, of: e.of });
    else report.refused.push({ path: e.path, code: e.code, message: e.message });
    onEvent?.(e, report.files);
  }
  return report;
}
