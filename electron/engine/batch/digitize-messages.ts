import type { DigitizeRequestOptions } from './digitize-bytes';
import type { DigitizedImage } from './digitized-image';

/** What a digitizer worker is started with (its `workerData`). */
export interface DigitizeWorkerInit {
  /** libvips threads (process-wide): the pool runs images side by side, so one per image is enough. */
  sharpConcurrency: number;
}

export type DigitizeWorkerRequest = { kind: 'digitize'; id: number; bytes: Uint8Array; opts: DigitizeRequestOptions };

export type DigitizeWorkerReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; result: DigitizedImage }
  | { kind: 'failed'; id: number; message: string };
