import type { InferenceSession } from 'onnxruntime-node';
import type {
  BeatInference,
  BeatModelInput,
  ClassifyOptions,
  InferenceService,
  TtaConfig,
} from '../../../common/inference';
import { AppError } from '../../../common/schemas/errors';
import { formatModelId } from '../../../common/schemas/prediction';
import { getLogger } from '../util/log';
import { assemblePredictions } from './assemble-predictions';
import { checkSessionSignature, createFoldSession } from './create-session';
import { loadModelManifest, type LoadedModel } from './load-manifest';
import { runEnsembleBatch, type EnsembleBatch, type EnsembleBatchResult, type EnsembleDims } from './run-ensemble';
import { computeSaliency } from './saliency';
import { computeThreadPlan, type ThreadPlan } from './thread-plan';
import { getTtaVariants, normalizeTta } from './tta';
import { startInferencePool } from './worker-pool';

const log = getLogger('infer');

/** Beats per model run: large enough to amortise a run's overhead, small enough to spread over workers. */
export const ECG_INFER_BATCH = 256;

export interface InferenceServiceOptions {
  /** Worker threads (default: one per core); 0 runs the sessions on the calling thread. */
  workers?: number;
  /** ONNX Runtime intra-op threads per session (capped so workers × threads ≤ cores). */
  intraOpThreads?: number;
  batchSize?: number;
  /** Test-time augmentation: the manifest's decision by default. */
  tta?: TtaConfig | false;
  /** Ensemble members to load, by position in the manifest (default all). */
  folds?: number[];
  /** Cores to plan threads for (default os.availableParallelism()). */
  cores?: number;
}

export interface EngineInferenceService extends InferenceService {
  readonly threads: ThreadPlan;
  readonly batchSize: number;
  readonly loaded: LoadedModel;
}

/**
 * Pack beats into the contract's row-major tensors; a null rhythm becomes the all-zero row. With a
 * two-channel model (contract v2) the templates are packed too (null: zeros). A beat counts as
 * having context when the model received its rhythm or its template.
 */
export function packBeats(
  beats: readonly BeatModelInput[],
  L: number,
  R: number,
  channels: number,
): { batch: Float32Array; template: Float32Array | null; rhythm: Float32Array; used: boolean[] } {
  const batch = new Float32Array(beats.length * L);
  const template = channels === 2 ? new Float32Array(beats.length * L) : null;
  const rhythm = new Float32Array(beats.length * R);
  const used: boolean[] = [];
  beats.forEach((b, i) => {
    batch.set(b.window, i * L);
    if (b.rhythm) rhythm.set(b.rhythm, i * R);
    const hasTemplate = template !== null && !!b.template && b.template.some((v) => v !== 0);
    if (hasTemplate) template.set(b.template!, i * L);
    used.push((b.rhythm !== null && b.rhythm.some((v) => v !== 0)) || hasTemplate);
  });
  return { batch, template, rhythm, used };
}

function checkBeats(beats: readonly BeatModelInput[], L: number, R: number): void {
  for (let i = 0; i < beats.length; i++) {
    const b = beats[i]!;
    if (!(b.window instanceof Float32Array) || b.window.length !== L) {
      throw new AppError('E_INVALID_INPUT', `beat ${i}: window must be a Float32Array of ${L} samples`);
    }
    if (b.rhythm !== null && (!(b.rhythm instanceof Float32Array) || b.rhythm.length !== R)) {
      throw new AppError('E_INVALID_INPUT', `beat ${i}: rhythm must be null or a Float32Array of ${R} values`);
    }
    if (b.template != null && (!(b.template instanceof Float32Array) || b.template.length !== L)) {
      throw new AppError('E_INVALID_INPUT', `beat ${i}: template must be null or a Float32Array of ${L} samples`);
    }
    for (const v of b.window)
      if (!Number.isFinite(v)) throw new AppError('E_INVALID_INPUT', `beat ${i}: window holds a non-finite value`);
    if (b.template)
      for (const v of b.template)
        if (!Number.isFinite(v)) throw new AppError('E_INVALID_INPUT', `beat ${i}: template holds a non-finite value`);
  }
}

/** The tensor sizes and temperature a loaded model runs with. */
export function getEnsembleDims(model: LoadedModel): EnsembleDims {
  return {
    windowLength: model.windowLength,
    channels: model.spec.channels,
    rhythmLength: model.rhythmLength,
    classes: model.classes.length,
    camSteps: model.camSteps,
    embeddingSize: model.embeddingSize,
    temperature: model.temperature,
  };
}

