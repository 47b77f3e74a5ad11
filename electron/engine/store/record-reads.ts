import type { FileReason, SourceImage } from '../../../common/schemas/image';
import type { LeadSaliency, RecordClass, RecordPrediction, RecordSummary } from '../../../common/schemas/record';
import { AppError } from '../../../common/schemas/errors';
import type { LeadQuality, PixelMap } from '../../../common/schemas/signal';
import type { SheetLead, SheetView } from '../../../common/schemas/view';
import { decodeFloat32 } from './blobs';
import { computeDisagreement, computeFinalLabel, DISAGREE_MODEL, DISAGREE_REVIEWERS } from './final-label';
import type { Db } from './open-database';
import { listCurrentRecordLabels } from './record-label-log';
import { getStatement } from './statements';

/** Samples travel to the sheet view at 0.1 µV: far below the scan's resolution, a third of the JSON. */
const ECG_SHEET_SAMPLE_DECIMALS = 4;

interface RecordPredictionRow {
  image_sha256: string;
  model_id: string;
  probs: string;
  predicted: RecordClass;
  entropy: number;
  abstain: number;
  saliency: string;
}

function toRecordPrediction(r: RecordPredictionRow): RecordPrediction {
  return {
    imageSha256: r.image_sha256,
    modelId: r.model_id,
    probs: JSON.parse(r.probs) as number[],
    predicted: r.predicted,
    entropy: r.entropy,
    abstain: r.abstain === 1,
    saliency: JSON.parse(r.saliency) as LeadSaliency[],
  };
}

const PREDICTION_COLUMNS = `i.sha256 AS image_sha256, p.model_id, p.probs, p.predicted, p.entropy, p.abstain, p.saliency`;

/** The latest record prediction of each image (by time written, then model id), keyed by image key. */
function listLatestPredictions(db: Db): Map<number, RecordPrediction> {
  const rows = db
    .prepare(
      `SELECT p.image_key AS k, ${PREDICTION_COLUMNS} FROM record_predictions p JOIN images i ON i.key = p.image_key
       ORDER BY p.at, p.model_id`,
    )
    .all() as (RecordPredictionRow & { k: number })[];
  const out = new Map<number, RecordPrediction>();
  for (const r of rows) out.set(r.k, toRecordPrediction(r));
  return out;
}

export function getLatestRecordPrediction(db: Db, imageKey: number): RecordPrediction | null {
  const row = getStatement(
    db,
    `SELECT ${PREDICTION_COLUMNS} FROM record_predictions p JOIN images i ON i.key = p.image_key
     WHERE p.image_key = ? ORDER BY p.at DESC, p.model_id DESC LIMIT 1`,
  ).get(imageKey) as RecordPredictionRow | undefined;
  return row ? toRecordPrediction(row) : null;
}

function listAllCurrentRecordLabels(db: Db) {
  const rows = db
    .prepare(
      `SELECT image_key AS k, reviewer, role, label, at, event_id AS eventId FROM current_record_labels ORDER BY event_id`,
    )
    .all() as {
    k: number;
    reviewer: string;
    role: 'reviewer' | 'adjudicator';
    label: RecordClass;
    at: string;
    eventId: number;
  }[];
  const out = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = out.get(r.k);
    if (list) list.push(r);
    else out.set(r.k, [r]);
  }
  return out;
}

/**
 * Record-level summaries keyed by image key: every sheet, and any other image that has a record
 * prediction or a record label.
 */
export function listRecordSummaries(db: Db, reviewer: string | null): Map<number, RecordSummary> {
  const preds = listLatestPredictions(db);
  const labels = listAllCurrentRecordLabels(db);
  const sheets = db.prepare(`SELECT key FROM images WHERE kind = 'sheet'`).pluck().all() as number[];
  const keys = new Set([...sheets, ...preds.keys(), ...labels.keys()]);
  const out = new Map<number, RecordSummary>();
  for (const k of keys) {
    const p = preds.get(k) ?? null;
    const l = labels.get(k) ?? [];
    out.set(k, {
      predicted: p?.predicted ?? null,
      abstain: p?.abstain ?? false,
      entropy: p?.entropy ?? null,
      modelId: p?.modelId ?? null,
      myLabel: (reviewer && l.find((x) => x.reviewer === reviewer)?.label) || null,
      finalLabel: computeFinalLabel(l),
      reviewers: l.length,
    });
  }
  return out;
}

