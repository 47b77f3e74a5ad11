import type { LabelValue } from '../../../common/ecg/aami';
import type { RecordClass } from '../../../common/schemas/record';

export type Theme = 'light' | 'dark';

/**
 * Okabe–Ito colours, safe for the common colour-vision deficiencies; every class also carries its
 * letter on screen so colour is never the only cue. N takes the darker blue on light paper.
 */
export const ECG_CLASS_COLORS: Record<Theme, Record<LabelValue | 'none', string>> = {
  light: { N: '#0072B2', S: '#E69F00', V: '#D55E00', F: '#CC79A7', Q: '#009E73', unsure: '#7f7f7f', none: '#9a9a9a' },
  dark: { N: '#56B4E9', S: '#E69F00', V: '#FF7F3F', F: '#CC79A7', Q: '#2FBF8F', unsure: '#a0a0a0', none: '#8a8a8a' },
};

export interface ThemeColors {
  background: string;
  cell: string;
  cellText: string;
  grid: string;
  placeholder: string;
  disagreement: string;
  uncertainty: string;
}

export const ECG_THEME_COLORS: Record<Theme, ThemeColors> = {
  light: {
    background: '#ffffff',
    cell: '#f7f7f5',
    cellText: '#222222',
    grid: '#e4d9d9',
    placeholder: '#ececec',
    disagreement: '#b00020',
    uncertainty: '#8c8c8c',
  },
  dark: {
    background: '#16181c',
    cell: '#1f2228',
    cellText: '#e8e8e8',
    grid: '#34383f',
    placeholder: '#2a2d33',
    disagreement: '#ff6b81',
    uncertainty: '#7d838c',
  },
};

export function getClassColor(theme: Theme, label: LabelValue | null | undefined): string {
  return ECG_CLASS_COLORS[theme][label ?? 'none'];
}

/** Record-level classes in Okabe–Ito colours; the class name is always written beside its colour. */
export const ECG_RECORD_CLASS_COLORS: Record<Theme, Record<RecordClass | 'none', string>> = {
  light: { normal: '#0072B2', abnormal_heartbeat: '#E69F00', mi: '#D55E00', history_mi: '#CC79A7', none: '#9a9a9a' },
  dark: { normal: '#56B4E9', abnormal_heartbeat: '#E69F00', mi: '#FF7F3F', history_mi: '#CC79A7', none: '#8a8a8a' },
};

export function getRecordClassColor(theme: Theme, label: RecordClass | null | undefined): string {
  return ECG_RECORD_CLASS_COLORS[theme][label ?? 'none'];
}
