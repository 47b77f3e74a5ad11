import type { LeadSaliency } from '../../../common/schemas/record';
import type { Lead } from '../../../common/schemas/signal';
import type { SheetFeatures } from './compute-sheet-features';
import { ECG_SHEET_LEADS, type PlacedLead, type SheetLeadName } from './place-sheet-leads';
import type { LeadTemplate } from './compute-lead-templates';
import { ECG_SHEET_FEATURES, type BeatSegment } from './sheet-feature-spec';

/** Saliency profile resolution: one bin per this many seconds of a lead. */
const PROFILE_BIN_S = 0.05;

/** Features hidden together to measure what one part of the sheet contributed. */
export interface OcclusionGroup {
  /** Standard lead name, 'rhythm', or 'shared' (features read from several leads at once). */
  owner: string;
  /** null: every feature of the owner; else only those measured on this part of the beat. */
  segment: BeatSegment | null;
  features: number[];
}

const isSheetLead = (s: string): s is SheetLeadName => (ECG_SHEET_LEADS as readonly string[]).includes(s);

function ownerOf(leads: readonly string[]): string {
  return leads.length === 1 ? leads[0]! : 'shared';
}

/**
 * One group per lead (all its features) and one per lead and wave. Features read from several
 * leads (QRS width, voltage, axes) form the 'shared' owner, whose effect is split over its leads.
 */
export function listOcclusionGroups(): OcclusionGroup[] {
  const byOwner = new Map<string, Map<BeatSegment, number[]>>();
  ECG_SHEET_FEATURES.forEach((f, i) => {
    const owner = ownerOf(f.leads);
    const segs = byOwner.get(owner) ?? new Map<BeatSegment, number[]>();
    byOwner.set(owner, segs);
    segs.set(f.segment, [...(segs.get(f.segment) ?? []), i]);
  });
  const groups: OcclusionGroup[] = [];
  for (const [owner, segs] of byOwner) {
    groups.push({ owner, segment: null, features: [...segs.values()].flat().sort((a, b) => a - b) });
    for (const [segment, features] of segs) groups.push({ owner, segment, features });
  }
  return groups;
}

/** The rows the model is run on: the sheet's features, then each group hidden (NaN = not measurable). */
export function buildOcclusionRows(values: Float64Array, groups: readonly OcclusionGroup[]): Float32Array {
  const n = values.length;
  const rows = new Float32Array(n * (groups.length + 1));
  for (let g = 0; g <= groups.length; g++) rows.set(values, g * n);
  groups.forEach((grp, g) => grp.features.forEach((i) => (rows[(g + 1) * n + i] = NaN)));
  return rows;
}

function paint(profile: Float64Array, span: number, from: number, to: number, w: number): void {
  const bins = profile.length;
  const a = Math.max(0, Math.floor((from / span) * bins));
  const b = Math.min(bins - 1, Math.ceil((to / span) * bins));
  for (let k = a; k <= b; k++) profile[k] = profile[k]! + w;
}

/**
 * Per stored lead: its share of the decision (the drop of the predicted class's probability when its
 * features are hidden, shared features split evenly over their leads, normalised over the sheet)
 * and a profile over its samples that paints each wave's drop onto every beat of the lead.
 */
export function computeRecordSaliency(
  leads: readonly Lead[],
  features: SheetFeatures,
  groups: readonly OcclusionGroup[],
  drops: readonly number[],
): LeadSaliency[] {
  const drop = (owner: string, segment: BeatSegment | null) =>
    Math.max(0, drops[groups.findIndex((g) => g.owner === owner && g.segment === segment)] ?? 0);
  // Shared features are split over the leads they were actually read from: a blank lead gets none.
  const sharedLeads = new Set<string>(
    ECG_SHEET_FEATURES.filter((f) => f.leads.length > 1)
      .flatMap((f) => f.leads)
      .filter((l) => isSheetLead(l) && features.templates.leads.has(l)),
  );
  const sharedPart = (owner: string, segment: BeatSegment | null) =>
    sharedLeads.has(owner) ? drop('shared', segment) / sharedLeads.size : 0;
  const { placed } = features;
  const owners = new Map<string, string>(); // stored lead name -> owner
  for (const [name, p] of placed.panels) owners.set(p.lead.name, name);
  if (placed.rhythm) owners.set(placed.rhythm.lead.name, 'rhythm');

  const raw = leads.map((lead) => {
    const owner = owners.get(lead.name);
    const span = Math.max(lead.samples.length / lead.fs, 1e-6);
    const profile = new Float64Array(Math.max(2, Math.ceil(span / PROFILE_BIN_S)));
    if (!owner) return { lead: lead.name, weight: 0, profile };
    const weight = drop(owner, null) + sharedPart(owner, null);
    let tpl: LeadTemplate | null | undefined = features.templates.rhythm;
    let p: PlacedLead | null | undefined = placed.rhythm;
    if (isSheetLead(owner)) {
      tpl = features.templates.leads.get(owner);
      p = placed.panels.get(owner);
    }
    const beatTimes = tpl?.beatTimes ?? (owner === 'rhythm' ? features.templates.beatTimes : []);
    const shift = (tpl?.shift ?? 0) - (p?.offset ?? 0);
    for (const [segment, at] of Object.entries(features.segments) as [BeatSegment, [number, number] | null][]) {
      // RR features hang on the R peaks that bound each interval: paint the QRS.
      const span2 = segment === 'rr' ? features.segments.qrs : at;
      const w = drop(owner, segment) + sharedPart(owner, segment);
      if (!span2 || w <= 0) continue;
      for (const t of beatTimes) paint(profile, span, t + shift + span2[0], t + shift + span2[1], w);
    }
    return { lead: lead.name, weight, profile };
  });
  const total = raw.reduce((a, r) => a + r.weight, 0);
  const known = raw.filter((r) => owners.has(r.lead)).length || 1;
  return raw.map((r) => {
    const max = r.profile.reduce((a, v) => Math.max(a, v), 0);
    return {
      lead: r.lead,
      share: total > 0 ? r.weight / total : owners.has(r.lead) ? 1 / known : 0,
      profile: Array.from(r.profile, (v) => (max > 0 ? v / max : 0)),
    };
  });
}
