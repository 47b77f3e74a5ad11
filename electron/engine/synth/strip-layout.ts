import { ECG_PAPER_SPEED_MM_PER_S } from '../../../common/ecg/paper';
import type { WfdbRecord } from '../wfdb/record';
import { formatClock, getStandardLeadName, type LeadLabelStyle, makePanel, type PageLayout } from './page-layout';

// Strip geometry, mm. Multiples of 5 keep the time start and baselines on 5 mm lines.
const STRIP_TIME_X_MM = 15;
const STRIP_TOP_MM = 10;
const STRIP_ROW_MM = 40;
const STRIP_RIGHT_MM = 5;
const STRIP_BOTTOM_MM = 5;

/** A paper rhythm strip: one row per channel, a 1 mV pulse and the lead name at each row's start. */
export function computeStripLayout(
  record: WfdbRecord,
  o: { startSample: number; durationS: number; channels: number[]; labels: LeadLabelStyle; dpi: number },
): PageLayout {
  const pxPerMm = o.dpi / 25.4;
  const widthMm = STRIP_TIME_X_MM + o.durationS * ECG_PAPER_SPEED_MM_PER_S + STRIP_RIGHT_MM;
  const heightMm = STRIP_TOP_MM + STRIP_ROW_MM * o.channels.length + STRIP_BOTTOM_MM;
  const layout: PageLayout = {
    widthPx: Math.round(widthMm * pxPerMm),
    heightPx: Math.round(heightMm * pxPerMm),
    pxPerMm,
    gridBox: { x: 0, y: 0, width: Math.round(widthMm * pxPerMm), height: Math.round(heightMm * pxPerMm) },
    gridOrigin: { x: STRIP_TIME_X_MM * pxPerMm, y: STRIP_TOP_MM * pxPerMm },
    panels: [],
    pulses: [],
    texts: [
      {
        text: `MIT-BIH ${record.name}   ${formatClock(o.startSample / record.fs)}   25 mm/s   10 mm/mV`,
        x: STRIP_TIME_X_MM * pxPerMm,
        y: (STRIP_TOP_MM - 3.5) * pxPerMm,
        capPx: 2.5 * pxPerMm,
      },
    ],
    separators: [],
  };
  o.channels.forEach((channel, row) => {
    const baselineMm = STRIP_TOP_MM + STRIP_ROW_MM * (row + 0.5);
    const name = record.signals[channel]!.name;
    const label = o.labels === 'standard' ? getStandardLeadName(name) : name;
    layout.panels.push(
      makePanel(
        record,
        {
          label,
          channel,
          startSample: o.startSample,
          durationS: o.durationS,
          xMm: STRIP_TIME_X_MM,
          baselineMm,
          heightMm: STRIP_ROW_MM,
        },
        pxPerMm,
      ),
    );
    layout.pulses.push({ x: 5 * pxPerMm, y: baselineMm * pxPerMm });
    layout.texts.push({ text: label, x: 3 * pxPerMm, y: (baselineMm - 12) * pxPerMm, capPx: 3 * pxPerMm });
  });
  return layout;
}
