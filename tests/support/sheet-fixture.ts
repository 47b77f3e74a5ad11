import { type Beat, formatBeatId } from '../../common/schemas/beat';
import type { SourceImage } from '../../common/schemas/image';
import { RECORD_CLASSES, type RecordClass, type RecordPrediction } from '../../common/schemas/record';
import type { PixelMap } from '../../common/schemas/signal';
import type { ReviewStore } from '../../electron/engine/store/review-store';
import { hashBytes } from '../../electron/engine/util/hash';

/** The standard 3×4 layout plus the lead II rhythm strip, as the sheet digitizer names them. */
export const ECG_SHEET_LEADS = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
] as const;
export const ECG_SHEET_RHYTHM = 'II rhythm';

const FS = 500;
const PX_PER_S = 100;
const PX_PER_MV = 40;

export interface SyntheticSheet {
  sha256: string;
  leads: string[];
  beatIds: string[];
}

/**
 * A 12-lead sheet as the batch would store it: 12 panels of 2.5 s and a 10 s rhythm strip, each with
 * its pixel map on a 1100×800 page, a QRS-like spike per second, and one beat per spike on the rhythm
 * strip. The samples are made up; the layout and names are those of a real 3×4+1 report.
 */
export function addSyntheticSheet(
  store: ReviewStore,
  opts: { seed: number; folder: string; rotationDeg?: number },
): SyntheticSheet {
  const sha256 = hashBytes(Buffer.from(`synthetic sheet ${opts.seed}`));
  const image: SourceImage = {
    sha256,
    path: `${opts.folder}/sheet-${opts.seed}.png`,
    format: 'png',
    width: 1100,
    height: 800,
    bytes: 300_000 + opts.seed,
    kind: 'sheet',
    status: 'pending',
    reasons: [],
  };
  store.upsertImage(image);
  const rot = opts.rotationDeg ?? 0;
  const mapAt = (x: number, y: number, seconds: number): PixelMap => ({
    panel: { x, y, width: seconds * PX_PER_S, height: 150 },
    originX: x,
    originY: y + 75,
    pxPerSecond: PX_PER_S,
    pxPerMv: PX_PER_MV,
    rotationDeg: rot,
    rotationCenterX: 550,
    rotationCenterY: 400,
  });
  const makeSamples = (seconds: number) => {
    const n = Math.round(seconds * FS);
    const s = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = i / FS;
      const d = ((t + 0.5) % 1) - 0.5;
      s[i] = 1.1 * Math.exp(-((d / 0.012) ** 2)) + 0.1 * Math.sin(2 * Math.PI * t * 0.3 + opts.seed);
    }
    return s;
  };
  const leads: string[] = [];
  ECG_SHEET_LEADS.forEach((row, r) =>
    row.forEach((name, c) => {
      store.insertLead({
        imageSha256: sha256,
        name,
        fs: FS,
        samples: makeSamples(2.5),
        pixelMap: mapAt(50 + c * 250, 50 + r * 170, 2.5),
        quality: { coverage: 0.98, flat: false, calibrationPulseFound: c === 0, notes: [] },
      });
      leads.push(name);
    }),
  );
  store.insertLead({
    imageSha256: sha256,
    name: ECG_SHEET_RHYTHM,
    fs: FS,
    samples: makeSamples(10),
    pixelMap: mapAt(50, 560, 10),
    quality: { coverage: 0.97, flat: false, calibrationPulseFound: true, notes: [] },
  });
  leads.push(ECG_SHEET_RHYTHM);
  const beats: Beat[] = [];
  for (let k = 0; k < 9; k++) {
    const r = Math.round((k + 0.5) * FS);
    beats.push({
      id: formatBeatId(sha256, ECG_SHEET_RHYTHM, r),
      imageSha256: sha256,
      lead: ECG_SHEET_RHYTHM,
      rSample: r,
      fs: FS,
      windowStart: r - 178,
      windowEnd: r + 222,
      rhythm: { preRR: 1, postRR: 1, localRR: 1, recordRR: 1 },
    });
  }
  store.insertBeats(beats);
  store.markImageStatus(sha256, 'ok');
  return { sha256, leads, beatIds: beats.map((b) => b.id) };
}

/** A record prediction for a sheet whose most probable class is `predicted`, with saliency on every lead. */
export function makeRecordPrediction(
  sheet: SyntheticSheet,
  predicted: RecordClass,
  opts: { modelId?: string; confidence?: number; abstain?: boolean } = {},
): RecordPrediction {
  const top = opts.confidence ?? 0.7;
  const probs = RECORD_CLASSES.map((c) => (c === predicted ? top : (1 - top) / (RECORD_CLASSES.length - 1)));
  const entropy = -probs.reduce((a, p) => a + (p > 0 ? p * Math.log(p) : 0), 0);
  const weights = sheet.leads.map((_, i) => i + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    imageSha256: sheet.sha256,
    modelId: opts.modelId ?? 'sheet-test@1.0.0',
    probs,
    predicted,
    entropy,
    abstain: opts.abstain ?? false,
    saliency: sheet.leads.map((lead, i) => ({
      lead,
      share: weights[i]! / total,
      profile: Array.from({ length: 20 }, (_, k) => Math.abs(Math.sin((k + i) / 3))),
    })),
  };
}
