import type { BeatModelInput } from '../../../common/inference';
import { type Beat, formatBeatId } from '../../../common/schemas/beat';
import {
  type BeatInputSpec,
  computeBeatInput,
  computeBeatTemplates,
  computeRhythmContexts,
  computeRhythmFeatures,
} from '../beats/model-input';
import type { DigitizedLeadWithBeats } from './digitized-image';
import { computeGapShare, fillGaps } from './fill-gaps';

const ECG_RHYTHM_LENGTH = 7;
/** A beat whose window is more gap than this is not classified (nor stored): too little of it was read. */
export const ECG_MAX_WINDOW_GAP_SHARE = 0.3;

export interface PreparedBeat {
  beat: Beat;
  input: BeatModelInput;
}

/**
 * Beats of one lead with the model's inputs: the contract window around each R peak and, where
 * the image holds a rhythm, the beat's context from that lead's own beats (the same code path the
 * `classify` command uses on WFDB records): RR features over every detected R peak and, for a
 * two-channel model, the template over the windows of the beats that are kept. Beats dropped for
 * gaps stay out of the template: their windows are mostly interpolation, and re-running inference
 * from the review set (which stores only kept beats) rebuilds the same template.
 */
export function buildBeatInputs(
  imageSha256: string,
  lead: DigitizedLeadWithBeats,
  spec: BeatInputSpec,
  withRhythm: boolean,
): PreparedBeat[] {
  const peaks = lead.rPeaks;
  const times = peaks.map((r) => r / lead.fs);
  const rhythm = withRhythm ? computeRhythmFeatures(times, spec) : null;
  const contexts = withRhythm ? computeRhythmContexts(times, spec) : null;
  const ratio = lead.fs / spec.fs;
  const filled = fillGaps(lead.samples);
  const out: PreparedBeat[] = [];
  peaks.forEach((r, i) => {
    const row = rhythm ? rhythm.subarray(i * ECG_RHYTHM_LENGTH, (i + 1) * ECG_RHYTHM_LENGTH) : null;
    const hasRhythm = row !== null && row[ECG_RHYTHM_LENGTH - 1] === 1;
    const windowStart = Math.round(r - spec.before * ratio);
    const windowEnd = Math.round(r + spec.after * ratio);
    if (computeGapShare(lead.samples, windowStart, windowEnd) > ECG_MAX_WINDOW_GAP_SHARE) return;
    out.push({
      beat: {
        id: formatBeatId(imageSha256, lead.name, r),
        imageSha256,
        lead: lead.name,
        rSample: r,
        fs: lead.fs,
        windowStart,
        windowEnd,
        rhythm: hasRhythm && contexts ? contexts[i]! : null,
      },
      input: { window: computeBeatInput(filled, r, lead.fs, spec), rhythm: hasRhythm ? Float32Array.from(row!) : null },
    });
  });
  if (withRhythm && spec.channels === 2 && out.length >= spec.templateMinBeats) {
    const templates = computeBeatTemplates(
      out.map((p) => p.input.window),
      spec,
    );
    out.forEach((p, i) => (p.input.template = templates[i]!));
  }
  return out;
}
