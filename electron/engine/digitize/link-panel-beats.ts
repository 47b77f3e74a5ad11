import type { Beat } from '../../../common/schemas/beat';
import { buildLeadBeats, detectRPeaks } from '../beats/detect-beats';
import { computeLeadQrsFeature } from '../beats/detect-qrs-multi-lead';
import type { BeatInputSpec } from '../beats/model-input';
import type { DigitizedLead } from './build-panel-lead';
import type { SheetPanel } from './digitize-layout';
import { measureQrsEnergyAt } from './qrs-energy';

/** A panel's QRS this close to a rhythm-strip beat's time is the same beat. */
export const ECG_BEAT_LINK_S = 0.1;
/** Rhythm beats this close to a panel's edge are not compared (the panel may cut the QRS). */
export const ECG_EDGE_S = 0.15;
/**
 * A rhythm-strip detection the panels do not show is dropped only when its QRS energy is below
 * this share of the strip's typical detection (a T wave or noise on a low-voltage strip).
 */
export const ECG_RHYTHM_WEAK_SHARE = 0.5;
/**
 * A beat the panels agree on is added to the strip only where the strip's QRS energy is at least
 * this share of its typical detection's: a beat shows in every lead, while noise that panels of one
 * low-voltage lead agree on (a two-lead record's V1 in every V panel) is near 0 on the strip.
 */
export const ECG_RHYTHM_ADD_SHARE = 0.2;

export interface LinkedSheetBeats {
  beats: Record<string, Beat[]>;
  /** Name of the rhythm strip's lead, null when the sheet has none. */
  rhythmLead: string | null;
  /** The rhythm strip's own R detections (s, rhythm axis), before any check against the panels. */
  rhythmTimes: number[];
  /** Each panel's own R detections (s from the panel's start), independent of the rhythm strip. */
  panelPeaks: Map<string, number[]>;
}

/**
 * The panels' own R detections as one beat sequence on the rhythm axis: per column, a beat is a
 * time where two of that column's panels (the one, if only one was found) show a QRS within
 * 100 ms; a beat seen on both sides of a column boundary counts once.
 */
export function mergePanelBeats(panels: SheetPanel[], peaks: Map<string, number[]>): number[] {
  const out: number[] = [];
  const columns = [...new Set(panels.filter((p) => p.row <= 2).map((p) => p.column))].sort((a, b) => a - b);
  for (const c of columns) {
    const col = panels.filter((p) => p.row <= 2 && p.column === c && peaks.has(p.lead));
    const need = col.length >= 2 ? 2 : 1;
    const times = col.flatMap((p) => peaks.get(p.lead)!.map((t) => t + p.startTime)).sort((a, b) => a - b);
    let k = 0;
    while (k < times.length) {
      let j = k;
      while (j + 1 < times.length && times[j + 1]! - times[k]! <= ECG_BEAT_LINK_S) j++;
      if (j - k + 1 >= need) {
        const t = times[(k + j) >> 1]!;
        if (!out.length || t - out[out.length - 1]! > 2 * ECG_BEAT_LINK_S) out.push(t);
      }
      k = j + 1;
    }
  }
  return out;
}

/**
 * The rhythm strip's detections, checked against the panels recorded at the same time (a beat
 * shows in every lead): a weak one with no QRS in any of those panels is dropped (a T wave or noise
 * on a low-voltage strip), and a beat the panels agree on that the strip's detector missed is added
 * where the strip shows a QRS there too (`energyAt`, strip seconds → energy, NaN where untraced).
 * Detections near a panel's edges are kept, as the panel may cut the QRS there.
 */
export function confirmRhythmPeaks(
  raw: number[],
  strength: number[],
  fs: number,
  rhythmPanel: SheetPanel,
  panels: SheetPanel[],
  peaks: Map<string, number[]>,
  notes: string[],
  energyAt: (t: number) => number = () => NaN,
): number[] {
  const merged = mergePanelBeats(panels, peaks);
  const rrs = merged
    .slice(1)
    .map((t, i) => t - merged[i]!)
    .sort((x, y) => x - y);
  const medianRR = rrs.length ? rrs[rrs.length >> 1]! : NaN;
  const typical = [...strength].sort((x, y) => x - y)[strength.length >> 1] ?? 0;
  let dropped = 0;
  const kept = raw.filter((r, i) => {
    const t = r / fs + rhythmPanel.startTime;
    if (merged.some((q) => Math.abs(q - t) <= 2 * ECG_BEAT_LINK_S)) return true;
    // A QRS as strong as the strip's typical one is a beat whatever the panels say: a panel whose
    // QRS is small beside its T wave (a V lead) detects the T waves, a rhythm a few 100 ms off.
    if (strength[i]! >= ECG_RHYTHM_WEAK_SHARE * typical) return true;
    // No panel beat near t: a spurious detection only when the panels' beats either side are one
    // ordinary RR apart (else the panels missed a beat there).
    const prev = merged.filter((q) => q < t).pop();
    const next = merged.find((q) => q > t);
    const spurious = prev !== undefined && next !== undefined && next - prev <= 1.5 * medianRR;
    if (spurious) dropped++;
    return !spurious;
  });
  let added = 0;
  // Only away from the panels' edges, where a short panel's detector is least sure.
  const interior = (tm: number) =>
    panels.some((p) => p.row <= 2 && tm - p.startTime >= ECG_EDGE_S && tm - p.startTime <= p.duration - ECG_EDGE_S);
  for (const tm of merged) {
    const t = tm - rhythmPanel.startTime;
    if (t < 0 || !interior(tm) || kept.some((r) => Math.abs(r / fs - t) <= 2 * ECG_BEAT_LINK_S)) continue;
    // Only into a hole in the strip's own beats: its neighbours there are over 1.5 RR apart.
    const prev = raw.filter((r) => r / fs < t).pop();
    const next = raw.find((r) => r / fs > t);
    if (prev !== undefined && next !== undefined && (next - prev) / fs <= 1.5 * medianRR) continue;
    if (energyAt(t) < ECG_RHYTHM_ADD_SHARE * typical) continue;
    kept.push(Math.round(t * fs));
    added++;
  }
  kept.sort((a, b) => a - b);
  if (dropped) notes.push(`${dropped} rhythm-strip detection(s) with no QRS in the panels of the same time left out`);
  if (added) notes.push(`${added} beat(s) that the panels show but the rhythm strip's detector missed added`);
  return kept;
}

