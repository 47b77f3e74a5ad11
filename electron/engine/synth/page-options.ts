import type { WfdbRecord } from '../wfdb/record';
import type { ArtifactLevel } from './artifacts';
import type { SynthFormat } from './encode';
import type { LeadLabelStyle } from './page-layout';
import { ECG_GRID_COLORS, type GridColor } from './paper-style';
import type { Prng } from './prng';

export const ECG_DEFAULT_DPI = 200;
export const ECG_MIN_DPI = 100;
export const ECG_MAX_DPI = 600;

/** Options shared by strips and sheets; what is left out is drawn from the seed. */
export interface PageOptions {
  seed?: number;
  artifacts?: ArtifactLevel;
  dpi?: number;
  grid?: GridColor;
  labels?: LeadLabelStyle;
  /** First sample shown; default: a random place in the record. */
  startSample?: number;
  /** Trace width in mm; default: 0.3–0.6 mm. */
  traceWidthMm?: number;
  /** File format; default png ('auto' = JPEG when the artefact level compresses). */
  format?: SynthFormat;
}

export function resolvePageOptions(record: WfdbRecord, o: PageOptions, durationS: number, prng: Prng) {
  const dpi = o.dpi ?? ECG_DEFAULT_DPI;
  if (!(dpi >= ECG_MIN_DPI && dpi <= ECG_MAX_DPI))
    throw new Error(`dpi must be within ${ECG_MIN_DPI}..${ECG_MAX_DPI}, got ${dpi}`);
  const span = Math.round(durationS * record.fs);
  if (span >= record.nSamples) throw new Error(`record ${record.name} is shorter than ${durationS} s`);
  // Drawn in a fixed order so an explicit option never shifts the other random choices.
  const grid = prng.pick(ECG_GRID_COLORS);
  const traceWidthMm = prng.range(0.3, 0.6);
  const startSample = prng.int(record.nSamples - span);
  const out = {
    seed: o.seed ?? 0,
    artifacts: o.artifacts ?? 0,
    dpi,
    grid: o.grid ?? grid,
    labels: o.labels ?? ('standard' as LeadLabelStyle),
    startSample: o.startSample ?? startSample,
    traceWidthMm: o.traceWidthMm ?? traceWidthMm,
    format: o.format ?? ('png' as SynthFormat),
  };
  if (out.startSample < 0 || out.startSample + span >= record.nSamples) {
    throw new Error(`start sample ${out.startSample} leaves no room for ${durationS} s in record ${record.name}`);
  }
  return out;
}
