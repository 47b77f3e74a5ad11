import { z } from 'zod';
import { IsoTime, LabelValueSchema } from './primitives';
import { BeatId } from './beat';

export const ReviewerRole = z.enum(['reviewer', 'adjudicator']);
export const Reviewer = z.object({
  name: z.string().trim().min(1, 'reviewer name is empty').max(80),
  role: ReviewerRole,
});
export type Reviewer = z.infer<typeof Reviewer>;

export const REVIEW_EVENT_KINDS = [
  'label',
  'accept',
  'undo',
  'redo',
  'comment',
  'flag',
  'unflag',
  'adjudicate',
] as const;
export const ReviewEventKind = z.enum(REVIEW_EVENT_KINDS);

/** One entry of the append-only label log: who, when, which beat, from what to what. */
export const ReviewEvent = z.object({
  id: z.number().int().positive(),
  beatId: BeatId,
  reviewer: z.string(),
  at: IsoTime,
  kind: ReviewEventKind,
  from: LabelValueSchema.nullable(),
  to: LabelValueSchema.nullable(),
  text: z.string().max(2000).optional(),
});
export type ReviewEvent = z.infer<typeof ReviewEvent>;

export const ReviewerLabel = z.object({ reviewer: z.string(), label: LabelValueSchema, at: IsoTime });
export type ReviewerLabel = z.infer<typeof ReviewerLabel>;
