/** Rows of the standard 3×4 report (each row: four 2.5 s panels). */
export const ECG_LAYOUT_3X4 = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
] as const;

export const ECG_LAYOUT_12X1 = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

/**
 * Names by position (no text is read from the image): split rows take the 3×4 names in order,
 * full-width rows after them are rhythm strips, twelve full-width rows are the 12×1 layout.
 */
export function assignLeadNames(split: boolean[]): string[][] {
  const names: string[][] = [];
  let splitSeen = 0;
  let rhythm = 0;
  const anySplit = split.some(Boolean);
  split.forEach((isSplit, r) => {
    if (isSplit) {
      const std = ECG_LAYOUT_3X4[splitSeen];
      names.push(std ? [...std] : [0, 1, 2, 3].map((c) => `row${r + 1}-${c + 1}`));
      splitSeen++;
    } else if (anySplit) names.push([`rhythm${++rhythm}`]);
    else if (split.length === 12) names.push([ECG_LAYOUT_12X1[r]!]);
    else if (split.length === 1) names.push(['strip']);
    else names.push([`row${r + 1}`]);
  });
  return names;
}
