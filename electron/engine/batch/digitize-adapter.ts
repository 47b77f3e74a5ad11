import type { ImageKind } from '../../../common/schemas/image';
import type { BeatInputSpec } from '../beats/model-input';
import { digitizeBytes, type DigitizeRequestOptions } from './digitize-bytes';
import {
  computeDigitizePlan,
  createDigitizePool,
  ECG_DIGITIZE_JOBS_PER_WORKER,
  getSharedDigitizePool,
} from './digitize-pool';
import type { Digitizer } from './digitized-image';

export interface DigitizerOptions {
  forceKind?: ImageKind;
  beatSpec?: BeatInputSpec;
  /**
   * Where images are digitized: 0 on the calling thread, one at a time (the host's thread is busy
   * meanwhile); a number, a pool of that many worker threads of its own (closed with `close()`);
   * absent, the process's shared pool (ECG_DIGITIZE_WORKERS, default one worker per core).
   */
  workers?: number;
}

/** The engine's digitizer as the batch sees it: leads as typed arrays with their R peaks. */
export function createDigitizer(opts: DigitizerOptions = {}): Digitizer {
  const request: DigitizeRequestOptions = {
    ...(opts.forceKind ? { forceKind: opts.forceKind } : {}),
    ...(opts.beatSpec ? { beatSpec: opts.beatSpec } : {}),
  };
  const plan = computeDigitizePlan(opts.workers !== undefined ? { workers: opts.workers } : {});
  if (plan.workers === 0) {
    return Object.assign((bytes: Uint8Array) => digitizeBytes(bytes, request), {
      concurrency: 1,
      close: async () => {},
    });
  }
  const own = opts.workers !== undefined;
  const pool = own ? createDigitizePool(plan) : getSharedDigitizePool();
  return Object.assign((bytes: Uint8Array) => pool.digitize(bytes, request), {
    // Enough in flight that a worker finishing an image finds the next one already queued.
    concurrency: pool.size * (ECG_DIGITIZE_JOBS_PER_WORKER + 1),
    close: () => (own ? pool.close() : pool.releaseIdle()),
  });
}
