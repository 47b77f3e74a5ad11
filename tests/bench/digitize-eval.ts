import type { Beat } from '../../common/schemas/beat';
import type { Lead, PixelMap } from '../../common/schemas/signal';
import type { SynthTruth } from '../../common/schemas/truth';
import { mapSampleToSource } from '../../electron/engine/digitize/pixel-map';

/** Measures of one rendered image against its truth (digitization benchmark and acceptance tests). */

type Pt = { x: number; y: number };
type TruthPanel = SynthTruth['panels'][number];

function applyH(h: number[] | undefined, p: Pt): Pt {
  if (!h) return p;
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

/**
 * Truth (t from panel start, mV) → image pixel. With a page transform, the panel's PixelMap is in
 * the clean page frame and the homography carries it onto the image (its rotationDeg only
 * approximates that homography); without one, the PixelMap maps onto the image directly.
 */
export function mapTruthToImage(truth: SynthTruth, pm: PixelMap, t: number, mv: number): Pt {
  if (truth.pageTransform)
    return applyH(truth.pageTransform, { x: pm.originX + t * pm.pxPerSecond, y: pm.originY - mv * pm.pxPerMv });
  return mapSampleToSource(pm, t, mv);
}

/** Image pixel → (t, mV) in an extracted lead's frame (inverse of its PixelMap). */
export function mapImageToLead(pm: PixelMap, p: Pt): { t: number; mv: number } {
  const a = (pm.rotationDeg * Math.PI) / 180;
  const dx = p.x - pm.rotationCenterX;
  const dy = p.y - pm.rotationCenterY;
  const qx = pm.rotationCenterX + Math.cos(a) * dx - Math.sin(a) * dy;
  const qy = pm.rotationCenterY + Math.sin(a) * dx + Math.cos(a) * dy;
  return { t: (qx - pm.originX) / pm.pxPerSecond, mv: (pm.originY - qy) / pm.pxPerMv };
}

function valueAt(lead: Lead, t: number): number {
  const pos = t * lead.fs;
  const i0 = Math.floor(pos);
  if (i0 < 0 || i0 + 1 >= lead.samples.length) return NaN;
  const a = lead.samples[i0];
  const b = lead.samples[i0 + 1];
  if (a === null || b === null || a === undefined || b === undefined) return NaN;
  const f = pos - i0;
  return a * (1 - f) + b * f;
}

/** The truth values of a panel: (t from the panel's left edge, mV), as drawn. */
export function getPanelTruth(truth: SynthTruth, panel: TruthPanel): { t: number; mv: number }[] {
  if (panel.drawn) return panel.drawn.samples.map((mv, k) => ({ t: k / panel.drawn!.fs, mv }));
  const lead = truth.leads.find((l) => l.channel === panel.channel && l.startSample / l.fs <= panel.startTime + 1e-9)!;
  const out: { t: number; mv: number }[] = [];
  const first = Math.ceil(panel.startTime * lead.fs - 1e-9);
  const last = Math.floor((panel.startTime + panel.duration) * lead.fs + 1e-9);
  for (let s = first; s < last; s++) {
    const v = lead.samples[s - lead.startSample];
    if (v !== undefined) out.push({ t: s / lead.fs - panel.startTime, mv: v });
  }
  return out;
}

/** The extracted lead whose panel holds the truth panel's middle (same row, same column). */
export function matchLead(truth: SynthTruth, panel: TruthPanel, leads: Lead[]): Lead | undefined {
  const mid = mapTruthToImage(truth, panel.pixelMap, panel.duration / 2, 0);
  let best: Lead | undefined;
  let bestD = Infinity;
  for (const l of leads) {
    const q = mapImageToLead(l.pixelMap, mid);
    const dur = l.samples.length / l.fs;
    if (q.t < 0 || q.t > dur) continue;
    const d = Math.abs(q.mv);
    if (d < bestD && d < 3) {
      bestD = d;
      best = l;
    }
  }
  return best;
}

export interface PanelScore {
  lead: string;
  matched: string | null;
  /** 10·log10(Σ true² / Σ (true − extracted)²) over the truth samples the lead covers. */
  snrDb: number;
  /**
   * The renderer sets each panel's median on the printed baseline (the pulse's foot), so the image
   * carries truth − median(truth): SNR of that against the extracted signal as read (no offset,
   * gain or time fitted).
   */
  snrImageDb: number;
  /** After removing each signal's mean (any level difference taken out). */
  snrAcDb: number;
  /** Share of truth samples with an extracted value. */
  coverage: number;
  /** Extracted duration / truth duration − 1 (time calibration), and gain ratio − 1 (voltage). */
  timeScaleError: number;
  gainError: number;
}

/** SNR of one truth panel against the extracted leads: image calibration only, no re-alignment. */
export function scorePanel(truth: SynthTruth, panel: TruthPanel, leads: Lead[]): PanelScore {
  const lead = matchLead(truth, panel, leads);
  const tv = getPanelTruth(truth, panel);
  const nil = {
    lead: panel.lead,
    matched: null,
    snrDb: -Infinity,
    snrImageDb: -Infinity,
    snrAcDb: -Infinity,
    coverage: 0,
    timeScaleError: NaN,
    gainError: NaN,
  };
  if (!lead) return nil;
  const pairs: [number, number][] = [];
  for (const { t, mv } of tv) {
    const q = mapImageToLead(lead.pixelMap, mapTruthToImage(truth, panel.pixelMap, t, mv));
    const e = valueAt(lead, q.t);
    if (!Number.isNaN(e)) pairs.push([mv, e]);
  }
  if (pairs.length < 10) return { ...nil, matched: lead.name };
  const snr = (ps: [number, number][]) => {
    let s = 0;
    let n = 0;
    for (const [a, b] of ps) {
      s += a * a;
      n += (a - b) * (a - b);
    }
    return 10 * Math.log10(s / Math.max(n, 1e-12));
  };
  const sortedTruth = tv.map((v) => v.mv).sort((a, b) => a - b);
  const med = sortedTruth[sortedTruth.length >> 1]!;
  const ma = pairs.reduce((s, p) => s + p[0], 0) / pairs.length;
  const mb = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
  const tpm = panel.pixelMap;
  const epm = lead.pixelMap;
  return {
    lead: panel.lead,
    matched: lead.name,
    snrDb: snr(pairs),
    snrImageDb: snr(pairs.map(([a, b]) => [a - med, b])),
    snrAcDb: snr(pairs.map(([a, b]) => [a - ma, b - mb])),
    coverage: pairs.length / tv.length,
    timeScaleError: epm.pxPerSecond / tpm.pxPerSecond - 1,
    gainError: epm.pxPerMv / tpm.pxPerMv - 1,
  };
}

export interface BeatScore {
  truth: number;
  detected: number;
  truePositives: number;
  /** True beats within the panel's time whose R the page does not show (drawn off the image). */
  offImage: number;
}

/**
 * Beats of one truth panel against the detected beats of its matched lead, compared on the image
 * (x of the R peak) with a 150 ms tolerance. Scored are the beats whose QRS lies wholly inside the
 * panel: a true R at least `edgeS` from either end (a QRS lasts up to ~0.2 s, so a cut one cannot be
 * told from a partial one). Detections are matched against every true beat first, so a detection of
 * an unscored beat (R just outside the margin) is left out with it rather than counted false, and an
 * unmatched detection within the margin is left out too: the rule is the same on both sides. A beat
 * whose R is drawn off the image (baseline wander out of the page) is not on the page to be found:
 * it is left out the same way, and counted in `offImage`.
 */
export function scoreBeats(
  truth: SynthTruth,
  panelIndex: number,
  leads: Lead[],
  beats: Record<string, Beat[]>,
  edgeS = 0.1,
): BeatScore {
  const panel = truth.panels[panelIndex]!;
  const lead = matchLead(truth, panel, leads);
  const inside = (t: number) => t >= edgeS && t <= panel.duration - edgeS;
  const fs = truth.leads.find((l) => l.channel === panel.channel)?.fs ?? 360;
  const own = truth.beats.filter((b) => b.panel === panelIndex);
  const tx = own.map((b) => b.sample / fs - panel.startTime);
  const onPage = own.map((b) => b.x >= 0 && b.x < truth.width && b.y >= 0 && b.y < truth.height);
  const isScored = (k: number) => inside(tx[k]!) && onPage[k]!;
  const scored = tx.filter((_, k) => isScored(k)).length;
  const offImage = tx.filter((t, k) => inside(t) && !onPage[k]).length;
  if (!lead) return { truth: scored, detected: 0, truePositives: 0, offImage };
  // Detected R → image → truth panel time.
  const dx = (beats[lead.name] ?? []).map((b) =>
    invertTruthTime(truth, panel, mapSampleToSource(lead.pixelMap, b.rSample / b.fs, 0)),
  );
  const pairedWith = new Map<number, number>();
  for (const [k, t] of tx.entries()) {
    let best = -1;
    let bestD = 0.15;
    dx.forEach((d, i) => {
      if (!pairedWith.has(i) && Math.abs(d - t) <= bestD) {
        bestD = Math.abs(d - t);
        best = i;
      }
    });
    if (best >= 0) pairedWith.set(best, k);
  }
  let tp = 0;
  let detected = 0;
  dx.forEach((d, i) => {
    const k = pairedWith.get(i);
    if (k !== undefined) {
      if (isScored(k)) {
        tp++;
        detected++;
      }
    } else if (inside(d)) detected++;
  });
  return { truth: scored, detected, truePositives: tp, offImage };
}

/** Image point → truth panel time, by a short search along the truth panel's time axis. */
function invertTruthTime(truth: SynthTruth, panel: TruthPanel, p: Pt): number {
  // The page transform may hold perspective: solve x(t) = p.x on the truth panel's baseline.
  let lo = -1;
  let hi = panel.duration + 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (mapTruthToImage(truth, panel.pixelMap, mid, 0).x < p.x) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Pearson correlation of a single-beat crop's reconstruction with the drawn truth. */
export function correlateBeatCrop(truth: SynthTruth, lead: Lead): number {
  const panel = truth.panels[0]!;
  const tv = getPanelTruth(truth, panel);
  const a: number[] = [];
  const b: number[] = [];
  for (const { t, mv } of tv) {
    const q = mapImageToLead(lead.pixelMap, mapTruthToImage(truth, panel.pixelMap, t, mv));
    const e = valueAt(lead, q.t);
    if (!Number.isNaN(e)) {
      a.push(mv);
      b.push(e);
    }
  }
  const n = a.length;
  if (n < 10) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
