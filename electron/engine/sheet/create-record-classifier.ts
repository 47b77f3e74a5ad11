import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { AppError } from '../../../common/schemas/errors';
import { RECORD_CLASSES, type RecordPrediction } from '../../../common/schemas/record';
import type { Lead } from '../../../common/schemas/signal';
import type { RecordClassifier } from '../batch/classify-sheets';
import { createFoldSession } from '../infer/create-session';
import { computeEntropy, computeSoftmaxInto } from '../infer/ensemble-math';
import { computeSheetFeatures } from './compute-sheet-features';
import { loadRecordModel, type LoadedRecordModel } from './load-record-model';
import { buildOcclusionRows, computeRecordSaliency, listOcclusionGroups } from './record-saliency';

const C = RECORD_CLASSES.length;

/** Mean over the folds of softmax(logits / T), one row of C per input row (`width` features each). */
export async function computeRecordProbs(
  sessions: readonly InferenceSession[],
  rows: Float32Array,
  width: number,
  temperature: number,
): Promise<Float64Array> {
  const n = rows.length / width;
  const mean = new Float64Array(n * C);
  const row = new Float64Array(C);
  for (const s of sessions) {
    const out = await s.run({ features: new Tensor('float32', rows, [n, width]) });
    const logits = out.logits!.data as Float32Array;
    if (logits.length !== n * C)
      throw new AppError('E_MODEL_INVALID', `record model returned ${logits.length} logits for ${n} rows`);
    for (let r = 0; r < n; r++) {
      computeSoftmaxInto(logits, r * C, C, row, 0, temperature);
      for (let c = 0; c < C; c++) mean[r * C + c] = mean[r * C + c]! + row[c]! / sessions.length;
    }
  }
  return mean;
}

/** Classify one sheet from its leads with a loaded model's sessions (no I/O). */
export async function classifySheetLeads(
  model: LoadedRecordModel,
  sessions: readonly InferenceSession[],
  imageSha256: string,
  leads: Lead[],
): Promise<RecordPrediction> {
  const features = computeSheetFeatures(leads);
  const groups = listOcclusionGroups();
  const width = features.values.length;
  const probs = await computeRecordProbs(
    sessions,
    buildOcclusionRows(features.values, groups),
    width,
    model.temperature,
  );
  const full = Array.from(probs.subarray(0, C));
  const k = full.indexOf(Math.max(...full));
  const entropy = computeEntropy(full);
  const drops = groups.map((_, g) => full[k]! - probs[(g + 1) * C + k]!);
  return {
    imageSha256,
    modelId: model.modelId,
    probs: full.map((v) => Math.min(1, Math.max(0, v))),
    predicted: RECORD_CLASSES[k]!,
    entropy,
    abstain: model.abstainEntropy !== null && entropy > model.abstainEntropy,
    saliency: computeRecordSaliency(leads, features, groups, drops),
  };
}

/**
 * The record-level classifier the batch uses: the manifest's fold models (validated first) run on
 * the sheet features the engine measures, with occlusion saliency per lead and wave. One thread
 * per session: a sheet is a few dozen rows, and the digitizer wants the other core.
 */
export async function createRecordClassifier(manifestPath: string): Promise<RecordClassifier> {
  const { model, sessions } = await openRecordModel(manifestPath);
  return {
    modelId: model.modelId,
    classify: (imageSha256, leads) => classifySheetLeads(model, sessions, imageSha256, leads),
    async close() {
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}

/** The validated manifest and one session per fold (the caller releases them). */
export async function openRecordModel(
  manifestPath: string,
): Promise<{ model: LoadedRecordModel; sessions: InferenceSession[] }> {
  const model = await loadRecordModel(manifestPath);
  const sessions: InferenceSession[] = [];
  try {
    for (const file of model.folds) {
      const s = await createFoldSession(file, 1);
      sessions.push(s);
      if (s.inputNames.join() !== 'features' || s.outputNames.join() !== 'logits')
        throw new AppError(
          'E_MODEL_INVALID',
          `record model file ${file}: tensors are ${s.inputNames.join(',')} → ${s.outputNames.join(',')}, expected features → logits`,
        );
    }
  } catch (err) {
    await Promise.all(sessions.map((s) => s.release()));
    throw err;
  }
  return { model, sessions };
}
