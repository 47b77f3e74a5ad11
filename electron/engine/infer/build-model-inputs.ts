import type { BeatModelInput } from '../../../common/inference';
import {
  computeBeatInput,
  computeBeatTemplates,
  computeRhythmFeatures,
  ECG_RHYTHM_FEATURES,
  type BeatInputSpec,
} from '../beats/model-input';

/**
 * The model's inputs for beats of one lead (R samples in time order): a contract window per R peak,
 * and the beat's context from all of them: rhythm features from their R times and, for a
 * two-channel model, the template from their windows (the same functions serve strips and WFDB
 * records). `rhythm: false` treats each beat as a single-beat crop: no context at all.
 */
export function buildBeatModelInputs(
  signal: ArrayLike<number>,
  fs: number,
  rSamples: readonly number[],
  spec: BeatInputSpec,
  opts: { rhythm?: boolean } = {},
): BeatModelInput[] {
  const useContext = opts.rhythm ?? true;
  const rhythm = useContext
    ? computeRhythmFeatures(
        rSamples.map((r) => r / fs),
        spec,
      )
    : null;
  const windows = rSamples.map((r) => computeBeatInput(signal, r, fs, spec));
  const templates =
    useContext && spec.channels === 2 && windows.length >= spec.templateMinBeats
      ? computeBeatTemplates(windows, spec)
      : null;
  return windows.map((window, i) => {
    const row = rhythm?.subarray(i * ECG_RHYTHM_FEATURES, (i + 1) * ECG_RHYTHM_FEATURES) ?? null;
    // A record too short for rhythm yields all-zero rows: report those beats as crops.
    const available = row !== null && row[ECG_RHYTHM_FEATURES - 1] === 1;
    return { window, rhythm: available ? row : null, template: templates?.[i] ?? null };
  });
}
