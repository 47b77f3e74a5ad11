import { z } from 'zod';
import { IsoTime, Sha256 } from './primitives';

/**
 * Record level (a whole 12-lead sheet) as opposed to beat level. Classes follow the ecg12 data set
 * (seed 002); the order is the model's output order.
 */
export const RECORD_CLASSES = ['normal', 'abnormal_heartbeat', 'mi', 'history_mi'] as const;
export const RecordClass = z.enum(RECORD_CLASSES);
export type RecordClass = z.infer<typeof RecordClass>;
export const RECORD_CLASS_TITLES: Record<RecordClass, string> = {
  normal: 'Normal',
  abnormal_heartbeat: 'Abnormal heartbeat',
  mi: 'Myocardial infarction',
  history_mi: 'History of MI',
};

/** Which part of a sheet drove the decision: per lead a share of the total and a profile over time. */
export const LeadSaliency = z.object({
  /** Lead name as stored for the sheet's leads ('I', 'aVR', ..., 'II rhythm'). */
  lead: z.string().min(1),
  /** Share of the decision attributed to this lead, 0..1; shares sum to 1 over the leads. */
  share: z.number().min(0).max(1),
  /** Relative importance over the lead's time span, 0..1, evenly spaced from its first to last sample. */
  profile: z.array(z.number().min(0).max(1)),
});
export type LeadSaliency = z.infer<typeof LeadSaliency>;

export const RecordPrediction = z.object({
  imageSha256: Sha256,
  modelId: z.string(),
  /** Ensemble mean, in RECORD_CLASSES order. */
  probs: z.array(z.number().min(0).max(1)).length(RECORD_CLASSES.length),
  predicted: RecordClass,
  /** Predictive entropy of the mean, nats. */
  entropy: z.number().nonnegative(),
  /** Above the model's abstain threshold: the sheet goes to review first. */
  abstain: z.boolean(),
  saliency: z.array(LeadSaliency),
});
export type RecordPrediction = z.infer<typeof RecordPrediction>;

/** A reviewer's record-level label for one sheet (the latest per reviewer wins; history is kept). */
export const RecordLabel = z.object({
  imageSha256: Sha256,
  reviewer: z.string().min(1),
  label: RecordClass,
  at: IsoTime,
});
export type RecordLabel = z.infer<typeof RecordLabel>;

export const RECORD_LABEL_EVENT_KINDS = ['label', 'accept', 'undo', 'redo', 'adjudicate'] as const;

/**
 * One entry of the append-only record-label log (the record-level twin of ReviewEvent): who, when,
 * which sheet, from what to what. `undo`/`redo` are appended by the reviewer's shared undo stack.
 */
export const RecordLabelEvent = z.object({
  id: z.number().int().positive(),
  imageSha256: Sha256,
  reviewer: z.string(),
  at: IsoTime,
  kind: z.enum(RECORD_LABEL_EVENT_KINDS),
  from: RecordClass.nullable(),
  to: RecordClass.nullable(),
});
export type RecordLabelEvent = z.infer<typeof RecordLabelEvent>;

/** What an image list needs to mark a sheet: the record model's call and the reviewers' final label. */
export const RecordSummary = z.object({
  predicted: RecordClass.nullable(),
  abstain: z.boolean(),
  entropy: z.number().nonnegative().nullable(),
  modelId: z.string().nullable(),
  myLabel: RecordClass.nullable(),
  finalLabel: RecordClass.nullable(),
  /** Number of reviewers with a current record label. */
  reviewers: z.number().int().nonnegative(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;
