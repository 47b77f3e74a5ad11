import type { WfdbRecord } from '../wfdb/record';
import { type PageOptions, resolvePageOptions } from './page-options';
import { renderPage, type RenderResult } from './page-render';
import { createPrng, deriveSeed } from './prng';
import { computeSheetLayout, ECG_SHEET_DURATION_S } from './sheet-layout';

/** A printed 12-lead style page: 3 × 4 panels of 2.5 s and a 10 s rhythm strip. */
export async function renderSheet(record: WfdbRecord, opts: PageOptions = {}): Promise<RenderResult> {
  const o = resolvePageOptions(record, opts, ECG_SHEET_DURATION_S, createPrng(deriveSeed(opts.seed ?? 0, 1)));
  const layout = computeSheetLayout(record, { startSample: o.startSample, labels: o.labels, dpi: o.dpi });
  return renderPage(record, layout, {
    kind: 'sheet',
    seed: o.seed,
    artifacts: o.artifacts,
    grid: o.grid,
    traceWidthMm: o.traceWidthMm,
    dpi: o.dpi,
    format: o.format,
  });
}
