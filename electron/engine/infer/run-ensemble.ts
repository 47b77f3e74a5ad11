import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { computeSoftmaxInto } from './ensemble-math';
import { buildAugmentedBatch, repeatRows, type TtaVariant } from './tta';

export interface EnsembleDims {
  windowLength: number;
  /** Channels of the `beat` tensor: 1 (contract v1) or 2 (v2, the context template as channel 1). */
  channels: number;
  rhythmLength: number;
  classes: number;
  camSteps: number;
  embeddingSize: number;
  /** Softmax temperature the manifest calibrated its probabilities and abstain threshold at. */
  temperature: number;
}

export interface EnsembleBatch {
  /** n × windowLength, row-major. */
  beat: Float32Array;
  /** n × windowLength context templates (zeros where a beat has none); null for a one-channel model. */
  template: Float32Array | null;
  /** n × rhythmLength (zeros where a beat has no rhythm). */
  rhythm: Float32Array;
  n: number;
  variants: readonly TtaVariant[];
  /** false: skip the class maps and so the contrastive reference rows; `cam` comes back empty. */
  saliency?: boolean;
}

export interface EnsembleBatchResult {
  /** folds × n × classes: each fold's softmax averaged over the variants. */
  foldProbs: Float64Array;
  /** n × classes × camSteps, mean over folds, first (unaugmented) variant; empty without saliency. */
  cam: Float32Array;
  /** n × embeddingSize, mean over folds, first variant. */
  embedding: Float32Array;
}

/**
 * The two-channel `beat` tensor [V·n, 2, L]: channel 0 the (augmented) windows, channel 1 each
 * beat's template, the same for every augmented copy (training shifts the beat, not its context).
 */
export function stackTemplateChannel(
  windows: Float32Array,
  template: Float32Array | null,
  n: number,
  L: number,
  variants: number,
): Float32Array {
  const out = new Float32Array(variants * n * 2 * L);
  for (let r = 0; r < variants * n; r++) {
    out.set(windows.subarray(r * L, (r + 1) * L), 2 * r * L);
    const b = r % n;
    if (template) out.set(template.subarray(b * L, (b + 1) * L), (2 * r + 1) * L);
  }
  return out;
}

export interface ReferencePlan {
  /** Per reference row, the beat whose template it runs. */
  sources: number[];
  /** Per beat, its reference row, or −1 without a template (all zeros). */
  refOf: Int32Array;
}

function sameRow(a: Float32Array, i: number, j: number, L: number): boolean {
  for (let k = 0; k < L; k++) if (a[i * L + k] !== a[j * L + k]) return false;
  return true;
}

/**
 * The reference rows a contrastive CAM needs: one per distinct template. The CAM reads only the
 * `beat` tensor (rhythm joins after it), so beats with equal templates share one row, and on a
 * strip or sheet panel of fewer than 2K+1 beats every beat has the lead's one template.
 */
export function planReferenceRows(template: Float32Array | null, n: number, L: number): ReferencePlan {
  const refOf = new Int32Array(n).fill(-1);
  const sources: number[] = [];
  if (!template) return { sources, refOf };
  for (let b = 0; b < n; b++) {
    let present = false;
    for (let j = b * L; j < (b + 1) * L && !present; j++) present = template[j] !== 0;
    if (!present) continue;
    const last = sources.length - 1;
    if (last >= 0 && sameRow(template, sources[last]!, b, L)) refOf[b] = last;
    else {
      refOf[b] = sources.length;
      sources.push(b);
    }
  }
  return { sources, refOf };
}

