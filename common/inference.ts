import type { AamiClass } from './ecg/aami';
import type { ModelRef } from './schemas/prediction';

/**
 * The beat classifier as a service (implemented in electron/engine/infer). Typed arrays cross
 * only in-process boundaries, so these are plain TypeScript types, not zod schemas; the stored
 * form is `Prediction` (schemas/prediction.ts).
 */
export interface BeatModelInput {
  /** The contract's `beat` row: `before + after` normalised samples, R at index `before`. */
  window: Float32Array;
  /** The contract's `rhythm` row, or null for a single-beat crop (no rhythm). */
  rhythm: Float32Array | null;
  /**
   * Contract v2: the context template (`beat` channel 1), `before + after` values; null or absent is
   * the all-zero row (no context). A v1 model ignores it.
   */
  template?: Float32Array | null;
}

export interface TtaConfig {
  /** Time shifts of the window in samples (at the model's fs); 0 is always included. */
  shifts: number[];
  /** Amplitude factors applied to the normalised window; 1 is always included. */
  scales: number[];
}

export interface ClassifyOptions {
  /** Override the service's test-time augmentation for this call (false = off). */
  tta?: TtaConfig | false;
  /**
   * false: no saliency maps (`saliency` and `cam` come back empty). For callers that store none,
   * e.g. a CSV of a WFDB record: on a long record the contrastive map costs a second model row
   * per beat (each beat has its own template).
   */
  saliency?: boolean;
}

export interface BeatInference {
  /** Ensemble mean over folds (each fold averaged over its augmentations), in the manifest's class order. */
  probs: Float64Array;
  /** One row per fold model. */
  foldProbs: Float64Array[];
  predictedIndex: number;
  predicted: AamiClass;
  /** Predictive entropy of the mean, nats. */
  entropy: number;
  /** Ensemble disagreement: H(mean) − mean over folds of H(fold), nats. */
  mutualInfo: number;
  abstain: boolean;
  /** Context (rhythm features, and the template for a v2 model) was given. */
  rhythmUsed: boolean;
  /** Predicted class's saliency, one value per window sample, 0..1 (empty when not asked for). */
  saliency: Float32Array;
  /** Fold-mean class activation maps, classes × steps (row-major), unaugmented window (empty when not asked for). */
  cam: Float32Array;
  /** Fold-mean embedding of the unaugmented window. */
  embedding: Float32Array;
}

export interface InferenceModelInfo {
  ref: ModelRef;
  /** `name@version#sha12`. */
  id: string;
  classes: AamiClass[];
  folds: string[];
  windowLength: number;
  camSteps: number;
  embeddingSize: number;
  tta: TtaConfig | false;
  abstainEntropy: number | null;
}

export interface InferenceService {
  readonly model: InferenceModelInfo;
  classify(beats: readonly BeatModelInput[], opts?: ClassifyOptions): Promise<BeatInference[]>;
  /** Saliency of any class from a prediction's CAM (0..1 over the window). */
  getSaliency(prediction: Pick<BeatInference, 'cam'>, classIndex: number): Float32Array;
  close(): Promise<void>;
}
