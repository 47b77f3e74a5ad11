import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { computeSoftmaxInto } from './ensemble-math';
import { buildAugmentedBatch, repeatRows, type TtaVariant } from './tta';

export interface EnsembleDims {
  windowLength: number;
  rhythmLength: number;
  classes: number;
  camSteps: number;
  embeddingSize: number;
}

export interface EnsembleBatch {
  /** n × windowLength, row-major. */
  beat: Float32Array;
  /** n × rhythmLength (zeros where a beat has no rhythm). */
  rhythm: Float32Array;
  n: number;
  variants: readonly TtaVariant[];
}

export interface EnsembleBatchResult {
  /** folds × n × classes: each fold's softmax averaged over the variants. */
  foldProbs: Float64Array;
  /** n × classes × camSteps, mean over folds, first (unaugmented) variant. */
  cam: Float32Array;
  /** n × embeddingSize, mean over folds, first variant. */
  embedding: Float32Array;
}

/**
 * Run every fold on one batch: all augmented copies go through a fold in a single run
 * (variants × n rows), softmax per row, averaged per fold over the variants.
 */
export async function runEnsembleBatch(
  sessions: readonly InferenceSession[],
  batch: EnsembleBatch,
  dims: EnsembleDims,
): Promise<EnsembleBatchResult> {
  const { n, variants } = batch;
  const V = variants.length;
  const { windowLength: L, rhythmLength: R, classes: C, camSteps: T, embeddingSize: E } = dims;
  const beat = new Tensor('float32', buildAugmentedBatch(batch.beat, n, L, variants), [V * n, 1, L]);
  const rhythm = new Tensor('float32', repeatRows(batch.rhythm, n, R, V), [V * n, R]);
  const foldProbs = new Float64Array(sessions.length * n * C);
  const cam = new Float32Array(n * C * T);
  const embedding = new Float32Array(n * E);
  const rowProbs = new Float64Array(C);
  for (let k = 0; k < sessions.length; k++) {
    const out = await sessions[k]!.run({ beat, rhythm });
    const logits = out.logits!.data as Float32Array;
    const base = k * n * C;
    for (let v = 0; v < V; v++) {
      for (let b = 0; b < n; b++) {
        computeSoftmaxInto(logits, (v * n + b) * C, C, rowProbs, 0);
        for (let c = 0; c < C; c++) foldProbs[base + b * C + c]! += rowProbs[c]! / V;
      }
    }
    const camData = out.cam!.data as Float32Array;
    for (let i = 0; i < n * C * T; i++) cam[i]! += camData[i]!;
    const embData = out.embedding!.data as Float32Array;
    for (let i = 0; i < n * E; i++) embedding[i]! += embData[i]!;
    for (const t of Object.values(out)) t.dispose();
  }
  const K = sessions.length;
  for (let i = 0; i < cam.length; i++) cam[i]! /= K;
  for (let i = 0; i < embedding.length; i++) embedding[i]! /= K;
  return { foldProbs, cam, embedding };
}
