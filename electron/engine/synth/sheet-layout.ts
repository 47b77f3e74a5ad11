import { ECG_STANDARD_LEADS } from '../../../common/ecg/paper';
import type { WfdbRecord } from '../wfdb/record';
import {
  formatClock,
  getLimbChannel,
  getStandardLeadName,
  type LeadLabelStyle,
  makePanel,
  type PageLayout,
} from './page-layout';

// A4 landscape report, mm: header band, then 3 rows × 4 columns of 2.5 s and a 10 s rhythm strip.
const SHEET_W_MM = 297;
const SHEET_H_MM = 210;
const SHEET_GRID = { x: 10, y: 35, width: 277, height: 170 };
const SHEET_TIME_X_MM = 25;
const SHEET_BASELINES_MM = [60, 100, 140, 180];
const SHEET_ROW_MM = 40;
const SHEET_PANEL_S = 2.5;
const SHEET_COLUMNS = 4;

/**
 * MIT-BIH has two channels, so the twelve panels show them twice over: the limb-lead columns
 * (I–aVF) show the MLII channel, the chest columns (V1–V6) the other one. The truth names the
 * channel and time of every panel; `labels: 'record'` prints the record's own names instead.
 */
export function computeSheetLayout(
  record: WfdbRecord,
  o: { startSample: number; labels: LeadLabelStyle; dpi: number },
): PageLayout {
  const pxPerMm = o.dpi / 25.4;
  const limb = getLimbChannel(record);
  const chest = record.signals.length > 1 ? (limb === 0 ? 1 : 0) : limb;
  const fs = record.fs;
  const layout: PageLayout = {
    widthPx: Math.round(SHEET_W_MM * pxPerMm),
    heightPx: Math.round(SHEET_H_MM * pxPerMm),
    pxPerMm,
    gridBox: {
      x: SHEET_GRID.x * pxPerMm,
      y: SHEET_GRID.y * pxPerMm,
      width: SHEET_GRID.width * pxPerMm,
      height: SHEET_GRID.height * pxPerMm,
    },
    gridOrigin: { x: SHEET_TIME_X_MM * pxPerMm, y: SHEET_GRID.y * pxPerMm },
    panels: [],
    pulses: [],
    texts: [],
    separators: [],
  };
  const limbName = record.signals[limb]!.name;
  const chestName = record.signals[chest]!.name;
  layout.texts.push(
    {
      text: `MIT-BIH record ${record.name}   ${formatClock(o.startSample / fs)}   synthetic 12-lead layout`,
      x: 12 * pxPerMm,
      y: 14 * pxPerMm,
      capPx: 4 * pxPerMm,
    },
    {
      text: `25 mm/s   10 mm/mV   I-aVF: ${limbName}   V1-V6: ${chestName}`,
      x: 12 * pxPerMm,
      y: 22 * pxPerMm,
      capPx: 3 * pxPerMm,
    },
  );
  const stdLabel = (channel: number, standard: string) =>
    o.labels === 'standard' ? standard : record.signals[channel]!.name;
  for (let row = 0; row < 3; row++) {
    const baselineMm = SHEET_BASELINES_MM[row]!;
    for (let col = 0; col < SHEET_COLUMNS; col++) {
      const channel = col < 2 ? limb : chest;
      const label = stdLabel(channel, ECG_STANDARD_LEADS[col * 3 + row]!);
      const xMm = SHEET_TIME_X_MM + col * SHEET_PANEL_S * 25;
      const startSample = o.startSample + Math.round(col * SHEET_PANEL_S * fs);
      layout.panels.push(
        makePanel(
          record,
          { label, channel, startSample, durationS: SHEET_PANEL_S, xMm, baselineMm, heightMm: SHEET_ROW_MM },
          pxPerMm,
        ),
      );
      layout.texts.push({ text: label, x: (xMm + 1.5) * pxPerMm, y: (baselineMm - 11) * pxPerMm, capPx: 3 * pxPerMm });
      if (col > 0)
        layout.separators.push({ x: xMm * pxPerMm, y0: (baselineMm - 3) * pxPerMm, y1: (baselineMm + 3) * pxPerMm });
    }
  }
  const rhythmBaseline = SHEET_BASELINES_MM[3]!;
  const rhythmLabel = o.labels === 'standard' ? getStandardLeadName(limbName) : limbName;
  layout.panels.push(
    makePanel(
      record,
      {
        label: rhythmLabel,
        channel: limb,
        startSample: o.startSample,
        durationS: SHEET_PANEL_S * SHEET_COLUMNS,
        xMm: SHEET_TIME_X_MM,
        baselineMm: rhythmBaseline,
        heightMm: SHEET_ROW_MM,
      },
      pxPerMm,
    ),
  );
  layout.texts.push({
    text: rhythmLabel,
    x: (SHEET_TIME_X_MM + 1.5) * pxPerMm,
    y: (rhythmBaseline - 11) * pxPerMm,
    capPx: 3 * pxPerMm,
  });
  for (const b of SHEET_BASELINES_MM) layout.pulses.push({ x: 13 * pxPerMm, y: b * pxPerMm });
  return layout;
}

export const ECG_SHEET_DURATION_S = SHEET_PANEL_S * SHEET_COLUMNS;
