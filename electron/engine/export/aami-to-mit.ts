import type { LabelValue } from '../../../common/ecg/aami';

/**
 * THE AAMI class → MIT annotation symbol table for exported .atr files. Each AAMI class is written
 * as the MIT code that is its most common member, so MIT_TO_AAMI maps it straight back:
 * N→N (normal), S→A (atrial premature), V→V (PVC), F→F (fusion), Q→Q (unclassifiable).
 */
export const ECG_AAMI_TO_MIT: Readonly<Record<'N' | 'S' | 'V' | 'F' | 'Q', string>> = {
  N: 'N',
  S: 'A',
  V: 'V',
  F: 'F',
  Q: 'Q',
};

/** A beat without a final class ('unsure' or undecided; only in --include-unlabelled exports): MIT '?'. */
export const ECG_UNLABELLED_MIT = '?';

export function getExportMitSymbol(label: LabelValue | null): string {
  return label && label !== 'unsure' ? ECG_AAMI_TO_MIT[label] : ECG_UNLABELLED_MIT;
}
