import type { AamiClass } from '../../../common/ecg/aami';
import type { BeatInference } from '../../../common/inference';
import { computeEntropy, computeMeanRow, computeMutualInformation, getArgmax } from './ensemble-math';
import type { EnsembleBatchResult, EnsembleDims } from './run-ensemble';
import { computeSaliency } from './saliency';

/** Turn one batch's raw ensemble output into per-beat predictions with uncertainty and saliency. */
export function assemblePredictions(
  result: EnsembleBatchResult,
  n: number,
  folds: number,
  dims: EnsembleDims,
  rhythmUsed: readonly boolean[],
  classes: readonly AamiClass[],
  abstainEntropy: number | null,
): BeatInference[] {
  const { classes: C, camSteps: T, embeddingSize: E, windowLength: L } = dims;
  const out: BeatInference[] = [];
  for (let b = 0; b < n; b++) {
    const foldProbs: Float64Array[] = [];
    for (let k = 0; k < folds; k++) foldProbs.push(result.foldProbs.slice((k * n + b) * C, (k * n + b + 1) * C));
    const probs = computeMeanRow(foldProbs);
    const predictedIndex = getArgmax(probs);
    const entropy = computeEntropy(probs);
    const withCam = result.cam.length > 0;
    const cam = withCam ? result.cam.slice(b * C * T, (b + 1) * C * T) : new Float32Array(0);
    out.push({
      probs,
      foldProbs,
      predictedIndex,
      predicted: classes[predictedIndex]!,
      entropy,
      mutualInfo: computeMutualInformation(probs, foldProbs),
      abstain: abstainEntropy !== null && entropy > abstainEntropy,
      rhythmUsed: rhythmUsed[b]!,
      saliency: withCam ? computeSaliency(cam, predictedIndex, T, L) : new Float32Array(0),
      cam,
      embedding: result.embedding.slice(b * E, (b + 1) * E),
    });
  }
  return out;
}
