import type { Beat } from '../../../common/schemas/beat';
import { buildLeadBeats, detectRPeaks } from '../beats/detect-beats';
import { computeLeadQrsFeature, detectQrsMultiLead, refineRPeakInStretch } from '../beats/detect-qrs-multi-lead';
import type { BeatInputSpec } from '../beats/model-input';
import type { DigitizedLead } from './build-panel-lead';
import { measureQrsEnergyAt } from './qrs-energy';

/** Rows recorded at the same time share at least this much of the shorter one's span across the page. */
export const ECG_SIMULTANEOUS_OVERLAP = 0.8;
/**
 * A row shows the other row's beats when its detection function is higher at them than half-way
 * between them this often (ROC area: 0.5 for an unrelated rhythm; about 0.6 at most over 45
 * pairs of rows from different rendered strips, except where two regular rhythms ran in phase).
 */
export const ECG_SIMULTANEOUS_MIN_AUC = 0.7;
/** Or when this share of one row's own beats have a beat of the other within 150 ms. */
export const ECG_SIMULTANEOUS_BEAT_SHARE = 0.8;
/**
 * Or when one row's strong complexes (at least ECG_SIMULTANEOUS_MIN_STRONG) all fall on the other
 * row's beats, which chance alone would do less often than this: ventricular beats plain in V1
 * whose normal beats are lost in its noise. Strong: above the widest gap, at least
 * ECG_STRONG_GAP-fold, in the row's sorted QRS sizes (its detection function at its beats); all
 * of them without such a gap.
 */
export const ECG_SIMULTANEOUS_MAX_CHANCE = 0.01;
const ECG_SIMULTANEOUS_MIN_STRONG = 4;
const ECG_STRONG_GAP = 3;
/** Two rows' beats coincide within this. */
const ECG_COINCIDE_S = 0.1;
/** Below this QRS contrast a beat of a group's row takes R from the group's detection, not the row's trace. */
export const ECG_GROUP_MIN_QRS_CONTRAST = 4;
/** Fewest beats to judge two rows' timing by. */
const ECG_SIMULTANEOUS_MIN_BEATS = 3;

/** Page column (deskewed frame) of time t on a lead, and back. */
function toColumn(l: DigitizedLead, t: number): number {
  return l.pixelMap.originX + t * l.pixelMap.pxPerSecond;
}
function toTime(l: DigitizedLead, x: number): number {
  return (x - l.pixelMap.originX) / l.pixelMap.pxPerSecond;
}

function spanOf(l: DigitizedLead): [number, number] {
  return [toColumn(l, 0), toColumn(l, l.samples.length / l.fs)];
}

/** a's beats (samples) as times on b's axis, through the page columns. */
function onLead(a: DigitizedLead, aBeats: number[], b: DigitizedLead): number[] {
  return aBeats.map((r) => toTime(b, toColumn(a, r / a.fs)));
}

/**
 * Whether lead b shows lead a's beats: how often b's detection function (±75 ms) is higher at one
 * of a's beats than half-way between two of them — the area under the ROC curve of the two. A
 * rank measure, so a mix of large and small complexes does not blur it.
 */
export function measureBeatShowing(a: DigitizedLead, aBeats: number[], b: DigitizedLead, bMwi: Float64Array): number {
  const sampleAt = (t: number) => measureQrsEnergyAt(bMwi, Math.round(toTime(b, toColumn(a, t)) * b.fs), b.fs);
  const at: number[] = [];
  const mid: number[] = [];
  aBeats.forEach((r, k) => {
    const v = sampleAt(r / a.fs);
    if (!Number.isNaN(v)) at.push(v);
    if (k === 0) return;
    const w = sampleAt((r + aBeats[k - 1]!) / 2 / a.fs);
    if (!Number.isNaN(w)) mid.push(w);
  });
  if (at.length < ECG_SIMULTANEOUS_MIN_BEATS || mid.length < ECG_SIMULTANEOUS_MIN_BEATS - 1) return NaN;
  let wins = 0;
  for (const x of at) for (const y of mid) wins += x > y ? 1 : x === y ? 0.5 : 0;
  return wins / (at.length * mid.length);
}

