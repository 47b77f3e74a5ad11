import { formatBeatId, type Beat } from '../../../common/schemas/beat';
import { detectQrs } from './detect-qrs';
import { listStretches } from './detect-qrs-multi-lead';
import { type BeatInputSpec, computeRhythmContexts } from './model-input';

/** Stretches shorter than this hold too little to detect beats in (seconds). */
const ECG_MIN_SEGMENT_S = 1;

/** R peaks of a lead that may hold gaps (NaN): detection runs on each unbroken stretch. */
export function detectRPeaks(samples: ArrayLike<number>, fs: number): number[] {
  const out: number[] = [];
  for (const [a, b] of listStretches(samples, ECG_MIN_SEGMENT_S * fs)) {
    const seg = new Float64Array(b - a);
    for (let i = 0; i < seg.length; i++) seg[i] = samples[a + i]!;
    for (const r of detectQrs(seg, fs).rSamples) out.push(a + r);
  }
  return out;
}

/**
 * A beat whose model window (within the lead) is more gap than this is left out: too little of it
 * was read. A few missing columns — a stroke's end at the panel's edge, a crease — do not cost the
 * beat; the model input bridges them (the batch's gap filling, with the same share).
 */
export const ECG_MAX_BEAT_WINDOW_GAP_SHARE = 0.3;

export interface LeadBeats {
  beats: Beat[];
  /** Beats found but left out because their model window is mostly gap. */
  droppedAtGaps: number;
}

/**
 * Beats of one lead in the contract's terms: the R sample, the lead's sample range the model
 * window covers, and the RR context from all beats of the lead (null below the minimum count).
 */
export function buildLeadBeats(
  imageSha256: string,
  lead: string,
  samples: ArrayLike<number>,
  fs: number,
  spec: BeatInputSpec,
  rSamples?: number[],
): LeadBeats {
  const rs = rSamples ?? detectRPeaks(samples, fs);
  const contexts = computeRhythmContexts(
    rs.map((r) => r / fs),
    spec,
  );
  const beats: Beat[] = [];
  let droppedAtGaps = 0;
  const before = Math.ceil((spec.before * fs) / spec.fs);
  const after = Math.ceil((spec.after * fs) / spec.fs);
  rs.forEach((r, i) => {
    const windowStart = r - before;
    const windowEnd = r + after;
    const a = Math.max(0, windowStart);
    const b = Math.min(samples.length, windowEnd);
    let gaps = 0;
    for (let k = a; k < b; k++) if (Number.isNaN(samples[k]!)) gaps++;
    if (b <= a || gaps > ECG_MAX_BEAT_WINDOW_GAP_SHARE * (b - a)) {
      droppedAtGaps++;
      return;
    }
    beats.push({
      id: formatBeatId(imageSha256, lead, r),
      imageSha256,
      lead,
      rSample: r,
      fs,
      windowStart,
      windowEnd,
      rhythm: contexts ? contexts[i]! : null,
    });
  });
  return { beats, droppedAtGaps };
}
