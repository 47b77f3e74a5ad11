import { ECG_GAIN_MM_PER_MV, ECG_PAPER_SPEED_MM_PER_S } from '../../../common/ecg/paper';
import type { WfdbRecord } from '../wfdb/record';
import type { PanelSpec } from './panel';

/** Everything printed on a strip or sheet, in page pixels (the clean, deskewed frame). */
export interface PageLayout {
  widthPx: number;
  heightPx: number;
  pxPerMm: number;
  /** Where the grid is printed. */
  gridBox: { x: number; y: number; width: number; height: number };
  /** Grid origin: a 5 mm line passes through it in both directions. */
  gridOrigin: { x: number; y: number };
  panels: PanelSpec[];
  /** 1 mV calibration pulses: left end and baseline. */
  pulses: { x: number; y: number }[];
  /** Lead labels and header lines: left end, baseline, cap height (px). */
  texts: { text: string; x: number; y: number; capPx: number }[];
  /** Short vertical bars between panels of a row. */
  separators: { x: number; y0: number; y1: number }[];
}

export type LeadLabelStyle = 'standard' | 'record';

/** Standard name of an MIT-BIH signal description (MLII is a modified lead II). */
export function getStandardLeadName(description: string): string {
  const m = /^ML(I{1,3})$/.exec(description);
  return m ? m[1]! : description;
}

/** The channel to treat as the limb lead: MLII when the record has it (record 114 swaps them). */
export function getLimbChannel(record: WfdbRecord): number {
  const k = record.signals.findIndex((s) => s.name === 'MLII');
  return k >= 0 ? k : 0;
}

export function makePanel(
  record: WfdbRecord,
  o: {
    label: string;
    channel: number;
    startSample: number;
    durationS: number;
    xMm: number;
    baselineMm: number;
    heightMm: number;
  },
  pxPerMm: number,
): PanelSpec {
  const nSamples = Math.round(o.durationS * record.fs);
  const widthMm = (nSamples / record.fs) * ECG_PAPER_SPEED_MM_PER_S;
  return {
    label: o.label,
    channel: o.channel,
    startSample: o.startSample,
    nSamples,
    box: {
      x: o.xMm * pxPerMm,
      y: (o.baselineMm - o.heightMm / 2) * pxPerMm,
      width: widthMm * pxPerMm,
      height: o.heightMm * pxPerMm,
    },
    x0: o.xMm * pxPerMm,
    baselineY: o.baselineMm * pxPerMm,
    pxPerSecond: ECG_PAPER_SPEED_MM_PER_S * pxPerMm,
    pxPerMv: ECG_GAIN_MM_PER_MV * pxPerMm,
  };
}

export function formatClock(seconds: number): string {
  const s = Math.floor(seconds);
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