/** Share of b's beats with a beat of a within 150 ms (through the page columns). */
function shareCoinciding(a: DigitizedLead, aBeats: number[], b: DigitizedLead, bBeats: number[]): number {
  if (bBeats.length < ECG_SIMULTANEOUS_MIN_BEATS) return 0;
  const at = onLead(a, aBeats, b);
  return bBeats.filter((r) => at.some((t) => Math.abs(t - r / b.fs) <= 0.15)).length / bBeats.length;
}

/**
 * Probability that chance alone puts b's strong complexes all within ECG_COINCIDE_S of a's beats:
 * the share of b's span those windows cover, to the power of their number; 1 when any misses or
 * there are too few.
 */
export function measureStrongCoincidence(
  a: DigitizedLead,
  aBeats: number[],
  b: DigitizedLead,
  bBeats: number[],
  bMwi: Float64Array,
): number {
  if (aBeats.length < ECG_SIMULTANEOUS_MIN_BEATS) return 1;
  const sized = bBeats.map((r) => ({ r, e: measureQrsEnergyAt(bMwi, r, b.fs) })).filter((x) => !Number.isNaN(x.e));
  const sizes = sized.map((x) => x.e).sort((p, q) => p - q);
  let cut = -Infinity;
  let widest = ECG_STRONG_GAP;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const ratio = sizes[i + 1]! / Math.max(sizes[i]!, 1e-12);
    if (ratio >= widest) {
      widest = ratio;
      cut = sizes[i]!;
    }
  }
  const strong = sized.filter((x) => x.e > cut);
  const k = strong.length;
  if (k < ECG_SIMULTANEOUS_MIN_STRONG) return 1;
  const at = onLead(a, aBeats, b);
  if (!strong.every(({ r }) => at.some((t) => Math.abs(t - r / b.fs) <= ECG_COINCIDE_S))) return 1;
  const span = b.samples.length / b.fs;
  const covered = Math.min(1, (at.filter((t) => t >= 0 && t <= span).length * 2 * ECG_COINCIDE_S) / span);
  return covered ** k;
}

/**
 * Groups of rows recorded at the same time (a multi-channel strip), as opposed to one recording
 * continued row after row: the rows share their span across the page and their beats line up —
 * one row's beats show as QRS complexes in the other, most of one row's beats coincide with the
 * other's, or one row's strongest complexes all do, beyond chance. Each row is checked against each group's first row.
 */
export function groupSimultaneousLeads(leads: DigitizedLead[]): number[][] {
  const own = leads.map((l) => detectRPeaks(l.samples, l.fs));
  const mwi = leads.map((l) => computeLeadQrsFeature(l.samples, l.fs)?.mwi ?? null);
  const together = (i: number, j: number): boolean => {
    const a = leads[i]!;
    const b = leads[j]!;
    if (a.fs !== b.fs || !mwi[i] || !mwi[j]) return false;
    const [a0, a1] = spanOf(a);
    const [b0, b1] = spanOf(b);
    const overlap = Math.min(a1, b1) - Math.max(a0, b0);
    if (overlap < ECG_SIMULTANEOUS_OVERLAP * Math.min(a1 - a0, b1 - b0)) return false;
    const auc = Math.max(
      measureBeatShowing(a, own[i]!, b, mwi[j]!) || 0,
      measureBeatShowing(b, own[j]!, a, mwi[i]!) || 0,
    );
    const share = Math.max(shareCoinciding(a, own[i]!, b, own[j]!), shareCoinciding(b, own[j]!, a, own[i]!));
    const chance = Math.min(
      measureStrongCoincidence(a, own[i]!, b, own[j]!, mwi[j]!),
      measureStrongCoincidence(b, own[j]!, a, own[i]!, mwi[i]!),
    );
    return (
      auc >= ECG_SIMULTANEOUS_MIN_AUC || share >= ECG_SIMULTANEOUS_BEAT_SHARE || chance < ECG_SIMULTANEOUS_MAX_CHANCE
    );
  };
  const groups: number[][] = [];
  leads.forEach((_, i) => {
    const g = groups.find((members) => together(members[0]!, i));
    if (g) g.push(i);
    else groups.push([i]);
  });
  return groups;
}

