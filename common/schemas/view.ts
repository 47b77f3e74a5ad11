import { z } from 'zod';
import { AamiClassSchema, ClassProbs, LabelValueSchema, Sha256 } from './primitives';
import { BeatId } from './beat';
import { FileReason, FileStatus, ImageKind, SourceImage } from './image';
import { RecordClass, RecordLabel, RecordPrediction, RecordSummary } from './record';
import { LeadQuality, PixelMap } from './signal';
import { ReviewerLabel } from './review';

/** What the grid needs for one thumbnail: a decimated trace plus the labels to colour and filter by. */
export const BeatSummary = z.object({
  id: BeatId,
  imageSha256: Sha256,
  file: z.string(),
  lead: z.string(),
  rSample: z.number().int(),
  thumb: z.array(z.number()),
  predicted: AamiClassSchema.nullable(),
  probs: ClassProbs.nullable(),
  entropy: z.number().nullable(),
  abstain: z.boolean(),
  myLabel: LabelValueSchema.nullable(),
  finalLabel: LabelValueSchema.nullable(),
  disagreement: z.boolean(),
  flagged: z.boolean(),
});
export type BeatSummary = z.infer<typeof BeatSummary>;

export const BeatFilter = z.object({
  predicted: z.array(AamiClassSchema).optional(),
  label: z.array(z.union([LabelValueSchema, z.literal('none')])).optional(),
  minEntropy: z.number().optional(),
  disagreement: z.boolean().optional(),
  imageSha256: Sha256.optional(),
  flagged: z.boolean().optional(),
});
export type BeatFilter = z.infer<typeof BeatFilter>;

export const BeatSort = z.enum(['position', 'uncertainty', 'class']);

export const BeatPage = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int(),
  items: z.array(BeatSummary),
});
export type BeatPage = z.infer<typeof BeatPage>;

export const BeatDetail = z.object({
  summary: BeatSummary,
  fs: z.number().positive(),
  /** The lead's samples around the beat (mV, NaN gaps as null); `offset` is the lead sample index of samples[0]. */
  samples: z.array(z.number().nullable()),
  offset: z.number().int(),
  window: z.object({ start: z.number().int(), end: z.number().int() }),
  saliency: z.array(z.number()),
  foldProbs: z.array(ClassProbs),
  /** The beat's context (rhythm, and the v2 template) reached the model; see Prediction.rhythmUsed. */
  rhythmUsed: z.boolean(),
  modelId: z.string().nullable(),
  pixelMap: PixelMap.nullable(),
  imageWidth: z.number().int().positive().nullable(),
  imageHeight: z.number().int().positive().nullable(),
  rr: z.array(z.object({ rSample: z.number().int(), rrMs: z.number() })),
  labels: z.array(ReviewerLabel),
  comments: z.array(z.object({ reviewer: z.string(), at: z.string(), text: z.string() })),
});
export type BeatDetail = z.infer<typeof BeatDetail>;

export const ImageSummary = z.object({
  sha256: Sha256,
  path: z.string(),
  kind: ImageKind.nullable(),
  status: FileStatus,
  reasons: z.array(FileReason),
  beats: z.number().int().nonnegative(),
  /** Record level: present for sheets and for any image with a record prediction or label. */
  record: RecordSummary.nullable().optional(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

export const ReviewSetSummary = z.object({
  path: z.string(),
  images: z.number().int().nonnegative(),
  beats: z.number().int().nonnegative(),
  labelled: z.number().int().nonnegative(),
  reviewers: z.array(z.string()),
  models: z.array(z.string()),
});
export type ReviewSetSummary = z.infer<typeof ReviewSetSummary>;

export const Stats = z.object({
  classes: z.array(z.string()),
  predictedCounts: z.record(z.string(), z.number().int()),
  labelCounts: z.record(z.string(), z.number().int()),
  /** Rows: final reviewer label, columns: model prediction, order of `classes`. */
  confusion: z.array(z.array(z.number().int())),
  kappaPairs: z.array(z.object({ a: z.string(), b: z.string(), kappa: z.number().nullable(), n: z.number().int() })),
  fleissKappa: z.number().nullable(),
});
export type Stats = z.infer<typeof Stats>;

/** A stored lead as the sheet view draws it (mV, NaN gaps as null; sample i sits at t = i / fs on the pixel map). */
export const SheetLead = z.object({
  name: z.string(),
  fs: z.number().positive(),
  startTime: z.number(),
  samples: z.array(z.number().nullable()),
  pixelMap: PixelMap.nullable(),
  quality: LeadQuality.nullable(),
});
export type SheetLead = z.infer<typeof SheetLead>;

/** Everything the sheet view shows for one image: the scan, its leads, the record model's call and the labels. */
export const SheetView = z.object({
  image: SourceImage,
  leads: z.array(SheetLead),
  /** The latest record-level prediction stored for the image, or null. */
  prediction: RecordPrediction.nullable(),
  /** Each reviewer's current record label. */
  labels: z.array(RecordLabel),
  myLabel: RecordClass.nullable(),
  finalLabel: RecordClass.nullable(),
  disagreement: z.object({ reviewers: z.boolean(), model: z.boolean() }),
});
export type SheetView = z.infer<typeof SheetView>;