function toSheetLead(r: {
  name: string;
  fs: number;
  start_time: number;
  samples: Buffer;
  pixel_map: string | null;
  quality: string | null;
}): SheetLead {
  const scale = 10 ** ECG_SHEET_SAMPLE_DECIMALS;
  return {
    name: r.name,
    fs: r.fs,
    startTime: r.start_time,
    samples: Array.from(decodeFloat32(r.samples), (v) => (Number.isFinite(v) ? Math.round(v * scale) / scale : null)),
    pixelMap: r.pixel_map ? (JSON.parse(r.pixel_map) as PixelMap) : null,
    quality: r.quality ? (JSON.parse(r.quality) as LeadQuality) : null,
  };
}

/** One sheet as the sheet view shows it: image, leads, the latest record prediction and the record labels. */
export function getSheetView(db: Db, imageSha256: string, reviewer: string | null): SheetView {
  const img = getStatement(db, `SELECT * FROM images WHERE sha256 = ?`).get(imageSha256) as
    | {
        key: number;
        sha256: string;
        path: string;
        format: SourceImage['format'];
        width: number;
        height: number;
        bytes: number;
        dpi: number | null;
        kind: SourceImage['kind'] | null;
        status: SourceImage['status'];
        reasons: string;
      }
    | undefined;
  if (!img) throw new AppError('E_NOT_FOUND', `image ${imageSha256} is not in the review set`);
  const image: SourceImage = {
    sha256: img.sha256,
    path: img.path,
    format: img.format,
    width: img.width,
    height: img.height,
    bytes: img.bytes,
    ...(img.dpi !== null ? { dpi: img.dpi } : {}),
    ...(img.kind ? { kind: img.kind } : {}),
    status: img.status,
    reasons: JSON.parse(img.reasons) as FileReason[],
  };
  const leads = (
    getStatement(
      db,
      `SELECT name, fs, start_time, samples, pixel_map, quality FROM leads WHERE image_key = ? ORDER BY key`,
    ).all(img.key) as Parameters<typeof toSheetLead>[0][]
  ).map(toSheetLead);
  const prediction = getLatestRecordPrediction(db, img.key);
  const current = listCurrentRecordLabels(db, img.key);
  const bits = computeDisagreement(current, prediction?.predicted ?? null);
  return {
    image,
    leads,
    prediction,
    labels: current.map((l) => ({ imageSha256, reviewer: l.reviewer, label: l.label, at: l.at })),
    myLabel: (reviewer && current.find((l) => l.reviewer === reviewer)?.label) || null,
    finalLabel: computeFinalLabel(current),
    disagreement: { reviewers: (bits & DISAGREE_REVIEWERS) !== 0, model: (bits & DISAGREE_MODEL) !== 0 },
  };
}

/** Everything an exporter needs about one record (sheet): labels and the latest record prediction. */
export interface ExportRecord {
  imageSha256: string;
  file: string;
  kind: string | null;
  labels: Record<string, RecordClass>;
  finalLabel: RecordClass | null;
  modelId: string | null;
  predicted: RecordClass | null;
  probs: number[] | null;
  entropy: number | null;
  abstain: boolean | null;
}

/**
 * Records in image order: those with a final record label, or (when asked) every image that has
 * record-level data at all (a sheet, a record prediction or a record label).
 */
export function listExportRecords(db: Db, opts: { includeUnlabelled: boolean }): ExportRecord[] {
  const preds = listLatestPredictions(db);
  const labels = listAllCurrentRecordLabels(db);
  const images = db.prepare(`SELECT key, sha256, path, kind FROM images ORDER BY key`).all() as {
    key: number;
    sha256: string;
    path: string;
    kind: string | null;
  }[];
  const out: ExportRecord[] = [];
  for (const im of images) {
    const p = preds.get(im.key) ?? null;
    const l = labels.get(im.key) ?? [];
    const finalLabel = computeFinalLabel(l);
    if (finalLabel === null && !(opts.includeUnlabelled && (im.kind === 'sheet' || p || l.length))) continue;
    out.push({
      imageSha256: im.sha256,
      file: im.path,
      kind: im.kind,
      labels: Object.fromEntries(l.map((x) => [x.reviewer, x.label])),
      finalLabel,
      modelId: p?.modelId ?? null,
      predicted: p?.predicted ?? null,
      probs: p ? p.probs : null,
      entropy: p?.entropy ?? null,
      abstain: p ? p.abstain : null,
    });
  }
  return out;
}