/** Beats per model run: at most `batchSize`, and small requests still split across every worker. */
export function getChunkSize(beats: number, batchSize: number, workers: number): number {
  return Math.max(1, Math.min(batchSize, Math.ceil(beats / Math.max(1, workers))));
}

/**
 * Load a model manifest (refused with E_MODEL_INVALID unless every fold file and tensor matches
 * it) and serve `classify` from a pool of worker threads, each holding all fold sessions.
 */
export async function createInferenceService(
  manifestPath: string,
  opts: InferenceServiceOptions = {},
): Promise<EngineInferenceService> {
  const model = await loadModelManifest(manifestPath, opts.folds ? { folds: opts.folds } : {});
  const threads = computeThreadPlan(opts);
  const batchSize = Math.max(1, opts.batchSize ?? ECG_INFER_BATCH);
  const dims = getEnsembleDims(model);
  const signature = { inputs: model.inputs, outputs: model.outputs };
  const files = model.folds.map((f) => f.path);
  const defaultTta = opts.tta === undefined ? model.tta : normalizeTta(opts.tta);

  let runBatch: (b: EnsembleBatch) => Promise<EnsembleBatchResult>;
  let shutdown: () => Promise<void>;
  if (threads.workers === 0) {
    const sessions: InferenceSession[] = [];
    try {
      for (const file of files) {
        const s = await createFoldSession(file, threads.intraOpThreads);
        sessions.push(s);
        await checkSessionSignature(s, file, signature);
      }
    } catch (err) {
      await Promise.all(sessions.map((s) => s.release()));
      throw err;
    }
    // One run at a time: concurrent runs on one session would each ask for every core.
    let chain: Promise<unknown> = Promise.resolve();
    runBatch = (b) => {
      const p = chain.then(() => runEnsembleBatch(sessions, b, dims));
      chain = p.catch(() => {});
      return p;
    };
    shutdown = async () => {
      await chain;
      await Promise.all(sessions.map((s) => s.release()));
    };
  } else {
    const pool = await startInferencePool(
      { files, intraOpThreads: threads.intraOpThreads, signature, dims },
      threads.workers,
    );
    runBatch = (b) => pool.run(b);
    shutdown = () => pool.close();
  }
  const info = {
    ref: model.ref,
    id: formatModelId(model.ref),
    classes: model.classes,
    folds: model.folds.map((f) => f.file),
    windowLength: model.windowLength,
    camSteps: model.camSteps,
    embeddingSize: model.embeddingSize,
    tta: defaultTta,
    abstainEntropy: model.abstainEntropy,
  };
  log.info(
    `model ${info.id}: ${files.length} folds, ${threads.workers} workers × ${threads.intraOpThreads} threads, tta ${defaultTta ? 'on' : 'off'}`,
  );
  let closed = false;

  return {
    model: info,
    threads,
    batchSize,
    loaded: model,
    async classify(beats: readonly BeatModelInput[], callOpts: ClassifyOptions = {}): Promise<BeatInference[]> {
      if (closed) throw new AppError('E_INTERNAL', 'inference service is closed');
      if (!beats.length) return [];
      const L = model.windowLength;
      const R = model.rhythmLength;
      checkBeats(beats, L, R);
      const variants = getTtaVariants(callOpts.tta === undefined ? defaultTta : normalizeTta(callOpts.tta));
      const chunk = getChunkSize(beats.length, batchSize, threads.workers);
      const parts: Promise<BeatInference[]>[] = [];
      for (let start = 0; start < beats.length; start += chunk) {
        const slice = beats.slice(start, start + chunk);
        const { batch, template, rhythm, used } = packBeats(slice, L, R, dims.channels);
        parts.push(
          runBatch({ beat: batch, template, rhythm, n: slice.length, variants, saliency: callOpts.saliency }).then(
            (res) =>
              assemblePredictions(res, slice.length, files.length, dims, used, model.classes, model.abstainEntropy),
          ),
        );
      }
      return (await Promise.all(parts)).flat();
    },
    getSaliency(prediction, classIndex) {
      if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= model.classes.length) {
        throw new AppError(
          'E_INVALID_INPUT',
          `class index ${classIndex} is not one of the model's ${model.classes.length}`,
        );
      }
      return computeSaliency(prediction.cam, classIndex, model.camSteps, model.windowLength);
    },
    async close() {
      if (closed) return;
      closed = true;
      await shutdown();
    },
  };
}
