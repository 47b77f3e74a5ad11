import type { Beat } from '../../../common/schemas/beat';
import type { FileReason, ImageFormat, ImageKind } from '../../../common/schemas/image';
import type { Box } from '../../../common/schemas/primitives';
import type { Lead } from '../../../common/schemas/signal';
import { type BeatInputSpec, ECG_BEAT_INPUT_V1 } from '../beats/model-input';
import { type DecodeOptions, decodeImage } from '../decode/decode-image';
import { isImageDecodeError } from '../decode/decode-error';
import type { Raster } from '../decode/raster';
import { hashBytes } from '../util/hash';
import { readFile } from 'node:fs/promises';
import { ECG_BEAT_CROP_PX_PER_MV, ECG_BEAT_CROP_R_INDEX, ECG_BEAT_CROP_SAMPLES, extractBeatCrop } from './beat-crop';
import { detectBeatCrop, kindFromRows } from './classify-kind';
import { type DigitizedLead, digitizeSheet } from './digitize-sheet';
import { computeInkMaps } from './ink-map';
import { checkSheet, type SheetChecks } from './check-sheet';
import { linkPanelBeats } from './link-panel-beats';
import { linkStripBeats } from './link-strip-beats';

export type DigitizeStatus = 'ok' | 'partial' | 'refused';

export interface DigitizeOptions {
  /** Skip kind detection and read the image as this kind. */
  forceKind?: ImageKind;
  /** Model input contract for beat windows and rhythm (a manifest's `input`); v1 when absent. */
  beatSpec?: BeatInputSpec;
  decode?: DecodeOptions;
}

export interface DigitizeResult {
  sha256: string;
  format: ImageFormat | null;
  width: number;
  height: number;
  kind: ImageKind | null;
  status: DigitizeStatus;
  /** Refusal code, or what is missing for a partial result. */
  reasons: FileReason[];
  leads: Lead[];
  /** Beats per lead name. */
  beats: Record<string, Beat[]>;
  /** How the image was read (scale source, deskew, assumptions). */
  notes: string[];
  /** Calibration the leads were read with (px per mm of the working raster and source). */
  calibration?: { pxPerMmX: number; pxPerMmY: number; gridFound: boolean; skewDeg: number };
  /**
   * 3×4 + rhythm sheets: each panel's lead, place (source px) and time offset on the rhythm
   * strip's time axis (s), so a beat can be found at the same time in every panel.
   */
  panels?: { lead: string; box: Box; startTime: number; duration: number; found: boolean; coverage: number }[];
  /** 3×4 + rhythm sheets: self-checks where no ground truth exists; a failed one makes the result partial. */
  checks?: SheetChecks;
}

/** Below this share of dark pixels a page holds no trace; above it, it is a photo or a dark scan. */
const ECG_MIN_INK_SHARE = 0.0003;
const ECG_MAX_INK_SHARE = 0.3;
/** Printouts are mostly paper: their median brightness is near their brightest. */
const ECG_MIN_PAPER_RATIO = 0.5;
/** Even a dim photo of a printout (the real scans: ≥ 130) is brighter than this in its median. */
const ECG_MIN_PAPER_LUMINANCE = 100;
/** A lead with less of its panel traced than this makes the image partial. */
const ECG_OK_COVERAGE = 0.95;

