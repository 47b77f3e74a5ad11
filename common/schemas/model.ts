import { z } from 'zod';
import { Sha256 } from './primitives';

/** The model's input contract (models/INPUT_CONTRACT.md); the engine resamples every lead to it. */
export const ModelInput = z
  .object({
    fs: z.number().positive(),
    before: z.number().int().positive(),
    after: z.number().int().positive(),
    normalization: z
      .object({ method: z.literal('zscore'), floor_mv: z.number().positive() })
      .passthrough()
      .optional(),
    /** The training code's spelling (models/train/contract.py); one of the two must be present. */
    normalisation: z
      .object({ type: z.literal('zscore'), std_floor_mv: z.number().positive() })
      .passthrough()
      .optional(),
    rhythm: z.object({ length: z.number().int().positive().optional() }).passthrough().optional(),
    /** Contract version: 1 (absent) is the beat window alone; 2 adds the context template channel. */
    version: z.number().int().positive().optional(),
    /** v2: channel `channel` of `beat` is the median of the windows of beats i−neighbours … i+neighbours. */
    template: z
      .object({
        channel: z.literal(1),
        neighbours: z.number().int().positive(),
        min_beats: z.number().int().positive(),
        rule: z.string().optional(),
        absent: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough()
  .refine((i) => i.normalization || i.normalisation, 'normalization (or normalisation) is required')
  .refine((i) => (i.version ?? 1) < 2 || i.template, {
    message: 'input contract version 2 needs input.template',
    path: ['template'],
  });

/** Declared tensor shape: numbers are fixed sizes, strings symbolic ones (the batch axis). */
export const TensorShape = z.array(z.union([z.number().int().positive(), z.string()])).min(1);

export const ClassMetrics = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int(),
});
export const EvalMetrics = z
  .object({
    accuracy: z.number(),
    macro_f1: z.number(),
    per_class: z.record(z.string(), ClassMetrics),
    confusion: z.array(z.array(z.number().int())),
  })
  .passthrough();

export const ModelManifest = z
  .object({
    name: z.string(),
    version: z.string(),
    classes: z.array(z.string()).min(2),
    input: ModelInput,
    folds: z.array(z.object({ file: z.string(), sha256: Sha256 }).passthrough()).min(1),
    /** Input and output tensors by name, as the ONNX files must declare them. */
    inputs: z.record(z.string(), TensorShape).optional(),
    outputs: z.record(z.string(), TensorShape).optional(),
    /** Softmax temperature fitted on out-of-fold logits (calibration). */
    temperature: z.number().positive().optional(),
    /** `tempered`: the abstain threshold is on probabilities at `temperature`, which the engine then applies. */
    uncertainty: z.object({ abstain_entropy: z.number(), tempered: z.boolean().optional() }).passthrough().nullish(),
    /** Test-time augmentation measured at training time; `recommended` switches it on by default. */
    tta: z
      .object({
        shift_samples: z.array(z.number()).optional(),
        scales: z.array(z.number().positive()).optional(),
        recommended: z.boolean().optional(),
      })
      .passthrough()
      .optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type ModelManifest = z.infer<typeof ModelManifest>;

/**
 * A record-level (whole-sheet) model's manifest (`models/sheet-*\/model.json`): a feature vector in
 * (the engine's sheet features, named and versioned so a mismatch is refused), logits out.
 */
export const RecordModelManifest = z
  .object({
    name: z.string(),
    version: z.string(),
    kind: z.literal('record'),
    classes: z.array(z.string()).min(2),
    input: z
      .object({
        features: z.object({ version: z.number().int().positive(), names: z.array(z.string()).min(1) }).passthrough(),
      })
      .passthrough(),
    inputs: z.object({ features: TensorShape }).passthrough(),
    outputs: z.object({ logits: TensorShape }).passthrough(),
    folds: z.array(z.object({ file: z.string(), sha256: Sha256 }).passthrough()).min(1),
    temperature: z.number().positive().default(1),
    uncertainty: z.object({ abstain_entropy: z.number().nonnegative() }).passthrough().nullish(),
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type RecordModelManifest = z.infer<typeof RecordModelManifest>;
