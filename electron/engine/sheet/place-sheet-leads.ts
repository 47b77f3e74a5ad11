import type { Lead } from '../../../common/schemas/signal';

/** The twelve standard leads, in the order the record features list them. */
export const ECG_SHEET_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type SheetLeadName = (typeof ECG_SHEET_LEADS)[number];

/** A rhythm strip runs the whole sheet (10 s); a panel a quarter of it. */
const ECG_MIN_RHYTHM_S = 5;

export interface PlacedLead {
  lead: Lead;
  /** mV, NaN for gaps. */
  samples: Float64Array;
  fs: number;
  /** Seconds of sample 0 on the sheet's time axis (the rhythm strip's, else the leftmost lead's). */
  offset: number;
}

export interface SheetLeadSet {
  panels: Map<SheetLeadName, PlacedLead>;
  rhythm: PlacedLead | null;
}

function toSamples(lead: Lead): Float64Array {
  const out = new Float64Array(lead.samples.length);
  for (let k = 0; k < out.length; k++) out[k] = lead.samples[k] ?? NaN;
  return out;
}

function matchStandardName(name: string): SheetLeadName | null {
  const n = name.trim().toLowerCase();
  return ECG_SHEET_LEADS.find((s) => s.toLowerCase() === n) ?? null;
}

function isRhythm(lead: Lead): boolean {
  return /rhythm/i.test(lead.name) || lead.samples.length / lead.fs >= ECG_MIN_RHYTHM_S;
}

/**
 * The sheet's leads by standard name, each placed on one time axis through its pixel map: panels
 * printed in the same column hold the same seconds as the rhythm strip below them, so a beat found
 * on the strip can be looked up in every panel.
 */
export function placeSheetLeads(leads: readonly Lead[]): SheetLeadSet {
  const rhythmLead = leads.find(isRhythm) ?? null;
  const ref = rhythmLead ?? [...leads].sort((a, b) => a.pixelMap.originX - b.pixelMap.originX)[0];
  const place = (lead: Lead): PlacedLead => ({
    lead,
    samples: toSamples(lead),
    fs: lead.fs,
    offset: ref ? (lead.pixelMap.originX - ref.pixelMap.originX) / lead.pixelMap.pxPerSecond + lead.startTime : 0,
  });
  const panels = new Map<SheetLeadName, PlacedLead>();
  for (const lead of leads) {
    if (lead === rhythmLead) continue;
    const name = matchStandardName(lead.name);
    if (name && !panels.has(name)) panels.set(name, place(lead));
  }
  return { panels, rhythm: rhythmLead ? place(rhythmLead) : null };
}
