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

export type Digitizer = (bytes: Uint8Array, path: string) => Promise<DigitizedImage>;
