import type { ImageKind } from '../../../common/schemas/image';
import type { BeatInputSpec } from '../beats/model-input';
import { digitizeImage } from '../digitize';
import type { DigitizedImage } from './digitized-image';

/** How the batch asks for an image to be read: plain data, so it crosses to a digitizer worker as is. */
export interface DigitizeRequestOptions {
  forceKind?: ImageKind;
  beatSpec?: BeatInputSpec;
}

/**
 * The engine's digitizer as the batch sees it: leads as typed arrays with their R peaks. The one
 * code path for both the calling thread and the worker pool, so both give the same result.
 */
export async function digitizeBytes(bytes: Uint8Array, opts: DigitizeRequestOptions = {}): Promise<DigitizedImage> {
  const r = await digitizeImage(bytes, opts);
  return {
    kind: r.kind ?? 'strip',
    status: r.status,
    reasons: r.reasons,
    hasRhythm: r.kind !== 'beat',
    leads: r.leads.map((lead) => ({
      name: lead.name,
      fs: lead.fs,
      startTime: lead.startTime,
      samples: Float32Array.from(lead.samples, (v) => (v === null ? Number.NaN : v)),
      pixelMap: lead.pixelMap,
      quality: lead.quality,
      rPeaks: (r.beats[lead.name] ?? []).map((b) => b.rSample).sort((a, b) => a - b),
    })),
  };
}
