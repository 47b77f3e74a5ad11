/** Standard ECG paper: the calibration every printed trace is read against. */
export const ECG_PAPER_SPEED_MM_PER_S = 25;
export const ECG_GAIN_MM_PER_MV = 10;
export const ECG_SMALL_BOX_MM = 1;
export const ECG_LARGE_BOX_MM = 5;
export const ECG_MM_PER_INCH = 25.4;

/** Standard 12-lead names in the order a 3×4 report prints them, column by column. */
export const ECG_STANDARD_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

export function computePxPerMm(dpi: number): number {
  return dpi / ECG_MM_PER_INCH;
}
