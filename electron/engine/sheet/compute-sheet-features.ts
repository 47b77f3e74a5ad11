import type { Lead } from '../../../common/schemas/signal';
import {
  computeSheetTemplates,
  ECG_TEMPLATE_FS,
  ECG_TEMPLATE_LENGTH,
  ECG_TEMPLATE_R_INDEX,
  median,
  type SheetTemplates,
} from './compute-lead-templates';
import { findQrsBounds, type QrsBounds } from './find-qrs-bounds';
import { ECG_SHEET_LEADS, placeSheetLeads, type SheetLeadName, type SheetLeadSet } from './place-sheet-leads';
import { ECG_LEAD_FEATURES, ECG_SHEET_FEATURE_NAMES, type BeatSegment } from './sheet-feature-spec';

/** Beats less alike than this (correlation with the strip's median beat) count as odd (ectopic, artefact). */
const ECG_ODD_BEAT_CORR = 0.9;
/** RR intervals this far from the median are irregular; this much shorter, premature. */
const ECG_RR_IRREGULAR = 0.15;
const ECG_RR_PREMATURE = 0.85;

export interface SheetFeatures {
  /** In ECG_SHEET_FEATURE_NAMES order; NaN where a lead or the rhythm is missing. */
  values: Float64Array;
  /** The leads on the sheet's time axis, by standard name (what the templates were cut from). */
  placed: SheetLeadSet;
  templates: SheetTemplates;
  bounds: QrsBounds;
  /** Each segment's span around a beat's R time (s), for drawing saliency on every beat. */
  segments: Record<BeatSegment, [number, number] | null>;
}

const ms = (j: number) => (j / ECG_TEMPLATE_FS) * 1000;
const idx = (s: number) => Math.round(s * ECG_TEMPLATE_FS);

function meanOf(x: Float64Array, a: number, b: number): number {
  let s = 0;
  let n = 0;
  for (let j = Math.max(0, a); j <= Math.min(x.length - 1, b); j++) {
    if (!Number.isNaN(x[j]!)) {
      s += x[j]!;
      n++;
    }
  }
  return n ? s / n : NaN;
}

function argExtreme(x: Float64Array, a: number, b: number, sign: 1 | -1): number {
  let best = -1;
  for (let j = Math.max(0, a); j <= Math.min(x.length - 1, b); j++) {
    if (Number.isNaN(x[j]!)) continue;
    if (best < 0 || sign * x[j]! > sign * x[best]!) best = j;
  }
  return best;
}

/** The ten lead features (ECG_LEAD_FEATURES order) of one median beat. */
function measureLead(t: Float64Array, b: QrsBounds): number[] {
  const { onset: on, offset: off } = b;
  const iso = meanOf(t, on - idx(0.032), on - idx(0.008));
  if (Number.isNaN(iso)) return ECG_LEAD_FEATURES.map(() => NaN);
  const x = t.map((v) => v - iso);
  const rAt = argExtreme(x, on, off, 1);
  const r = rAt >= 0 ? Math.max(0, x[rAt]!) : NaN;
  const qAt = rAt >= 0 ? argExtreme(x, on, rAt, -1) : -1;
  const q = qAt >= 0 ? Math.max(0, -x[qAt]!) : NaN;
  const sAt = rAt >= 0 ? argExtreme(x, rAt, off, -1) : -1;
  const s = sAt >= 0 ? Math.max(0, -x[sAt]!) : NaN;
  // Initial negative deflection: from onset until the trace rises above the PR level again.
  let k = on;
  while (k < off && !(x[k]! > 0.02)) k++;
  const initialDip = -Math.min(0, ...Array.from(x.subarray(on, k + 1)).filter((v) => !Number.isNaN(v)));
  const qMs = initialDip >= 0.05 ? ms(k - on) : 0;
  let area = 0;
  for (let j = on; j <= off; j++) if (!Number.isNaN(x[j]!)) area += x[j]! / ECG_TEMPLATE_FS;
  const h = idx(0.008);
  const st20 = meanOf(x, off + idx(0.02) - h, off + idx(0.02) + h);
  const st60 = meanOf(x, off + idx(0.06) - h, off + idx(0.06) + h);
  const st80 = meanOf(x, off + idx(0.08) - h, off + idx(0.08) + h);
  const tA = off + idx(0.08);
  const tB = ECG_TEMPLATE_LENGTH - 1;
  const tHi = argExtreme(x, tA, tB, 1);
  const tLo = argExtreme(x, tA, tB, -1);
  const tAmp = tHi < 0 ? NaN : Math.abs(x[tHi]!) >= Math.abs(x[tLo]!) ? x[tHi]! : x[tLo]!;
  return [r, q, s, qMs, area * 1000, st20, st60, (st80 - st20) / 0.06, tAmp, meanOf(x, tA, tB)];
}

function correlate(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let j = from; j <= to; j++) {
    if (Number.isNaN(a[j]!) || Number.isNaN(b[j]!)) continue;
    n++;
    sa += a[j]!;
    sb += b[j]!;
  }
  if (n < 5) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let cab = 0;
  let caa = 0;
  let cbb = 0;
  for (let j = from; j <= to; j++) {
    if (Number.isNaN(a[j]!) || Number.isNaN(b[j]!)) continue;
    cab += (a[j]! - ma) * (b[j]! - mb);
    caa += (a[j]! - ma) ** 2;
    cbb += (b[j]! - mb) ** 2;
  }
  return caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : NaN;
}