/** The reference rows of a contrastive CAM: a template in place of the beat (both channels), no rhythm. */
function buildReferenceRows(
  template: Float32Array,
  sources: readonly number[],
  L: number,
  R: number,
): { beat: Float32Array; rhythm: Float32Array } {
  const beat = new Float32Array(sources.length * 2 * L);
  sources.forEach((b, i) => {
    const t = template.subarray(b * L, (b + 1) * L);
    beat.set(t, 2 * i * L);
    beat.set(t, (2 * i + 1) * L);
  });
  return { beat, rhythm: new Float32Array(sources.length * R) };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export interface EnsembleRows {
  /** [rows, channels, L]: the V·n augmented beats, then the reference rows. */
  beat: Float32Array;
  /** [rows, R]. */
  rhythm: Float32Array;
  rows: number;
  plan: ReferencePlan;
}

/** The rows one fold runs for a batch, in order (exported so benchmarks time the same work). */
export function buildEnsembleRows(batch: EnsembleBatch, dims: EnsembleDims): EnsembleRows {
  const { n, variants } = batch;
  const V = variants.length;
  const { windowLength: L, rhythmLength: R } = dims;
  const windows = buildAugmentedBatch(batch.beat, n, L, variants);
  const contrastive = dims.channels === 2 && batch.saliency !== false;
  const plan = planReferenceRows(contrastive ? batch.template : null, n, L);
  let beat: Float32Array = dims.channels === 2 ? stackTemplateChannel(windows, batch.template, n, L, V) : windows;
  let rhythm = repeatRows(batch.rhythm, n, R, V);
  if (plan.sources.length) {
    const ref = buildReferenceRows(batch.template!, plan.sources, L, R);
    beat = concat(beat, ref.beat);
    rhythm = concat(rhythm, ref.rhythm);
  }
  return { beat, rhythm, rows: V * n + plan.sources.length, plan };
}

/**
 * Run every fold on one batch: all augmented copies go through a fold in a single run
 * (variants × n rows), softmax per row, averaged per fold over the variants.
 *
 * With a context template (contract v2) the CAM is contrastive: the beat's class map minus the map
 * the same fold gives the patient's own template in the beat's place, i.e. the evidence this beat
 * adds beyond the patient's usual beat. The plain map of a v2 model spreads over the ST-T segment,
 * which every beat shares with its template (on records 119 and 208, 2 % of V beats peaked within
 * ±60 ms of R); the contrastive one peaks at the QRS. The reference rows ride in the same run.
 */
export async function runEnsembleBatch(
  sessions: readonly InferenceSession[],
  batch: EnsembleBatch,
  dims: EnsembleDims,
): Promise<EnsembleBatchResult> {
  const { n, variants } = batch;
  const V = variants.length;
  const { windowLength: L, rhythmLength: R, classes: C, camSteps: T, embeddingSize: E } = dims;
  const { beat: beatData, rhythm: rhythmData, rows, plan } = buildEnsembleRows(batch, dims);
  const beat = new Tensor('float32', beatData, [rows, dims.channels, L]);
  const rhythm = new Tensor('float32', rhythmData, [rows, R]);
  const foldProbs = new Float64Array(sessions.length * n * C);
  const withCam = batch.saliency !== false;
  const cam = new Float32Array(withCam ? n * C * T : 0);
  const embedding = new Float32Array(n * E);
  const rowProbs = new Float64Array(C);
  for (let k = 0; k < sessions.length; k++) {
    const out = await sessions[k]!.run({ beat, rhythm });
    const logits = out.logits!.data as Float32Array;
    const base = k * n * C;
    for (let v = 0; v < V; v++) {
      for (let b = 0; b < n; b++) {
        computeSoftmaxInto(logits, (v * n + b) * C, C, rowProbs, 0, dims.temperature);
        for (let c = 0; c < C; c++) foldProbs[base + b * C + c]! += rowProbs[c]! / V;
      }
    }
    const camData = out.cam!.data as Float32Array;
    for (let i = 0; i < cam.length; i++) cam[i]! += camData[i]!;
    for (let b = 0; b < n; b++) {
      if (plan.refOf[b]! < 0) continue;
      const from = (V * n + plan.refOf[b]!) * C * T;
      for (let j = 0; j < C * T; j++) cam[b * C * T + j]! -= camData[from + j]!;
    }
    const embData = out.embedding!.data as Float32Array;
    for (let i = 0; i < n * E; i++) embedding[i]! += embData[i]!;
    for (const t of Object.values(out)) t.dispose();
  }
  const K = sessions.length;
  for (let i = 0; i < cam.length; i++) cam[i]! /= K;
  for (let i = 0; i < embedding.length; i++) embedding[i]! /= K;
  return { foldProbs, cam, embedding };
}
