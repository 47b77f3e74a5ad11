import type { BeatModelInput } from '../../../common/inference';
import { computeBeatInput, computeRhythmFeatures, ECG_RHYTHM_FEATURES, type BeatInputSpec } from '../beats/model-input';

/**
 * The model's inputs for beats of one lead: a contract window per R peak and rhythm features from
 * the R times of all of them (the same functions serve strips and WFDB records). `rhythm: false`
 * treats each beat as a single-beat crop.
 */
export function buildBeatModelInputs(
  signal: ArrayLike<number>,
  fs: number,
  rSamples: readonly number[],
  spec: BeatInputSpec,
  opts: { rhythm?: boolean } = {},
): BeatModelInput[] {
  const useRhythm = opts.rhythm ?? true;
  const rhythm = useRhythm
    ? computeRhythmFeatures(
        rSamples.map((r) => r / fs),
        spec,
      )
    : null;
  return rSamples.map((r, i) => {
    const row = rhythm?.subarray(i * ECG_RHYTHM_FEATURES, (i + 1) * ECG_RHYTHM_FEATURES) ?? null;
    // A record too short for rhythm yields all-zero rows: report those beats as crops.
    const available = row !== null && row[ECG_RHYTHM_FEATURES - 1] === 1;
    return { window: computeBeatInput(signal, r, fs, spec), rhythm: available ? row : null };
  });
}