function measureRhythm(times: number[]): Record<string, number> {
  const rr = times.slice(1).map((t, i) => t - times[i]!);
  if (rr.length < 2) {
    const hr = rr.length === 1 ? 60 / rr[0]! : NaN;
    return { hr_bpm: hr, rr_cv: NaN, rr_rmssd: NaN, rr_irregular: NaN, rr_range: NaN, rr_premature: NaN };
  }
  const med = median(rr);
  const mean = rr.reduce((a, b) => a + b, 0) / rr.length;
  const sd = Math.sqrt(rr.reduce((a, b) => a + (b - mean) ** 2, 0) / rr.length);
  let sq = 0;
  for (let i = 1; i < rr.length; i++) sq += (rr[i]! - rr[i - 1]!) ** 2;
  return {
    hr_bpm: 60 / med,
    rr_cv: sd / mean,
    rr_rmssd: Math.sqrt(sq / (rr.length - 1)) / mean,
    rr_irregular: rr.filter((v) => Math.abs(v / med - 1) > ECG_RR_IRREGULAR).length / rr.length,
    rr_range: (Math.max(...rr) - Math.min(...rr)) / med,
    rr_premature: rr.filter((v) => v < ECG_RR_PREMATURE * med).length / rr.length,
  };
}

/** Beat-to-beat likeness on the strip (QRS–T) and the P wave's size and repeatability. */
function measureBeats(t: SheetTemplates, b: QrsBounds): Record<string, number> {
  const out = { beat_corr_min: NaN, beat_corr_median: NaN, beat_odd_share: NaN, p_mv: NaN, p_corr: NaN };
  const r = t.rhythm;
  if (!r || r.beats.length < 2) return out;
  const qrsT = [ECG_TEMPLATE_R_INDEX - idx(0.1), ECG_TEMPLATE_R_INDEX + idx(0.35)] as const;
  const corr = r.beats.map((x) => correlate(x, r.samples, qrsT[0], qrsT[1])).filter((v) => !Number.isNaN(v));
  const pA = b.onset - idx(0.22);
  const pB = b.onset - idx(0.04);
  const iso = meanOf(r.samples, b.onset - idx(0.032), b.onset - idx(0.008));
  let p = 0;
  for (let j = Math.max(0, pA); j <= pB; j++)
    if (!Number.isNaN(r.samples[j]!)) p = Math.max(p, Math.abs(r.samples[j]! - iso));
  const pc = r.beats.map((x) => correlate(x, r.samples, Math.max(0, pA), pB)).filter((v) => !Number.isNaN(v));
  return {
    beat_corr_min: corr.length ? Math.min(...corr) : NaN,
    beat_corr_median: median(corr),
    beat_odd_share: corr.length ? corr.filter((c) => c < ECG_ODD_BEAT_CORR).length / corr.length : NaN,
    p_mv: Number.isNaN(iso) ? NaN : p,
    p_corr: median(pc),
  };
}

/**
 * The record classifier's input: ten measures per lead on its median beat (R, Q, S, Q width, QRS
 * area, ST at J+20/J+60 ms, ST slope, T peak and mean), then rhythm, beat likeness, P wave, QRS
 * width, voltage and axes. One implementation serves training (via the CLI) and the engine.
 */
export function computeSheetFeatures(leads: readonly Lead[]): SheetFeatures {
  const placed = placeSheetLeads(leads);
  const templates = computeSheetTemplates(placed);
  const present = [...templates.leads.values()].map((t) => t.samples);
  const bounds = findQrsBounds(present.length ? present : templates.rhythm ? [templates.rhythm.samples] : []);
  const byName = new Map<string, number>();
  for (const name of ECG_SHEET_LEADS) {
    const t = templates.leads.get(name);
    const v = t ? measureLead(t.samples, bounds) : ECG_LEAD_FEATURES.map(() => NaN);
    ECG_LEAD_FEATURES.forEach((f, i) => byName.set(`${name}.${f.key}`, v[i]!));
  }
  const get = (lead: SheetLeadName, key: string) => byName.get(`${lead}.${key}`)!;
  const axis = (key: string) => {
    const a = Math.atan2(get('aVF', key), get('I', key));
    return [Math.sin(a), Math.cos(a)];
  };
  const [qSin, qCos] = axis('qrs_area');
  const [tSin, tCos] = axis('t_mean_mv');
  let volt = 0;
  let voltN = 0;
  for (const name of ECG_SHEET_LEADS) {
    const v = get(name, 'r_mv') + get(name, 's_mv');
    if (!Number.isNaN(v)) {
      volt += v;
      voltN++;
    }
  }
  const global: Record<string, number> = {
    ...measureRhythm(templates.beatTimes),
    ...measureBeats(templates, bounds),
    qrs_ms: present.length ? ms(bounds.offset - bounds.onset) : NaN,
    // Scaled to 12 leads so one missing panel does not read as low voltage.
    qrs_volt_sum: voltN ? (volt * 12) / voltN : NaN,
    qrs_axis_sin: qSin!,
    qrs_axis_cos: qCos!,
    t_axis_sin: tSin!,
    t_axis_cos: tCos!,
  };
  for (const [k, v] of Object.entries(global)) byName.set(k, v);
  const values = Float64Array.from(ECG_SHEET_FEATURE_NAMES, (n) => {
    const v = byName.get(n);
    return v === undefined || !Number.isFinite(v) ? NaN : v;
  });
  const s = (j: number) => (j - ECG_TEMPLATE_R_INDEX) / ECG_TEMPLATE_FS;
  const segments: SheetFeatures['segments'] = {
    p: [s(bounds.onset) - 0.22, s(bounds.onset) - 0.04],
    qrs: [s(bounds.onset), s(bounds.offset)],
    st: [s(bounds.offset), s(bounds.offset) + 0.08],
    t: [s(bounds.offset) + 0.08, s(ECG_TEMPLATE_LENGTH - 1)],
    beat: [s(0), s(ECG_TEMPLATE_LENGTH - 1)],
    rr: null,
  };
  return { values, placed, templates, bounds, segments };
}