/** The group's leads resampled onto one axis over the union of their spans (page columns). */
function alignOnPage(group: DigitizedLead[]): { x0: number; pxPerSample: number; signals: Float64Array[] } {
  const fs = group[0]!.fs;
  const pxPerSample = group[0]!.pixelMap.pxPerSecond / fs;
  const x0 = Math.min(...group.map((l) => spanOf(l)[0]));
  const x1 = Math.max(...group.map((l) => spanOf(l)[1]));
  const n = Math.max(0, Math.floor((x1 - x0) / pxPerSample));
  const signals = group.map((l) => {
    const out = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      const p = toTime(l, x0 + i * pxPerSample) * l.fs;
      const k = Math.floor(p);
      if (k < 0 || k + 1 >= l.samples.length) continue;
      const f = p - k;
      out[i] = l.samples[k]! * (1 - f) + l.samples[k + 1]! * f;
    }
    return out;
  });
  return { x0, pxPerSample, signals };
}

/**
 * A lead's background level for the group's beats: its detection function half-way between them
 * (±75 ms, median). A beat whose QRS stands less than ECG_GROUP_MIN_QRS_CONTRAST times above it
 * is lost in that lead's noise (V1 of a low-voltage record, the small normal beats beside large
 * ventricular ones).
 */
export function measureBetweenBeats(mwi: Float64Array, beats: number[], fs: number): number {
  const mid = beats
    .slice(1)
    .map((i, k) => measureQrsEnergyAt(mwi, Math.round((i + beats[k]!) / 2), fs))
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  return mid.length ? mid[mid.length >> 1]! : NaN;
}

/**
 * R samples of each lead of a simultaneous group: one multi-lead detection, refined per lead where
 * the lead shows that beat's QRS plainly; elsewhere R keeps the detection's own time, as refined
 * on noise it would move to the largest spike within 100 ms.
 */
function detectGroupBeats(group: DigitizedLead[]): number[][] {
  const { x0, pxPerSample, signals } = alignOnPage(group);
  const { fiducials } = detectQrsMultiLead(signals, group[0]!.fs);
  return group.map((l) => {
    const mapped: number[] = [];
    for (const f of fiducials) {
      const i = Math.round(toTime(l, x0 + f * pxPerSample) * l.fs);
      if (i < 0 || i >= l.samples.length || Number.isNaN(l.samples[i]!)) continue;
      mapped.push(i);
    }
    const mwi = computeLeadQrsFeature(l.samples, l.fs)?.mwi;
    const background = mwi ? measureBetweenBeats(mwi, mapped, l.fs) : NaN;
    const rs: number[] = [];
    for (const i of mapped) {
      const plain = !mwi || !(measureQrsEnergyAt(mwi, i, l.fs) < ECG_GROUP_MIN_QRS_CONTRAST * background);
      const r = plain ? refineRPeakInStretch(l.samples, i, l.fs) : i;
      if (!rs.length || r > rs[rs.length - 1]!) rs.push(r);
    }
    return rs;
  });
}

/**
 * Beats of a strip's rows. Rows recorded at the same time are detected together by the
 * multi-lead detector (a beat plain in one row is found in the other, where it may be too small
 * to see alone) and each row's R is placed on its own trace; other rows are detected alone.
 */
export function linkStripBeats(
  sha256: string,
  leads: DigitizedLead[],
  spec: BeatInputSpec,
  notes: string[] = [],
): Record<string, Beat[]> {
  const beats: Record<string, Beat[]> = {};
  for (const idx of groupSimultaneousLeads(leads)) {
    const group = idx.map((i) => leads[i]!);
    const perLead: (number[] | undefined)[] = group.length > 1 ? detectGroupBeats(group) : [undefined];
    if (group.length > 1)
      notes.push(
        `rows ${group.map((l) => l.name).join(', ')} recorded at the same time: beats detected on them together`,
      );
    group.forEach((l, k) => {
      const lb = buildLeadBeats(sha256, l.name, l.samples, l.fs, spec, perLead[k]);
      beats[l.name] = lb.beats;
      if (lb.droppedAtGaps) l.quality.notes.push(`${lb.droppedAtGaps} beat(s) whose window is mostly gap left out`);
    });
  }
  return beats;
}
