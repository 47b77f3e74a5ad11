import type { BeatModelInput, InferenceService } from '../../../common/inference';
import type { RhythmContext } from '../../../common/schemas/beat';
import type { ModelRegistration, PredictionInput } from '../../../common/services/review-store';
import { fillGaps } from '../batch/fill-gaps';
import { type BeatInputSpec, computeBeatInput, computeBeatTemplates, ECG_RHYTHM_FEATURES } from '../beats/model-input';
import type { ExportBeat, ExportLead } from '../store/export-reads';
import type { ReviewStore } from '../store/review-store';
import { getLogger } from '../util/log';
import { toPrediction } from './to-prediction';

const log = getLogger('rerun');

/** Beats classified and written per step (whole leads): bounds memory and gives progress a steady pace. */
export const ECG_RERUN_CHUNK = 1024;

export interface RerunProgress {
  done: number;
  total: number;
}

export interface RerunResult {
  modelId: string;
  beats: number;
  /** Beats whose predicted class differs from the previously active model's. */
  changed: number;
  previousModelId: string | null;
}

/**
 * The contract's rhythm row from a stored beat's RR context. The batch computed both from the same
 * lead's R times (computeRhythmFeatures / computeRhythmContexts), so this gives the batch's row back
 * exactly; a beat stored without rhythm gets none.
 */
export function computeRhythmRowFromContext(ctx: RhythmContext | null, spec: BeatInputSpec): Float32Array | null {
  if (!ctx) return null;
  const clip = spec.rhythmClip;
  const f = (ratio: number) => Math.min(clip, Math.max(-clip, Math.log(ratio)));
  const { preRR: pre, postRR: post, localRR: local, recordRR: record } = ctx;
  const row = new Float32Array(ECG_RHYTHM_FEATURES);
  row.set([f(pre / local), f(post / local), f(pre / record), f(post / record), f(local / record), f(pre / post), 1]);
  return row;
}

/**
 * Model inputs of stored beats from the stored lead signals (the batch's own window code). `beats`
 * are in position order (image, lead, R) and hold every stored beat of each lead they touch: a
 * two-channel model's template is the median over the lead's stored beats with context, as the
 * batch built it (see buildBeatInputs).
 */
export function buildStoredBeatInputs(
  beats: readonly ExportBeat[],
  getLead: (sha: string, lead: string) => ExportLead,
  spec: BeatInputSpec,
): BeatModelInput[] {
  const out: BeatModelInput[] = [];
  for (const [start, end] of splitByLead(beats)) {
    const lead = getLead(beats[start]!.imageSha256, beats[start]!.lead);
    const filled = fillGaps(lead.samples);
    const group = beats.slice(start, end);
    const inputs: BeatModelInput[] = group.map((b) => ({
      window: computeBeatInput(filled, b.rSample, lead.fs, spec),
      rhythm: computeRhythmRowFromContext(b.rhythm, spec),
      template: null,
    }));
    const withContext = inputs.filter((x) => x.rhythm !== null);
    if (spec.channels === 2 && withContext.length >= spec.templateMinBeats) {
      const templates = computeBeatTemplates(
        withContext.map((x) => x.window),
        spec,
      );
      withContext.forEach((x, i) => (x.template = templates[i]!));
    }
    out.push(...inputs);
  }
  return out;
}

/** [start, end) index ranges of consecutive beats of the same image and lead. */
export function splitByLead(beats: readonly ExportBeat[]): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= beats.length; i++) {
    const a = beats[i - 1]!;
    const b = beats[i];
    if (!b || b.imageSha256 !== a.imageSha256 || b.lead !== a.lead) {
      ranges.push([start, i]);
      start = i;
    }
  }
  return ranges;
}

/** Steps of whole leads, each about `size` beats (a longer lead is one step of its own). */
export function groupLeadChunks(beats: readonly ExportBeat[], size: number): [number, number][] {
  const chunks: [number, number][] = [];
  for (const [start, end] of splitByLead(beats)) {
    const last = chunks[chunks.length - 1];
    if (last && last[1] === start && end - last[0] <= size) last[1] = end;
    else chunks.push([start, end]);
  }
  return chunks;
}

/**
 * Re-classify every beat of a review set with another model: predictions are stored under that
 * model's id (the earlier model's stay), then it becomes the set's active model. Labels, comments
 * and flags are never written.
 */
export async function rerunInference(opts: {
  store: ReviewStore;
  inference: InferenceService;
  model: ModelRegistration;
  spec: BeatInputSpec;
  onProgress?: (p: RerunProgress) => void;
  signal?: AbortSignal;
}): Promise<RerunResult> {
  const { store, inference } = opts;
  const previous = store.listModels().find((m) => m.active)?.id ?? null;
  // Position order (image, lead, R): consecutive beats share a lead, so each lead is read once.
  const beats = store.listExportBeats({ includeUnlabelled: true });
  const leads = new Map<string, ExportLead>();
  const getLead = (sha: string, lead: string) => {
    const k = `${sha}\n${lead}`;
    let l = leads.get(k);
    if (!l) {
      leads.clear(); // one lead at a time in memory
      leads.set(k, (l = store.getLeadSignal(sha, lead)));
    }
    return l;
  };
  const modelId = inference.model.id;
  let changed = 0;
  // Whole leads per step: a beat's template needs its lead's other beats.
  for (const [start, end] of groupLeadChunks(beats, ECG_RERUN_CHUNK)) {
    opts.signal?.throwIfAborted();
    const chunk = beats.slice(start, end);
    const results = await inference.classify(buildStoredBeatInputs(chunk, getLead, opts.spec));
    const preds: PredictionInput[] = chunk.map((b, i) => ({
      ...toPrediction(b.id, modelId, results[i]!),
      embedding: results[i]!.embedding,
    }));
    chunk.forEach((b, i) => {
      if (b.predicted !== results[i]!.predicted) changed++;
    });
    opts.store.insertPredictions(opts.model, preds);
    opts.onProgress?.({ done: end, total: beats.length });
  }
  if (beats.length) store.setActiveModel(modelId);
  log.info(`re-ran inference on ${beats.length} beats with ${modelId} (${changed} changed class, was ${previous})`);
  return { modelId, beats: beats.length, changed, previousModelId: previous };
}
