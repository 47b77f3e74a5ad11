import { z } from 'zod';
import { AAMI_CLASSES, LABEL_VALUES } from '../ecg/aami';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');
export const IsoTime = z.string().datetime({ offset: true });
export const AamiClassSchema = z.enum(AAMI_CLASSES);
export const LabelValueSchema = z.enum(LABEL_VALUES);
/** Probabilities over N,S,V,F,Q in that order. */
export const ClassProbs = z.array(z.number().min(0).max(1)).length(AAMI_CLASSES.length);
export const Box = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
export type Box = z.infer<typeof Box>;
/** A file system path as the user sees it; never trusted, always validated by the host. */
export const UserPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');
