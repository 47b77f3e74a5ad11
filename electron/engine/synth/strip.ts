import type { WfdbRecord } from '../wfdb/record';
import { type PageOptions, resolvePageOptions } from './page-options';
import { renderPage, type RenderResult } from './page-render';
import { createPrng, deriveSeed } from './prng';
import { computeStripLayout } from './strip-layout';

export interface StripOptions extends PageOptions {
  /** Seconds of signal; default 10. */
  durationS?: number;
  /** Channels, one row each; default all. */
  channels?: number[];
}

export const ECG_DEFAULT_STRIP_S = 10;

/** A paper rhythm strip at 25 mm/s and 10 mm/mV, every channel on its own row. */
export async function renderStrip(record: WfdbRecord, opts: StripOptions = {}): Promise<RenderResult> {
  const durationS = opts.durationS ?? ECG_DEFAULT_STRIP_S;
  if (!(durationS > 0 && durationS <= 60)) throw new Error(`strip duration must be within (0, 60] s, got ${durationS}`);
  const o = resolvePageOptions(record, opts, durationS, createPrng(deriveSeed(opts.seed ?? 0, 1)));
  const channels = opts.channels ?? record.signals.map((_, k) => k);
  const layout = computeStripLayout(record, {
    startSample: o.startSample,
    durationS,
    channels,
    labels: o.labels,
    dpi: o.dpi,
  });
  return renderPage(record, layout, {
    kind: 'strip',
    seed: o.seed,
    artifacts: o.artifacts,
    grid: o.grid,
    traceWidthMm: o.traceWidthMm,
    dpi: o.dpi,
    format: o.format,
  });
}
