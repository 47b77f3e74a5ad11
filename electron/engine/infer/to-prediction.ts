import type { BeatInference } from '../../../common/inference';
import type { Prediction } from '../../../common/schemas/prediction';

/** Round to what a stored figure needs; float32 noise in the 9th digit only bloats JSON and SQLite. */
function round(v: number, digits = 7): number {
  return Number(v.toFixed(digits));
}

/** The stored, schema-checked form of an engine prediction (common/schemas/prediction.ts). */
export function toPrediction(beatId: string, modelId: string, p: BeatInference): Prediction {
  const clamp01 = (v: number) => Math.min(1, Math.max(0, round(v)));
  return {
    beatId,
    modelId,
    probs: Array.from(p.probs, clamp01),
    foldProbs: p.foldProbs.map((f) => Array.from(f, clamp01)),
    predicted: p.predicted,
    entropy: Math.max(0, round(p.entropy)),
    mutualInfo: round(p.mutualInfo),
    abstain: p.abstain,
    rhythmUsed: p.rhythmUsed,
    saliency: Array.from(p.saliency, (v) => round(v, 4)),
  };
}
