/** AAMI EC57 heartbeat classes, in the fixed order every model output and table uses. */
export const AAMI_CLASSES = ['N', 'S', 'V', 'F', 'Q'] as const;
export type AamiClass = (typeof AAMI_CLASSES)[number];

/** Classes counted in AAMI evaluation figures (EC57 leaves Q out of the macro averages). */
export const AAMI_EVAL_CLASSES = ['N', 'S', 'V', 'F'] as const;

/** A reviewer may also say they cannot decide. */
export const LABEL_VALUES = [...AAMI_CLASSES, 'unsure'] as const;
export type LabelValue = (typeof LABEL_VALUES)[number];

export function getClassIndex(c: AamiClass): number {
  return AAMI_CLASSES.indexOf(c);
}
