import type { SynthTruth } from '../../../common/schemas/truth';
import type { WfdbBeat, WfdbRecord } from '../wfdb/record';
import { type ArtifactLevel, describeArtifacts, planArtifacts } from './artifacts';
import { type BeatWindow, ECG_DEFAULT_BEAT_WINDOW, sampleLinear } from './beat-window';
import { encodeWithArtifacts, type SynthFormat } from './encode';
import { getLimbChannel } from './page-layout';
import type { RenderResult } from './page-render';
import { createPrng, deriveSeed } from './prng';
import { compositeMask, createMask, createRaster, drawPolyline } from './raster';
import { getSortedBeats } from './record-cache';
import { planShift, type ShiftPlan } from './shift';
import { buildTruthLead, getBeatsInRange, makeTruthBeat, roundTo } from './truth';

export const ECG_BEAT_IMAGE_SIZE = 128;
/** Rows left free above and below the trace (seed 000's crops keep the beat off the edges). */
const BEAT_MARGIN_TOP = 9 / 128;
const BEAT_MARGIN_BOTTOM = 8 / 128;
/** Largest time stretch of any shift level, so a beat chosen as renderable stays renderable. */
const BEAT_MAX_SQUEEZE = 1 / (1 - 0.2);

export interface BeatImageOptions {
  seed?: number;
  /** Pixel artefacts and, unless shiftLevel says otherwise, the shift strength. */
  artifacts?: ArtifactLevel;
  shiftLevel?: ArtifactLevel;
  /** Default: the MLII channel (the model's lead). */
  channel?: number;
  size?: number;
  window?: BeatWindow;
  /** Default 1.0–1.8 px. */
  lineWidthPx?: number;
  /** Default png: beat crops stay PNG like seed 000's, a JPEG artefact is a round trip. */
  format?: SynthFormat;
}

/** Whether the window around `sample` fits in the record under any shift level. */
export function isBeatRenderable(
  record: WfdbRecord,
  sample: number,
  window: BeatWindow = ECG_DEFAULT_BEAT_WINDOW,
): boolean {
  const before = (window.before / window.fs) * BEAT_MAX_SQUEEZE * record.fs;
  const after = (window.after / window.fs) * BEAT_MAX_SQUEEZE * record.fs;
  return sample - before >= 0 && sample + after <= record.nSamples - 1;
}

/** The window's values under the shift: stretched about R, scaled about the median, drift, noise. */
function computeShiftedWindow(
  mv: Float64Array,
  rPos: number,
  fsIn: number,
  w: BeatWindow,
  shift: ShiftPlan,
  prng: ReturnType<typeof createPrng>,
): Float64Array {
  const n = w.before + w.after;
  const out = new Float64Array(n);
  const step = fsIn / (w.fs * (1 + shift.timeWarp));
  for (let j = 0; j < n; j++) out[j] = sampleLinear(mv, rPos + (j - w.before) * step);
  if (shift.amplitude !== 1) {
    const med = [...out].sort((a, b) => a - b)[n >> 1]!;
    for (let j = 0; j < n; j++) out[j] = med + (out[j]! - med) * shift.amplitude;
  }
  for (let j = 0; j < n; j++) {
    const tau = (j - w.before) / w.fs;
    out[j] = out[j]! + shift.baselineDrift * Math.sin(2 * Math.PI * shift.driftHz * tau + shift.driftPhase);
    if (shift.noise) out[j] = out[j]! + shift.noise * prng.gaussian();
  }
  return out;
}

/**
 * A seed-000 style single-beat crop: black trace on white, the model's window spanning the width
 * with R at sample `before`, the beat scaled to fill the height, under a graded shift profile.
 */
