import type { LabelValue } from '../../../common/ecg/aami';
import { AppError } from '../../../common/schemas/errors';
import type { PixelMap } from '../../../common/schemas/signal';
import type { BeatDetail } from '../../../common/schemas/view';
import { decodeFloat32, toNullableArray } from './blobs';
import { getBeatSummaries } from './beat-queries';
import type { Db } from './open-database';
import { getStatement } from './statements';

/** Seconds of the lead shown on each side of the beat in the detail view. */
export const ECG_DETAIL_CONTEXT_S = 2;

interface DetailRow {
  key: number;
  lead_key: number;
  image_key: number;
  fs: number;
  r_sample: number;
  window_start: number;
  window_end: number;
  n_samples: number;
  pixel_map: string | null;
  width: number;
  height: number;
}

export function getBeatDetail(db: Db, beatId: string, reviewer: string | null): BeatDetail {
  const row = getStatement(
    db,
    `SELECT b.key, b.lead_key, b.image_key, b.fs, b.r_sample, b.window_start, b.window_end, l.n_samples, l.pixel_map, i.width, i.height
     FROM beats b JOIN leads l ON l.key = b.lead_key JOIN images i ON i.key = b.image_key WHERE b.id = ?`,
  ).get(beatId) as DetailRow | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', `beat ${beatId} is not in the review set`);
  const summary = getBeatSummaries(db, [row.key], reviewer)[0]!;
  const ctx = Math.round(ECG_DETAIL_CONTEXT_S * row.fs);
  const start = Math.max(0, Math.min(row.window_start, row.r_sample - ctx));
  const end = Math.min(row.n_samples, Math.max(row.window_end, row.r_sample + ctx));
  // substr on a blob slices bytes: only the shown part of a 30-minute lead leaves SQLite.
  const blob = getStatement(db, `SELECT substr(samples, ?, ?) FROM leads WHERE key = ?`)
    .pluck()
    .get(start * 4 + 1, Math.max(0, end - start) * 4, row.lead_key) as Buffer;
  const pred = getStatement(
    db,
    `SELECT p.fold_probs, p.saliency, p.rhythm_used, m.id AS model_id FROM predictions p JOIN models m ON m.key = p.model_key
     WHERE p.beat_key = ? AND m.active = 1`,
  ).get(row.key) as { fold_probs: string; saliency: Buffer | null; rhythm_used: number; model_id: string } | undefined;
  const neighbours = getStatement(
    db,
    `SELECT r_sample FROM beats WHERE image_key = ? AND lead_key = ? AND r_sample BETWEEN ? AND ? ORDER BY r_sample`,
  )
    .pluck()
    .all(row.image_key, row.lead_key, start - ctx, end) as number[];
  const rr: BeatDetail['rr'] = [];
  for (let i = 1; i < neighbours.length; i++) {
    const r = neighbours[i]!;
    if (r >= start) rr.push({ rSample: r, rrMs: ((r - neighbours[i - 1]!) / row.fs) * 1000 });
  }
  const labels = getStatement(db, `SELECT reviewer, label, at FROM current_labels WHERE beat_key = ? ORDER BY at`).all(
    row.key,
  ) as {
    reviewer: string;
    label: LabelValue;
    at: string;
  }[];
  const comments = getStatement(
    db,
    `SELECT reviewer, at, text FROM label_events WHERE beat_id = ? AND kind = 'comment' ORDER BY id`,
  ).all(beatId) as { reviewer: string; at: string; text: string }[];
  return {
    summary,
    fs: row.fs,
    samples: toNullableArray(decodeFloat32(blob)),
    offset: start,
    window: { start: row.window_start, end: row.window_end },
    saliency: pred?.saliency ? Array.from(decodeFloat32(pred.saliency)) : [],
    foldProbs: pred ? (JSON.parse(pred.fold_probs) as number[][]) : [],
    rhythmUsed: pred?.rhythm_used === 1,
    modelId: pred?.model_id ?? null,
    pixelMap: row.pixel_map ? (JSON.parse(row.pixel_map) as PixelMap) : null,
    imageWidth: row.width > 0 ? row.width : null,
    imageHeight: row.height > 0 ? row.height : null,
    rr,
    labels,
    comments,
  };
}
