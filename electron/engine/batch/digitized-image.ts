import type { FileReason, FileStatus, ImageKind } from '../../../common/schemas/image';
import type { LeadQuality, PixelMap } from '../../../common/schemas/signal';

/** What the batch needs from the digitizer for one image: calibrated leads and their R peaks. */
export interface DigitizedLeadWithBeats {
  name: string;
  fs: number;
  startTime: number;
  /** mV, NaN = gap. */
  samples: ArrayLike<number>;
  pixelMap: PixelMap;
  quality: LeadQuality;
  /** R peak sample indices at `fs`, ascending. */
  rPeaks: number[];
}

export interface DigitizedImage {
  kind: ImageKind;
  status: FileStatus;
  reasons: FileReason[];
  leads: DigitizedLeadWithBeats[];
  /** A single-beat crop carries no rhythm: its beats are classified on shape alone. */
  hasRhythm: boolean;
}

/** May take ownership of `bytes` (a worker pool moves them to its thread): the caller must not reuse them. */
export type Digitizer = ((bytes: Uint8Array, path: string) => Promise<DigitizedImage>) & {
  /** Images worth having in flight at once; absent or 1: one at a time, on the calling thread. */
  readonly concurrency?: number;
  /** Stop any threads it holds (a shared pool only lets its idle workers go). */
  close?(): Promise<void>;
};
