import type { Rgb } from './raster';

export const ECG_GRID_COLORS = ['red', 'green', 'blue', 'grey', 'none'] as const;
export type GridColor = (typeof ECG_GRID_COLORS)[number];

export interface PaperStyle {
  grid: GridColor;
  paper: Rgb;
  minor: Rgb;
  major: Rgb;
}

/** Printed ECG paper: background, 1 mm and 5 mm line colours per grid colour. */
export const ECG_PAPER_STYLES: Record<GridColor, PaperStyle> = {
  red: { grid: 'red', paper: [255, 251, 250], minor: [246, 196, 196], major: [228, 128, 132] },
  green: { grid: 'green', paper: [252, 255, 251], minor: [196, 232, 198], major: [112, 186, 124] },
  blue: { grid: 'blue', paper: [251, 253, 255], minor: [198, 214, 242], major: [118, 152, 214] },
  grey: { grid: 'grey', paper: [254, 254, 254], minor: [218, 218, 218], major: [160, 160, 160] },
  none: { grid: 'none', paper: [255, 255, 255], minor: [255, 255, 255], major: [255, 255, 255] },
};

export const ECG_INK: Rgb = [18, 18, 26];
/** Ballpoint colours for handwritten marks. */
export const ECG_PEN_INKS: readonly Rgb[] = [
  [32, 52, 168],
  [20, 20, 20],
  [170, 30, 40],
];

/** Line widths of the printed grid, mm. */
export const ECG_MINOR_LINE_MM = 0.08;
export const ECG_MAJOR_LINE_MM = 0.17;

/** Blend a colour toward the paper (faded print). */
export function fadeColor(c: Rgb, paper: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((k) => Math.round(c[k]! + (paper[k]! - c[k]!) * amount)) as unknown as Rgb;
}
