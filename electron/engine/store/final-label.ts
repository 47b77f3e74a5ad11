import type { LabelValue } from '../../../common/ecg/aami';

/** A reviewer's current label of a beat (LabelValue) or of a record (RecordClass). */
export interface CurrentLabel<L extends string = LabelValue> {
  reviewer: string;
  role: 'reviewer' | 'adjudicator';
  label: L;
  /** Position in the log; larger = later. */
  eventId: number;
}

export const DISAGREE_REVIEWERS = 1;
export const DISAGREE_MODEL = 2;

/**
 * The final label of a beat, one rule everywhere (grid, stats, exports):
 *   1. an adjudicator's current label wins (the latest one if several adjudicators labelled it);
 *   2. else, if every reviewer who labelled the beat gave the same value, that value
 *      ('unsure' included: then the beat has no class and stays out of training exports);
 *   3. else (no labels, or reviewers disagree) there is none.
 * Record-level labels (RECORD_CLASSES) follow the same rule.
 */
export function computeFinalLabel<L extends string>(labels: readonly CurrentLabel<L>[]): L | null {
  let adjudicated: CurrentLabel<L> | undefined;
  for (const l of labels)
    if (l.role === 'adjudicator' && (!adjudicated || l.eventId > adjudicated.eventId)) adjudicated = l;
  if (adjudicated) return adjudicated.label;
  const values = new Set(labels.map((l) => l.label));
  return values.size === 1 ? [...values][0]! : null;
}

/**
 * Disagreement bits of an unadjudicated beat: reviewers give different values (DISAGREE_REVIEWERS),
 * or a reviewer's class differs from the model's prediction (DISAGREE_MODEL; 'unsure' does not count
 * against the model). An adjudicated beat has none: the adjudicator has settled it.
 */
export function computeDisagreement(labels: readonly CurrentLabel<string>[], predicted: string | null): number {
  if (labels.some((l) => l.role === 'adjudicator')) return 0;
  let bits = 0;
  if (new Set(labels.map((l) => l.label)).size > 1) bits |= DISAGREE_REVIEWERS;
  if (predicted && labels.some((l) => l.label !== 'unsure' && l.label !== predicted)) bits |= DISAGREE_MODEL;
  return bits;
}
