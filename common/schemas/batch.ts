import { z } from 'zod';

export const BATCH_STAGES = ['scan', 'digitize', 'beats', 'classify'] as const;
export const BatchStage = z.enum(BATCH_STAGES);

export const StageCount = z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() });

/** Streamed while a batch runs; the last one has state 'done', 'cancelled' or 'failed'. */
export const BatchProgress = z.object({
  batchId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  stages: z.record(BatchStage, StageCount),
  files: z.object({
    total: z.number().int().nonnegative(),
    ok: z.number().int().nonnegative(),
    partial: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  }),
  beats: z.number().int().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  currentFile: z.string().nullable(),
  message: z.string().optional(),
});
export type BatchProgress = z.infer<typeof BatchProgress>;
