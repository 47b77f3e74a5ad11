import { describe, expect, it } from 'vitest';
import { buildPanelLead, medianLevel, type PanelFrame } from '../build-panel-lead';
import type { TracedRow } from '../detect-panel-layout';

/** A flat trace left tilted by `slope` px per column, its pulse's foot at `foot` on the left. */
function tiltedRow(n: number, foot: number, slope: number): TracedRow {
  const ys = new Float64Array(n).map((_, c) => foot + slope * c);
  const top = new Int32Array(n).map((_, c) => Math.round(ys[c]!));
  return {
    path: { x0: 0, ys, top, bottom: top, thickness: 1, coverage: 1 },
    start: 0,
    end: n,
    pulse: { start: 0, end: 10, baseRow: foot, heightPx: 80, traceStart: 12 },
    baseline: foot,
    y0: foot - 100,
    y1: foot + 100,
  };
}

const FRAME: PanelFrame = { scale: 1, width: 2000, height: 400, skewDeg: 0, pps: 200, ppmv: 80 };

describe('medianLevel', () => {
  it('is the median of the traced rows, gaps left out, else the fallback', () => {
    expect(medianLevel(Float64Array.from([5, NaN, 1, 9, NaN]), 0)).toBe(5);
    expect(medianLevel(Float64Array.from([NaN, NaN]), 42)).toBe(42);
  });
});

describe('buildPanelLead', () => {
  it("reads 0 mV at the panel's own level, not the foot of a pulse left of a tilted row", () => {
    // 0.5° of tilt left over: the panel at columns 1000–1500 sits ~11 px below the pulse's foot.
    const slope = Math.tan((0.5 * Math.PI) / 180);
    const { lead } = buildPanelLead(tiltedRow(2000, 200, slope), 'II', 1000, 1500, FRAME);
    const level = 200 + slope * 1250;
    expect(Math.abs(lead.pixelMap.originY - (level + 0.5))).toBeLessThan(0.5);
    const vals = Array.from(lead.samples).filter((v) => !Number.isNaN(v));
    expect(Math.max(...vals.map(Math.abs))).toBeLessThan(0.06);
    expect(lead.quality.calibrationPulseFound).toBe(true);
  });
});