/**
 * Beats come from the rhythm strip (10 s, the most context; its detections confirmed by the
 * panels) and are carried to the panel recorded at the same time: each panel's beats are the
 * rhythm beats within its span, placed on the panel's own QRS when one lies within 100 ms (else
 * at the rhythm time), with the rhythm strip's RR context. Without a rhythm strip each panel keeps
 * its own detections.
 */
export function linkPanelBeats(
  sha256: string,
  leads: DigitizedLead[],
  panels: SheetPanel[],
  spec: BeatInputSpec,
  notes: string[] = [],
): LinkedSheetBeats {
  const byName = new Map(leads.map((l) => [l.name, l]));
  const beats: Record<string, Beat[]> = {};
  const panelPeaks = new Map<string, number[]>();
  const own = new Map<string, number[]>();
  const rhythmPanel = panels.find((p) => p.row === 3 && p.found);
  const rhythm = rhythmPanel ? byName.get(rhythmPanel.lead) : undefined;
  for (const p of panels) {
    const lead = byName.get(p.lead);
    if (!lead || p === rhythmPanel) continue;
    const rs = detectRPeaks(lead.samples, lead.fs);
    own.set(p.lead, rs);
    panelPeaks.set(
      p.lead,
      rs.map((r) => r / lead.fs),
    );
  }
  let rhythmTimes: number[] = [];
  let rhythmBeats: Beat[] = [];
  if (rhythm && rhythmPanel) {
    const raw = detectRPeaks(rhythm.samples, rhythm.fs);
    rhythmTimes = raw.map((r) => r / rhythm.fs + rhythmPanel.startTime);
    const mwi = computeLeadQrsFeature(rhythm.samples, rhythm.fs)?.mwi;
    const energyAt = (c: number) => (mwi ? measureQrsEnergyAt(mwi, c, rhythm.fs) : NaN);
    const strength = raw.map((r) => energyAt(r) || 0);
    const rs = confirmRhythmPeaks(raw, strength, rhythm.fs, rhythmPanel, panels, panelPeaks, notes, (t) =>
      energyAt(Math.round(t * rhythm.fs)),
    );
    rhythmBeats = buildLeadBeats(sha256, rhythm.name, rhythm.samples, rhythm.fs, spec, rs).beats;
    beats[rhythm.name] = rhythmBeats;
  }
  for (const p of panels) {
    const lead = byName.get(p.lead);
    if (!lead || p === rhythmPanel) continue;
    const ownR = own.get(p.lead)!;
    if (p.row > 3 || !rhythm || !rhythmPanel) {
      beats[p.lead] = buildLeadBeats(sha256, p.lead, lead.samples, lead.fs, spec, ownR).beats;
      continue;
    }
    const rs: number[] = [];
    const context = new Map<number, Beat['rhythm']>();
    for (const rb of rhythmBeats) {
      const local = rb.rSample / rb.fs + rhythmPanel.startTime - p.startTime;
      if (local < 0 || local >= p.duration) continue;
      let best = -1;
      for (const r of ownR) {
        const d = Math.abs(r / lead.fs - local);
        if (d <= ECG_BEAT_LINK_S && (best < 0 || d < Math.abs(best / lead.fs - local))) best = r;
      }
      const r = best >= 0 ? best : Math.round(local * lead.fs);
      if (r < 0 || r >= lead.samples.length || context.has(r)) continue;
      rs.push(r);
      context.set(r, rb.rhythm);
    }
    const built = buildLeadBeats(sha256, p.lead, lead.samples, lead.fs, spec, rs);
    for (const b of built.beats) b.rhythm = context.get(b.rSample) ?? null;
    beats[p.lead] = built.beats;
  }
  return { beats, rhythmLead: rhythm?.name ?? null, rhythmTimes, panelPeaks };
}
