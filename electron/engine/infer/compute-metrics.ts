import { AAMI_CLASSES, AAMI_EVAL_CLASSES } from '../../../common/ecg/aami';

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  /** Mean F1 over N, S, V, F: AAMI EC57 leaves Q out (a class with no support counts 0, as in training). */
  macroF1: number;
  perClass: Record<string, ClassReport>;
  /** confusion[reference][predicted], AAMI order. */
  confusion: number[][];
}

/** The training code's report (models/train/metrics.py), recomputed here rather than copied. */
export function computeClassificationReport(
  reference: readonly number[],
  predicted: readonly number[],
): ClassificationReport {
  const C = AAMI_CLASSES.length;
  const cm = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  for (let i = 0; i < reference.length; i++) cm[reference[i]!]![predicted[i]!]!++;
  const perClass: Record<string, ClassReport> = {};
  let correct = 0;
  AAMI_CLASSES.forEach((name, c) => {
    const tp = cm[c]![c]!;
    correct += tp;
    const support = cm[c]!.reduce((a, b) => a + b, 0);
    const npred = cm.reduce((a, row) => a + row[c]!, 0);
    const precision = npred ? tp / npred : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[name] = { precision, recall, f1, support };
  });
  const macroF1 = AAMI_EVAL_CLASSES.reduce((a, c) => a + perClass[c]!.f1, 0) / AAMI_EVAL_CLASSES.length;
  return {
    n: reference.length,
    accuracy: reference.length ? correct / reference.length : 0,
    macroF1,
    perClass,
    confusion: cm,
  };
}
