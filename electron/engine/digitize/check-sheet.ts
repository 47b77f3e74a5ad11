import type { FileReason } from '../../../common/schemas/image';
import type { SheetPanel } from './digitize-layout';
import { ECG_BEAT_LINK_S, ECG_EDGE_S, type LinkedSheetBeats, mergePanelBeats } from './link-panel-beats';

/** Three rows of four panels and (at least) one rhythm strip. */
export const ECG_SHEET_PANELS = 13;
/** Heart rates from the rhythm strip and from the panels differ by at most this much. */
export const ECG_SHEET_HR_TOLERANCE_BPM = 5;
/** Share of rhythm beats that must show a QRS in the panel of the same time. */
export const ECG_SHEET_MIN_BEAT_AGREEMENT = 0.8;
/** Share of the panels' columns with a trace. */
export const ECG_SHEET_MIN_COVERAGE = 0.95;

/** Self-checks of a 3×4 + rhythm sheet, where no ground truth exists. */
export interface SheetChecks {
  panelsFound: number;
  panelsExpected: number;
  missingPanels: string[];
  heartRate: { rhythmBpm: number | null; panelsBpm: number | null; diffBpm: number | null; ok: boolean };
  /** Share of rhythm-strip beats with a QRS within 100 ms in the panel of the same time. */
  beatAgreement: { share: number | null; compared: number; disagreeingPanels: string[]; ok: boolean };
  /** Share of the panels' columns with a trace found. */
  coverage: { share: number; lowPanels: string[]; ok: boolean };
  ok: boolean;
}

function median(v: number[]): number | null {
  if (!v.length) return null;
  const s = v.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** Run the checks and turn each failure into a reason naming the check and the panel(s). */
export function checkSheet(
  panels: SheetPanel[],
  linked: LinkedSheetBeats,
): { checks: SheetChecks; reasons: FileReason[] } {
  const reasons: FileReason[] = [];
  const missingPanels = panels.filter((p) => !p.found).map((p) => p.lead);
  const panelsFound = panels.length - missingPanels.length;
  // A rhythm strip with no trace at all leaves no row to find: name it by its place.
  const rhythmRows = panels.filter((p) => p.row > 2).length;
  if (!rhythmRows) missingPanels.push('rhythm strip');
  // 12 panels and each rhythm strip printed (some carts print three).
  const expected = 12 + Math.max(1, rhythmRows);
  const unplaced = expected - panels.length - (rhythmRows ? 0 : 1);
  if (unplaced > 0) missingPanels.push(`${unplaced} panel(s) not located`);
  const panelsOk = panelsFound === expected;
  if (!panelsOk)
    reasons.push({
      code: 'check-panels',
      message: `panels: ${panelsFound} of ${expected} found (missing or blank: ${missingPanels.join(', ')})`,
    });

  // Heart rate: rhythm strip against the panels' own beats merged onto the same 10 s axis.
  const rr = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]!);
  const rhythmRR = median(rr(linked.rhythmTimes));
  const merged = mergePanelBeats(panels, linked.panelPeaks);
  const panelRRs = rr(merged);
  const slowOrFast: string[] = [];
  for (const p of panels) {
    if (p.row > 2) continue;
    const m = median(rr(linked.panelPeaks.get(p.lead) ?? []));
    if (m && rhythmRR && Math.abs(60 / m - 60 / rhythmRR) > ECG_SHEET_HR_TOLERANCE_BPM) slowOrFast.push(p.lead);
  }
  const panelsRR = median(panelRRs);
  const rhythmBpm = rhythmRR ? 60 / rhythmRR : null;
  const panelsBpm = panelsRR ? 60 / panelsRR : null;
  const diffBpm = rhythmBpm !== null && panelsBpm !== null ? Math.abs(rhythmBpm - panelsBpm) : null;
  const hrOk = diffBpm !== null && diffBpm <= ECG_SHEET_HR_TOLERANCE_BPM;
  if (!hrOk)
    reasons.push({
      code: 'check-heart-rate',
      message:
        diffBpm === null
          ? `heart rate: cannot compare (rhythm strip ${!rhythmRows ? 'not found' : rhythmBpm === null ? 'has under 2 beats' : `${rhythmBpm.toFixed(0)} bpm`}, panels ${panelsBpm === null ? 'have under 2 beats' : `${panelsBpm.toFixed(0)} bpm`})`
          : `heart rate: rhythm strip ${rhythmBpm!.toFixed(0)} bpm, panels ${panelsBpm!.toFixed(0)} bpm${slowOrFast.length ? ` (off: ${slowOrFast.join(', ')})` : ''}`,
    });

  // Beat agreement: each rhythm beat against the panels recorded at that time.
  let compared = 0;
  let agreed = 0;
  const disagreeingPanels: string[] = [];
  for (const p of panels) {
    if (p.row > 2 || !p.found) continue;
    const own = linked.panelPeaks.get(p.lead) ?? [];
    let n = 0;
    let k = 0;
    for (const t of linked.rhythmTimes) {
      const local = t - p.startTime;
      if (local < ECG_EDGE_S || local > p.duration - ECG_EDGE_S) continue;
      n++;
      if (own.some((r) => Math.abs(r - local) <= ECG_BEAT_LINK_S)) k++;
    }
    compared += n;
    agreed += k;
    if (n && k / n < ECG_SHEET_MIN_BEAT_AGREEMENT) disagreeingPanels.push(p.lead);
  }
  const share = compared ? agreed / compared : null;
  const beatsOk = share !== null && share >= ECG_SHEET_MIN_BEAT_AGREEMENT;
  if (!beatsOk)
    reasons.push({
      code: 'check-beat-agreement',
      message:
        share === null
          ? 'beat agreement: no rhythm-strip beat to compare with the panels'
          : `beat agreement: ${(share * 100).toFixed(0)} % of rhythm-strip beats have a QRS within ${ECG_BEAT_LINK_S * 1000} ms in the panels${disagreeingPanels.length ? ` (disagree: ${disagreeingPanels.join(', ')})` : ''}`,
    });

  // Coverage over all expected panels, a missing one counting as empty.
  const cov = panels.reduce((s, p) => s + (p.found ? p.coverage : 0), 0) / expected;
  const lowPanels = panels.filter((p) => p.found && p.coverage < ECG_SHEET_MIN_COVERAGE).map((p) => p.lead);
  const covOk = cov >= ECG_SHEET_MIN_COVERAGE;
  if (!covOk)
    reasons.push({
      code: 'check-coverage',
      message: `coverage: trace found in ${(cov * 100).toFixed(0)} % of the panels' columns${lowPanels.length ? ` (low: ${lowPanels.join(', ')})` : ''}`,
    });
  const checks: SheetChecks = {
    panelsFound,
    panelsExpected: expected,
    missingPanels,
    heartRate: { rhythmBpm: round1(rhythmBpm), panelsBpm: round1(panelsBpm), diffBpm: round1(diffBpm), ok: hrOk },
    beatAgreement: {
      share: share === null ? null : Math.round(share * 1000) / 1000,
      compared,
      disagreeingPanels,
      ok: beatsOk,
    },
    coverage: { share: Math.round(cov * 1000) / 1000, lowPanels, ok: covOk },
    ok: panelsOk && hrOk && beatsOk && covOk,
  };
  return { checks, reasons };
}
