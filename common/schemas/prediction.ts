import { z } from 'zod';
import { AamiClassSchema, ClassProbs, Sha256 } from './primitives';
import { BeatId } from './beat';

/** A model is name@version plus the sha256 of its files; every prediction names it. */
export const ModelRef = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  sha256: Sha256,
});
export type ModelRef = z.infer<typeof ModelRef>;

export function formatModelId(m: ModelRef): string {
  return `${m.name}@${m.version}#${m.sha256.slice(0, 12)}`;
}

export const Prediction = z.object({
  beatId: BeatId,
  modelId: z.string(),
  /** Ensemble mean over folds (and test-time augmentations). */
  probs: ClassProbs,
  /** One row per fold model. */
  foldProbs: z.array(ClassProbs).min(1),
  predicted: AamiClassSchema,
  /** Predictive entropy of the mean, nats. */
  entropy: z.number().nonnegative(),
  /** Ensemble disagreement (mutual information), nats. */
  mutualInfo: z.number(),
  abstain: z.boolean(),
  /**
   * The beat's context reached the model: its rhythm features and (contract v2) its context template
   * from the lead's other beats. False for a single-beat crop or a lead too short for context. The
   * name predates the template.
   */
  rhythmUsed: z.boolean(),
  /** Saliency for the predicted class, one value per window sample, 0..1. */
  saliency: z.array(z.number()),
});
export type Prediction = z.infer<typeof Prediction>;
