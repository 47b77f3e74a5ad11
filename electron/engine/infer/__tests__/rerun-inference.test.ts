import { describe, expect, it } from 'vitest';
import {
  computeRhythmContexts,
  computeRhythmFeatures,
  ECG_BEAT_INPUT_V1,
  ECG_RHYTHM_FEATURES,
} from '../../beats/model-input';
import { computeRhythmRowFromContext } from '../rerun-inference';

describe('computeRhythmRowFromContext', () => {
  it("gives back the batch's rhythm rows from the stored RR contexts", () => {
    // Irregular rhythm with premature beats and long pauses, so every feature (and the clip) is exercised.
    const t: number[] = [];
    let x = 0.3;
    for (let i = 0; i < 60; i++) t.push((x += i % 7 === 3 ? 0.35 : i % 11 === 0 ? 2.6 : 0.8 + 0.05 * Math.sin(i)));
    const rows = computeRhythmFeatures(t, ECG_BEAT_INPUT_V1);
    const contexts = computeRhythmContexts(t, ECG_BEAT_INPUT_V1)!;
    for (let i = 0; i < t.length; i++) {
      const got = computeRhythmRowFromContext(contexts[i]!, ECG_BEAT_INPUT_V1)!;
      const want = rows.subarray(i * ECG_RHYTHM_FEATURES, (i + 1) * ECG_RHYTHM_FEATURES);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('gives no rhythm for a beat stored without one', () => {
    expect(computeRhythmRowFromContext(null, ECG_BEAT_INPUT_V1)).toBeNull();
  });
});
