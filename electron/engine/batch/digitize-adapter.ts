import type { ImageKind } from '../../../common/schemas/image';
import type { BeatInputSpec } from '../beats/model-input';
import { digitizeImage } from '../digitize';
import type { DigitizedImage, Digitizer } from './digitized-image';

/** The engine's digitizer as the batch sees it: leads as typed arrays with their R peaks. */
export function createDigitizer(opts: { forceKind?: ImageKind; beatSpec?: BeatInputSpec } = {}): Digitizer {
  return async (bytes) => {
    const r = await digitizeImage(bytes, opts);
    const result: DigitizedImage = {
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
    return result;
  };
}