export async function renderBeatImage(
  record: WfdbRecord,
  beat: WfdbBeat,
  opts: BeatImageOptions = {},
): Promise<RenderResult> {
  const seed = opts.seed ?? 0;
  const level = opts.artifacts ?? 0;
  const w = opts.window ?? ECG_DEFAULT_BEAT_WINDOW;
  const size = opts.size ?? ECG_BEAT_IMAGE_SIZE;
  const channel = opts.channel ?? getLimbChannel(record);
  if (!isBeatRenderable(record, beat.sample, w))
    throw new Error(`beat at sample ${beat.sample} of ${record.name} is too close to the record's ends`);
  const prng = createPrng(deriveSeed(seed, 3));
  const shift = planShift(opts.shiftLevel ?? level, prng);
  const lineWidthPx = opts.lineWidthPx ?? prng.range(1.0, 1.8);
  const mv = record.signals[channel]!.mv;
  const fs = record.fs;
  const drawn = computeShiftedWindow(mv, beat.sample, fs, w, shift, prng);

  // Exact mapping: drawn sample j sits at the centre of the j-th of n equal columns.
  const n = w.before + w.after;
  const drawnFs = w.fs * (1 + shift.timeWarp);
  const startTime = beat.sample / fs - w.before / drawnFs;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of drawn) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const usable = size * (1 - BEAT_MARGIN_TOP - BEAT_MARGIN_BOTTOM);
  const pxPerMv = usable / Math.max(hi - lo, 0.05);
  const originY = size * (1 - BEAT_MARGIN_BOTTOM) + lo * pxPerMv - (usable - (hi - lo) * pxPerMv) / 2;
  const pixelMap = {
    panel: { x: 0, y: 0, width: size, height: size },
    originX: (0.5 * size) / n,
    originY,
    pxPerSecond: (size / n) * drawnFs,
    pxPerMv,
    rotationDeg: 0,
    rotationCenterX: size / 2,
    rotationCenterY: size / 2,
  };
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    xs[j] = pixelMap.originX + (j * size) / n;
    ys[j] = originY - drawn[j]! * pxPerMv;
  }

  const raster = createRaster(size, size, 1, [255, 255, 255]);
  const mask = createMask(size, size);
  drawPolyline(mask, xs, ys, lineWidthPx / 2);
  compositeMask(raster, mask, [0, 0, 0]);
  const plan = planArtifacts('beat', level, prng, 96, size, size);
  const file = await encodeWithArtifacts(raster, plan, prng, null, opts.format ?? 'png');

  const first = Math.floor(startTime * fs);
  const last = Math.ceil((startTime + n / drawnFs) * fs);
  const inWindow = getBeatsInRange(getSortedBeats(record), first, last).filter((b) => b.sample !== beat.sample);
  const beatAt = (b: WfdbBeat) => {
    const j = (b.sample / fs - startTime) * drawnFs;
    return { x: pixelMap.originX + (j * size) / n, y: originY - sampleLinear(drawn, j) * pxPerMv };
  };
  const truth: SynthTruth = {
    version: 1,
    record: record.name,
    kind: 'beat',
    seed,
    artifactLevel: level,
    width: size,
    height: size,
    dpi: 96,
    gridColor: null,
    rotationDeg: 0,
    leads: [buildTruthLead(record, channel, first, last)],
    panels: [
      {
        lead: record.signals[channel]!.name,
        channel,
        box: pixelMap.panel,
        pixelMap,
        startTime,
        duration: n / drawnFs,
        drawn: { fs: drawnFs, samples: Array.from(drawn, (v) => roundTo(v, 6)) },
      },
    ],
    beats: [beat, ...inWindow].map((b) => makeTruthBeat(0, b, beatAt(b))),
    centerBeat: 0,
    shift: {
      amplitude: roundTo(shift.amplitude, 6),
      baselineDrift: roundTo(shift.baselineDrift, 6),
      noise: roundTo(shift.noise, 6),
      timeWarp: roundTo(shift.timeWarp, 6),
      level: shift.level,
    },
    artifacts: describeArtifacts(plan),
    traceWidthPx: roundTo(lineWidthPx, 4),
  };
  return { ...file, truth };
}
