import { z } from 'zod';
import { Sha256 } from './primitives';

/** The model's input contract (models/INPUT_CONTRACT.md); the engine resamples every lead to it. */
export const ModelInput = z.object({
  fs: z.number().positive(),
  before: z.number().int().positive(),
  after: z.number().int().positive(),
  normalization: z.object({ method: z.literal('zscore'), floor_mv: z.number().positive() }).passthrough(),
  rhythm: z.object({ length: z.number().int().positive() }).passthrough().optional(),
}).passthrough();

export const ClassMetrics = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int(),
});
export const EvalMetrics = z.object({
  accuracy: z.number(),
  macro_f1: z.number(),
  per_class: z.record(z.string(), ClassMetrics),
  confusion: z.array(z.array(z.number().int())),
}).passthrough();

export const ModelManifest = z.object({
  name: z.string(),
  version: z.string(),
  classes: z.array(z.string()).min(2),
  input: ModelInput,
  folds: z.array(z.object({ file: z.string(), sha256: Sha256 }).passthrough()).min(1),
  uncertainty: z.object({ abstain_entropy: z.number() }).passthrough().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
}).passthrough();
export type ModelManifest = z.infer<typeof ModelManifest>;
