import type { RefusalCode } from '../../../common/schemas/image';
import { probeImage, type ProbedImage } from '../scan/probe-image';
import { getLogger } from '../util/log';
import type { DigitizedImage, Digitizer } from './digitized-image';
import { mapOrdered } from './map-ordered';

const log = getLogger('batch');

/** Files probed ahead of the digitizer: reading and hashing wait on the disk, not the CPU. */
export const ECG_BATCH_PROBE_AHEAD = 2;
/** Bytes of files held between probe and digitizer at most (one larger file still goes, alone). */
export const ECG_BATCH_INFLIGHT_BYTES = 256 * 2 ** 20;

/** What the batch does with a file once its content hash is known. */
export type FileAdmission = 'digitize' | 'skip' | 'duplicate';

export type PreparedFile =
  | { kind: 'refused'; path: string; code: RefusalCode; message: string }
  | { kind: 'skipped'; path: string; image: ProbedImage; duplicate: boolean }
  | { kind: 'digitized'; path: string; image: ProbedImage; digitized: DigitizedImage };

export interface PrepareFilesOptions {
  digitize: Digitizer;
  /** Called once per readable image, in walk order, before it is decoded. */
  admit: (image: ProbedImage) => FileAdmission;
}

function failDigitize(path: string, err: unknown): DigitizedImage {
  log.warn(`digitizing ${path} failed`, err);
  return {
    kind: 'strip',
    status: 'refused',
    reasons: [{ code: 'unreadable', message: `digitizer failed: ${(err as Error).message}` }],
    leads: [],
    hasRhythm: false,
  };
}

/**
 * scan → decode → digitize for a list of files, yielded in the list's order. Files are probed (read
 * once, hashed) a little ahead and admitted in order — so of two identical files the first listed
 * is the one digitized — and as many digitized at once as the digitizer has room for, within a byte
 * budget. A file that cannot be read or digitized comes out with its reason; nothing here throws.
 */
export function prepareFiles(files: Iterable<string>, opts: PrepareFilesOptions): AsyncGenerator<PreparedFile> {
  const probed = mapOrdered(files, { width: ECG_BATCH_PROBE_AHEAD }, (file) => probeImage(file, { keepBytes: true }));
  async function* admitted() {
    for await (const p of probed) {
      if (!p.ok) {
        yield { kind: 'refused' as const, path: p.path, code: p.code, message: p.message };
        continue;
      }
      const admission = opts.admit(p.image);
      if (admission !== 'digitize') {
        yield { kind: 'skipped' as const, path: p.image.path, image: p.image, duplicate: admission === 'duplicate' };
        continue;
      }
      yield { kind: 'admitted' as const, image: p.image, bytes: p.bytes! };
    }
  }
  return mapOrdered(
    admitted(),
    {
      width: opts.digitize.concurrency ?? 1,
      weight: (a) => (a.kind === 'admitted' ? a.bytes.byteLength : 0),
      budget: ECG_BATCH_INFLIGHT_BYTES,
    },
    async (a): Promise<PreparedFile> => {
      if (a.kind !== 'admitted') return a;
      const path = a.image.path;
      const digitized = await opts.digitize(a.bytes, path).catch((err: unknown) => failDigitize(path, err));
      return { kind: 'digitized', path, image: a.image, digitized };
    },
  );
}
