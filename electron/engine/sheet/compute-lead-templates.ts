import { detectRPeaks } from '../beats/detect-beats';
import { ECG_SHEET_LEADS, type PlacedLead, type SheetLeadName, type SheetLeadSet } from './place-sheet-leads';

/** Template (median beat) grid: 250 Hz from 0.25 s before to 0.45 s after the beat's R time. */
export const ECG_TEMPLATE_FS = 250;
export const ECG_TEMPLATE_BEFORE_S = 0.25;
export const ECG_TEMPLATE_AFTER_S = 0.45;
export const ECG_TEMPLATE_LENGTH = Math.round((ECG_TEMPLATE_BEFORE_S + ECG_TEMPLATE_AFTER_S) * ECG_TEMPLATE_FS);
export const ECG_TEMPLATE_R_INDEX = Math.round(ECG_TEMPLATE_BEFORE_S * ECG_TEMPLATE_FS);
/** A strip beat is looked for in a panel this far either side of where the strip puts it (s). */
const ECG_PANEL_SHIFT_S = 0.06;
/** Each beat is levelled on this stretch before R (s), near the PR segment at most rates. */
const ECG_BEAT_LEVEL_S = [-0.12, -0.07] as const;

export interface LeadTemplate {
  /** Median beat in mV on the template grid; NaN where no beat covers it. */
  samples: Float64Array;
  /** R times of the beats used, seconds on the sheet's time axis. */
  beatTimes: number[];
  /** Each beat on the template grid (levelled), for beat-to-beat dispersion. */
  beats: Float64Array[];
  /** Shift applied to the strip's beat times to centre this panel's QRS complexes (s). */
  shift: number;
}

export interface SheetTemplates {
  /** R times on the sheet's axis from the rhythm strip (or the best panel without one). */
  beatTimes: number[];
  /** Where the beat times came from. */
  beatSource: 'rhythm' | 'panels' | 'none';
  leads: Map<SheetLeadName, LeadTemplate>;
  rhythm: LeadTemplate | null;
}

function valueAt(l: PlacedLead, tSheet: number): number {
  const x = (tSheet - l.offset) * l.fs;
  const k = Math.floor(x);
  if (k < 0 || k + 1 >= l.samples.length) return k === l.samples.length - 1 ? l.samples[k]! : NaN;
  const f = x - k;
  return l.samples[k]! * (1 - f) + l.samples[k + 1]! * f;
}

function spanOf(l: PlacedLead): [number, number] {
  return [l.offset, l.offset + l.samples.length / l.fs];
}

/** QRS energy (absolute slope over ±4 ms) on the lead's own samples; gaps count as 0. */
function computeSlopeEnergy(l: PlacedLead): Float64Array {
  const n = l.samples.length;
  const h = Math.max(1, Math.round(0.004 * l.fs));
  const e = new Float64Array(n);
  for (let k = h; k < n - h; k++) {
    const d = l.samples[k + h]! - l.samples[k - h]!;
    e[k] = Number.isNaN(d) ? 0 : Math.abs(d);
  }
  return e;
}

/**
 * The shift that puts the strip's beat times onto this panel's QRS complexes: all beats of a panel
 * share one offset error (its pixel origin), so one shift maximising the slope energy near every
 * beat fits them all.
 */