function toSamples(v: Float64Array): (number | null)[] {
  const out: (number | null)[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number.isNaN(v[i]!) ? null : Math.round(v[i]! * 1e5) / 1e5;
  return out;
}

function refused(
  sha256: string,
  code: string,
  message: string,
  raster?: Raster,
  kind: ImageKind | null = null,
  notes: string[] = [],
): DigitizeResult {
  return {
    sha256,
    format: raster?.format ?? null,
    width: raster?.sourceWidth ?? 0,
    height: raster?.sourceHeight ?? 0,
    kind,
    status: 'refused',
    reasons: [{ code, message }],
    leads: [],
    beats: {},
    notes,
  };
}

function digitizeBeatCrop(raster: Raster, sha256: string, spec: BeatInputSpec): DigitizeResult {
  const trace = extractBeatCrop(raster.gray, raster.width, raster.height);
  if (trace.coverage < 0.3)
    return refused(
      sha256,
      'no-trace',
      `a trace was found in only ${(trace.coverage * 100).toFixed(0)} % of the columns`,
      raster,
      'beat',
    );
  const s = raster.scale;
  // 128 columns span the 144-sample window at the contract rate, R at index 64.
  const fs = spec.fs;
  const pxPerSecond = (raster.width / ECG_BEAT_CROP_SAMPLES) * fs * s;
  const lead: Lead = {
    imageSha256: sha256,
    name: 'beat',
    fs,
    units: 'mV',
    startTime: 0,
    samples: toSamples(trace.samples),
    pixelMap: {
      panel: { x: 0, y: 0, width: raster.sourceWidth, height: raster.sourceHeight },
      originX: ((0.5 * raster.width) / ECG_BEAT_CROP_SAMPLES) * s,
      originY: (trace.baselineRow + 0.5) * s,
      pxPerSecond,
      pxPerMv: ECG_BEAT_CROP_PX_PER_MV * s,
      rotationDeg: 0,
      rotationCenterX: raster.sourceWidth / 2,
      rotationCenterY: raster.sourceHeight / 2,
    },
    quality: {
      coverage: trace.coverage,
      flat: false,
      calibrationPulseFound: false,
      notes: [
        `single-beat crop: amplitude uncalibrated (nominal ${ECG_BEAT_CROP_PX_PER_MV} px/mV), R at sample ${ECG_BEAT_CROP_R_INDEX}`,
      ],
    },
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of trace.samples) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if ((hi - lo) * ECG_BEAT_CROP_PX_PER_MV < 3)
    return refused(sha256, 'no-trace', 'the crop holds a flat line, not a beat', raster, 'beat');
  const rSample = Math.round((ECG_BEAT_CROP_R_INDEX * fs) / spec.fs);
  const beat: Beat = {
    id: `${sha256}:beat:${rSample}`,
    imageSha256: sha256,
    lead: 'beat',
    rSample,
    fs,
    windowStart: rSample - spec.before,
    windowEnd: rSample + spec.after,
    rhythm: null,
  };
  const partial = trace.coverage < ECG_OK_COVERAGE;
  return {
    sha256,
    format: raster.format,
    width: raster.sourceWidth,
    height: raster.sourceHeight,
    kind: 'beat',
    status: partial ? 'partial' : 'ok',
    reasons: partial
      ? [
          {
            code: 'lead-gaps',
            message: `trace missing in ${((1 - trace.coverage) * 100).toFixed(0)} % of the columns (interpolated)`,
          },
        ]
      : [],
    leads: [lead],
    beats: { beat: [beat] },
    notes: [],
  };
}

function toLead(sha256: string, d: DigitizedLead): Lead {
  return {
    imageSha256: sha256,
    name: d.name,
    fs: d.fs,
    units: 'mV',
    startTime: d.startTime,
    samples: toSamples(d.samples),
    pixelMap: d.pixelMap,
    quality: d.quality,
  };
}

/** Digitize a decoded raster (the batch decodes once and calls this). */
export function digitizeRaster(raster: Raster, sha256: string, opts: DigitizeOptions = {}): DigitizeResult {
  const spec = opts.beatSpec ?? ECG_BEAT_INPUT_V1;
  const maps = computeInkMaps(raster);
  if (maps.inkShare < ECG_MIN_INK_SHARE)
    return refused(sha256, 'no-trace', 'the page is blank: no dark trace anywhere', raster);
  if ((maps.paperRatio < ECG_MIN_PAPER_RATIO || maps.medianLuminance < ECG_MIN_PAPER_LUMINANCE) && !opts.forceKind) {
    return refused(
      sha256,
      'not-an-ecg',
      `the image is not mostly paper (median brightness ${maps.medianLuminance}/255, ${(maps.paperRatio * 100).toFixed(0)} % of its brightest): a photo or a drawing, not an ECG printout`,
      raster,
    );
  }
  if (maps.inkShare > ECG_MAX_INK_SHARE && opts.forceKind !== 'beat') {
    return refused(
      sha256,
      'not-an-ecg',
      `${(maps.inkShare * 100).toFixed(0)} % of the image is dark: a photo or a dark scan, not an ECG printout`,
      raster,
    );
  }
  if (opts.forceKind === 'beat' || (!opts.forceKind && detectBeatCrop(maps)))
    return digitizeBeatCrop(raster, sha256, spec);

  const hint =
    opts.forceKind === 'strip' ? 'strip' : raster.width / raster.height > 4 || raster.height < 200 ? 'strip' : 'sheet';
  const sheet = digitizeSheet(raster, maps, hint);
  const calibration = {
    pxPerMmX: sheet.pxPerMmX,
    pxPerMmY: sheet.pxPerMmY,
    gridFound: sheet.grid.found,
    skewDeg: sheet.skewDeg,
  };
  const kind = opts.forceKind ?? kindFromRows(sheet.rowCount, sheet.split);
  if (!sheet.leads.length) {
    const why = sheet.dropped.length
      ? `every lead found is flat or empty (${sheet.dropped.map((d) => `${d.name}: ${d.reason}`).join('; ')})`
      : 'no row of ECG trace found';
    const code = sheet.grid.found || sheet.dropped.length ? 'no-trace' : 'not-an-ecg';
    return {
      ...refused(sha256, code, sheet.grid.found ? `ECG paper, but ${why}` : why, raster, kind, sheet.notes),
      calibration,
    };
  }
  const reasons: FileReason[] = [];
  for (const d of sheet.dropped)
    reasons.push({
      code: d.reason.startsWith('flat') ? 'lead-flat' : 'lead-missing',
      message: `${d.name}: ${d.reason}`,
    });
  if (sheet.leads.some((l) => l.name === 'I') && sheet.leads.length + sheet.dropped.length < 12) {
    reasons.push({
      code: 'lead-missing',
      message: `only ${sheet.leads.length + sheet.dropped.length} of the 12 standard leads found`,
    });
  }
  for (const l of sheet.leads) {
    if (l.quality.coverage < ECG_OK_COVERAGE) {
      const gaps = l.quality.notes.find((n) => n.startsWith('gaps at'));
      reasons.push({
        code: 'lead-gaps',
        message: `${l.name}: trace found in ${(l.quality.coverage * 100).toFixed(0)} % of the panel${gaps ? ` (${gaps})` : ''}`,
      });
    }
  }
  let beats: Record<string, Beat[]> = {};
  let checks: SheetChecks | undefined;
  if (sheet.panels) {
    const linked = linkPanelBeats(sha256, sheet.leads, sheet.panels, spec, sheet.notes);
    beats = linked.beats;
    const checked = checkSheet(sheet.panels, linked);
    checks = checked.checks;
    reasons.push(...checked.reasons);
  } else {
    beats = linkStripBeats(sha256, sheet.leads, spec, sheet.notes);
  }
  const leads = sheet.leads.map((l) => toLead(sha256, l));
  return {
    sha256,
    format: raster.format,
    width: raster.sourceWidth,
    height: raster.sourceHeight,
    kind,
    status: reasons.length ? 'partial' : 'ok',
    reasons,
    leads,
    beats,
    notes: sheet.notes,
    calibration,
    ...(sheet.panels
      ? {
          panels: sheet.panels.map((p) => ({
            lead: p.lead,
            box: p.box,
            startTime: Math.round(p.startTime * 1e4) / 1e4,
            duration: Math.round(p.duration * 1e4) / 1e4,
            found: p.found,
            coverage: Math.round(p.coverage * 1e3) / 1e3,
          })),
        }
      : {}),
    ...(checks ? { checks } : {}),
  };
}

/**
 * The one entry point: image bytes or a path → kind, status (ok / partial / refused with a
 * reason code), calibrated leads with their pixel mapping, and beats per lead. Never throws for
 * a bad image; the reason is data.
 */
export async function digitizeImage(input: Uint8Array | string, opts: DigitizeOptions = {}): Promise<DigitizeResult> {
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    try {
      bytes = await readFile(input);
    } catch (err) {
      return refused(
        '',
        'unreadable',
        `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  } else bytes = input;
  const sha256 = hashBytes(bytes);
  let raster: Raster;
  try {
    raster = await decodeImage(bytes, opts.decode);
  } catch (err) {
    if (isImageDecodeError(err)) return refused(sha256, err.code, err.message);
    return refused(sha256, 'corrupt', `cannot decode: ${(err as Error).message}`);
  }
  try {
    return digitizeRaster(raster, sha256, opts);
  } catch (err) {
    // A bug must not stop a batch: the file is refused with the reason and the batch goes on.
    return refused(sha256, 'unreadable', `digitizer failed: ${(err as Error).message}`, raster);
  }
}
