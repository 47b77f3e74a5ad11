import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RECORD_CLASSES, type RecordPrediction } from '../../common/schemas/record';
import type { Lead } from '../../common/schemas/signal';
import type { RecordClassifier, RecordClassifierFactory } from '../../electron/engine/batch/classify-sheets';

/** Bins of the stand-in's saliency profile per lead. */
const PROFILE_BINS = 40;

export interface StandInCalls {
  manifests: string[];
  sheets: { imageSha256: string; leads: Lead[] }[];
}

/**
 * A record classifier that keeps the contract of engine/sheet's `createRecordClassifier` but decides
 * nothing medical: it stands in for the trained model where the model is not installed, so the batch
 * hook, the store, the API and the sheet view can be tested on real digitized sheets. Its answer is a
 * deterministic function of the leads it is given: the probabilities follow each lead's signal
 * energy, the saliency is each lead's share of the energy and, over time, the slope of its trace
 * (high at the QRS complexes). `fail` makes every call throw.
 */
export function createStandInRecordClassifierFactory(opts: { fail?: boolean; modelId?: string } = {}): {
  factory: RecordClassifierFactory;
  calls: StandInCalls;
} {
  const calls: StandInCalls = { manifests: [], sheets: [] };
  const factory: RecordClassifierFactory = async (manifestPath) => {
    calls.manifests.push(manifestPath);
    const classifier: RecordClassifier = {
      modelId: opts.modelId ?? 'sheet-standin@0.0.1',
      async classify(imageSha256, leads) {
        calls.sheets.push({ imageSha256, leads });
        if (opts.fail) throw new Error('stand-in told to fail');
        return computeStandInPrediction(classifier.modelId, imageSha256, leads);
      },
    };
    return classifier;
  };
  return { factory, calls };
}

export function computeStandInPrediction(modelId: string, imageSha256: string, leads: Lead[]): RecordPrediction {
  const energy = leads.map((l) => {
    let e = 0;
    for (let i = 1; i < l.samples.length; i++) {
      const a = l.samples[i];
      const b = l.samples[i - 1];
      if (a !== null && a !== undefined && b !== null && b !== undefined) e += (a - b) ** 2;
    }
    return e;
  });
  const total = energy.reduce((a, b) => a + b, 0) || 1;
  const saliency = leads.map((l, k) => {
    const bins = new Array<number>(PROFILE_BINS).fill(0);
    for (let i = 1; i < l.samples.length; i++) {
      const a = l.samples[i];
      const b = l.samples[i - 1];
      if (a === null || a === undefined || b === null || b === undefined) continue;
      const bin = Math.min(PROFILE_BINS - 1, Math.floor((i / l.samples.length) * PROFILE_BINS));
      bins[bin] = Math.max(bins[bin]!, Math.abs(a - b));
    }
    const peak = Math.max(...bins) || 1;
    return { lead: l.name, share: energy[k]! / total, profile: bins.map((v) => v / peak) };
  });
  // Class weights: the energy of every fourth lead, tilted by the image hash so sheets differ.
  const weights = RECORD_CLASSES.map(
    (_, c) =>
      (1 + energy.filter((_, k) => k % RECORD_CLASSES.length === c).reduce((a, b) => a + b, 0) / total) *
      (1 + (parseInt(imageSha256.slice(c * 2, c * 2 + 2), 16) % 7) / 3),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const probs = weights.map((w) => w / sum);
  const entropy = -probs.reduce((a, p) => a + (p > 0 ? p * Math.log(p) : 0), 0);
  return {
    imageSha256,
    modelId,
    probs,
    predicted: RECORD_CLASSES[probs.indexOf(Math.max(...probs))]!,
    entropy,
    abstain: entropy > 0.9 * Math.log(RECORD_CLASSES.length),
    saliency,
  };
}

/** Install a `sheet-*` model folder (a manifest only: the stand-in has no weights) where the catalog finds it. */
export async function installStandInRecordModel(modelsDir: string, name = 'sheet-standin'): Promise<string> {
  const dir = path.join(modelsDir, name);
  await mkdir(dir, { recursive: true });
  const manifest = path.join(dir, 'model.json');
  await writeFile(
    manifest,
    JSON.stringify({ name: 'sheet-standin', version: '0.0.1', classes: [...RECORD_CLASSES], note: 'test stand-in' }),
  );
  return manifest;
}