function findPanelShift(l: PlacedLead, times: number[]): number {
  const e = computeSlopeEnergy(l);
  const w = Math.max(1, Math.round(0.012 * l.fs));
  const maxShift = Math.round(ECG_PANEL_SHIFT_S * l.fs);
  let best = 0;
  let bestScore = -Infinity;
  for (let s = -maxShift; s <= maxShift; s++) {
    let score = 0;
    for (const t of times) {
      const c = Math.round((t - l.offset) * l.fs) + s;
      for (let k = c - w; k <= c + w; k++) if (k >= 0 && k < e.length) score += e[k]!;
    }
    // A faint prior for no shift breaks ties on flat leads.
    score -= Math.abs(s) * 1e-9;
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return best / l.fs;
}

function cutBeat(l: PlacedLead, rTime: number): Float64Array {
  const out = new Float64Array(ECG_TEMPLATE_LENGTH);
  for (let j = 0; j < out.length; j++) out[j] = valueAt(l, rTime + (j - ECG_TEMPLATE_R_INDEX) / ECG_TEMPLATE_FS);
  const a = ECG_TEMPLATE_R_INDEX + Math.round(ECG_BEAT_LEVEL_S[0] * ECG_TEMPLATE_FS);
  const b = ECG_TEMPLATE_R_INDEX + Math.round(ECG_BEAT_LEVEL_S[1] * ECG_TEMPLATE_FS);
  const level = median(Array.from(out.subarray(a, b + 1)).filter((v) => !Number.isNaN(v)));
  if (!Number.isNaN(level)) for (let j = 0; j < out.length; j++) out[j]! -= level;
  return out;
}

export function median(v: number[]): number {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median across beats, sample by sample, over the beats that cover that sample. */
function computeMedianBeat(beats: Float64Array[]): Float64Array {
  const out = new Float64Array(ECG_TEMPLATE_LENGTH);
  for (let j = 0; j < out.length; j++) out[j] = median(beats.map((b) => b[j]!).filter((v) => !Number.isNaN(v)));
  return out;
}

function buildTemplate(l: PlacedLead, times: number[], refine: boolean): LeadTemplate | null {
  const [t0, t1] = spanOf(l);
  // A beat counts when its QRS (±60 ms) lies within the lead.
  const inside = times.filter((t) => t - 0.06 >= t0 && t + 0.06 <= t1);
  if (!inside.length) return null;
  const shift = refine ? findPanelShift(l, inside) : 0;
  const beats = inside.map((t) => cutBeat(l, t + shift)).filter((b) => !Number.isNaN(b[ECG_TEMPLATE_R_INDEX]!));
  if (!beats.length) return null;
  return { samples: computeMedianBeat(beats), beatTimes: inside.map((t) => t + shift), beats, shift };
}

function detectLeadBeats(l: PlacedLead): number[] {
  return detectRPeaks(l.samples, l.fs).map((r) => l.offset + r / l.fs);
}

/**
 * Median beat of every lead. Beats come from the rhythm strip (10 s, the most beats); each panel
 * takes the strip's beats that fall in its 2.5 s, centred on its own QRS complexes. Without a strip
 * each panel finds its own beats.
 */
export function computeSheetTemplates(set: SheetLeadSet): SheetTemplates {
  const leads = new Map<SheetLeadName, LeadTemplate>();
  let beatTimes: number[] = [];
  let beatSource: SheetTemplates['beatSource'] = 'none';
  let rhythm: LeadTemplate | null = null;
  if (set.rhythm) {
    beatTimes = detectLeadBeats(set.rhythm);
    if (beatTimes.length >= 2) {
      beatSource = 'rhythm';
      rhythm = buildTemplate(set.rhythm, beatTimes, false);
    }
  }
  for (const name of ECG_SHEET_LEADS) {
    const l = set.panels.get(name);
    if (!l) continue;
    const t = beatSource === 'rhythm' ? buildTemplate(l, beatTimes, true) : buildTemplate(l, detectLeadBeats(l), false);
    if (t) leads.set(name, t);
  }
  if (beatSource !== 'rhythm') {
    // Without a strip, the rhythm is read from the panel row with the most beats (lead II if it ties).
    const best = [...leads.entries()].sort((a, b) => b[1].beatTimes.length - a[1].beatTimes.length)[0];
    if (best) {
      beatTimes = best[1].beatTimes;
      beatSource = 'panels';
    }
  }
  return { beatTimes, beatSource, leads, rhythm };
}
