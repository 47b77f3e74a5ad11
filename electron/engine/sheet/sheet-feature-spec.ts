import { ECG_SHEET_LEADS, type SheetLeadName } from './place-sheet-leads';

/** Bump when any feature's definition changes: a manifest trained on another version is refused. */
export const ECG_SHEET_FEATURES_VERSION = 1;

/** Part of each beat a feature is measured on; saliency paints that part of every beat. */
export type BeatSegment = 'p' | 'qrs' | 'st' | 't' | 'beat' | 'rr';

export interface SheetFeatureSpec {
  name: string;
  /** Leads the feature is read from: standard names, or 'rhythm' for the rhythm strip. */
  leads: (SheetLeadName | 'rhythm')[];
  segment: BeatSegment;
}

/** Per lead, measured on its median beat against the PR-segment level (mV, ms, mV/s). */
export const ECG_LEAD_FEATURES: { key: string; segment: BeatSegment }[] = [
  { key: 'r_mv', segment: 'qrs' },
  { key: 'q_mv', segment: 'qrs' },
  { key: 's_mv', segment: 'qrs' },
  { key: 'q_ms', segment: 'qrs' },
  { key: 'qrs_area', segment: 'qrs' },
  { key: 'st20_mv', segment: 'st' },
  { key: 'st60_mv', segment: 'st' },
  { key: 'st_slope', segment: 'st' },
  { key: 't_mv', segment: 't' },
  { key: 't_mean_mv', segment: 't' },
];

const ALL: SheetLeadName[] = [...ECG_SHEET_LEADS];

/** Whole-sheet features: rhythm from the strip, intervals and axes across leads. */
export const ECG_GLOBAL_FEATURES: SheetFeatureSpec[] = [
  { name: 'hr_bpm', leads: ['rhythm'], segment: 'rr' },
  { name: 'rr_cv', leads: ['rhythm'], segment: 'rr' },
  { name: 'rr_rmssd', leads: ['rhythm'], segment: 'rr' },
  { name: 'rr_irregular', leads: ['rhythm'], segment: 'rr' },
  { name: 'rr_range', leads: ['rhythm'], segment: 'rr' },
  { name: 'rr_premature', leads: ['rhythm'], segment: 'rr' },
  { name: 'beat_corr_min', leads: ['rhythm'], segment: 'beat' },
  { name: 'beat_corr_median', leads: ['rhythm'], segment: 'beat' },
  { name: 'beat_odd_share', leads: ['rhythm'], segment: 'beat' },
  { name: 'p_mv', leads: ['rhythm'], segment: 'p' },
  { name: 'p_corr', leads: ['rhythm'], segment: 'p' },
  { name: 'qrs_ms', leads: ALL, segment: 'qrs' },
  { name: 'qrs_volt_sum', leads: ALL, segment: 'qrs' },
  { name: 'qrs_axis_sin', leads: ['I', 'aVF'], segment: 'qrs' },
  { name: 'qrs_axis_cos', leads: ['I', 'aVF'], segment: 'qrs' },
  { name: 't_axis_sin', leads: ['I', 'aVF'], segment: 't' },
  { name: 't_axis_cos', leads: ['I', 'aVF'], segment: 't' },
];

/** The feature vector's layout: 12 leads × lead features, then the global ones. */
export const ECG_SHEET_FEATURES: SheetFeatureSpec[] = [
  ...ECG_SHEET_LEADS.flatMap((lead) =>
    ECG_LEAD_FEATURES.map((f) => ({ name: `${lead}.${f.key}`, leads: [lead], segment: f.segment })),
  ),
  ...ECG_GLOBAL_FEATURES,
];

export const ECG_SHEET_FEATURE_NAMES = ECG_SHEET_FEATURES.map((f) => f.name);
