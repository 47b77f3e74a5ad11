/**
 * The beat window of the model input contract (models/INPUT_CONTRACT.md: 180 Hz, 64 samples before
 * R, 80 after). Callers with a model manifest pass its `input` numbers instead of these defaults.
 */
export interface BeatWindow {
  fs: number;
  before: number;
  after: number;
}

export const ECG_DEFAULT_BEAT_WINDOW: BeatWindow = { fs: 180, before: 64, after: 80 };

/** Linear interpolation of a sampled lead at fractional index `pos`, clamped at the ends. */
export function sampleLinear(values: ArrayLike<number>, pos: number): number {
  const n = values.length;
  if (pos <= 0) return values[0]!;
  if (pos >= n - 1) return values[n - 1]!;
  const i = Math.floor(pos);
  const f = pos - i;
  return values[i]! + (values[i + 1]! - values[i]!) * f;
}
