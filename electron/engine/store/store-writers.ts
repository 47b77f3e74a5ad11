import { AAMI_CLASSES, type AamiClass } from '../../../common/ecg/aami';
import { type Beat, formatBeatId } from '../../../common/schemas/beat';
import { AppError } from '../../../common/schemas/errors';
import type { FileReason, FileStatus, SourceImage } from '../../../common/schemas/image';
import { formatModelId } from '../../../common/schemas/prediction';
import type { LeadInput, ModelRegistration, PredictionInput } from '../../../common/services/review-store';
import { decodeFloat32, encodeFloat32 } from './blobs';
import { refreshBeatStates } from './label-log';
import type { Db } from './open-database';
import { getStatement } from './statements';
import { computeBeatThumb } from './thumb';

/**
 * Pipeline writes run at synchronous=NORMAL: a crash can lose the last few images, which a resumed
 * batch redoes (hasImage), while a reviewer's label is never lost (those run at FULL).
 */
export function runBulkWrite<T>(db: Db, fn: () => T): T {
  // Nested inside a caller's bulk write (the batch commits a group of images at once): join it.
  if (db.inTransaction) return fn();
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

export function getImageKey(db: Db, sha256: string): number {
  const row = getStatement(db, `SELECT key FROM images WHERE sha256 = ?`).get(sha256) as { key: number } | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', `image ${sha256} is not in the review set`);
  return row.key;
}

export function upsertImage(db: Db, image: SourceImage, now: string): void {
  getStatement(
    db,
    `INSERT INTO images (sha256, path, format, width, height, bytes, dpi, kind, status, reasons, added_at)
     VALUES (@sha256, @path, @format, @width, @height, @bytes, @dpi, @kind, @status, @reasons, @now)
     ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, format = excluded.format, width = excluded.width,
       height = excluded.height, bytes = excluded.bytes, dpi = excluded.dpi, kind = excluded.kind,
       status = excluded.status, reasons = excluded.reasons`,
  ).run({
    sha256: image.sha256,
    path: image.path,
    format: image.format,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    dpi: image.dpi ?? null,
    kind: image.kind ?? null,
    status: image.status,
    reasons: JSON.stringify(image.reasons),
    now,
  });
}

export function markImageStatus(db: Db, sha256: string, status: FileStatus, reasons?: FileReason[]): void {
  const r = getStatement(db, `UPDATE images SET status = ?, reasons = coalesce(?, reasons) WHERE sha256 = ?`).run(
    status,
    reasons ? JSON.stringify(reasons) : null,
    sha256,
  );
  if (!r.changes) throw new AppError('E_NOT_FOUND', `image ${sha256} is not in the review set`);
}

export function hasFinishedImage(db: Db, sha256: string): boolean {
  return Boolean(getStatement(db, `SELECT 1 FROM images WHERE sha256 = ? AND status <> 'pending'`).get(sha256));
}

export function insertLead(db: Db, lead: LeadInput): void {
  const imageKey = getImageKey(db, lead.imageSha256);
  getStatement(
    db,
    `INSERT INTO leads (image_key, name, fs, start_time, n_samples, samples, pixel_map, quality)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_key, name) DO UPDATE SET fs = excluded.fs, start_time = excluded.start_time,
       n_samples = excluded.n_samples, samples = excluded.samples, pixel_map = excluded.pixel_map, quality = excluded.quality`,
  ).run(
    imageKey,
    lead.name,
    lead.fs,
    lead.startTime ?? 0,
    lead.samples.length,
    encodeFloat32(lead.samples),
    lead.pixelMap ? JSON.stringify(lead.pixelMap) : null,
    lead.quality ? JSON.stringify(lead.quality) : null,
  );
}

/** Insert (or refresh) beats; labels survive a re-run because they key on the beat id. */
export function insertBeats(db: Db, beats: readonly Beat[]): void {
  const leadCache = new Map<string, { key: number; samples: Float32Array; fs: number }>();
  const findLead = getStatement(
    db,
    `SELECT l.key, l.samples, l.fs FROM leads l JOIN images i ON i.key = l.image_key WHERE i.sha256 = ? AND l.name = ?`,
  );
  const upsert = getStatement(
    db,
    `INSERT INTO beats (id, image_key, lead_key, r_sample, fs, window_start, window_end, rhythm, reference, thumb)
     VALUES (?, (SELECT image_key FROM leads WHERE key = ?), ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET fs = excluded.fs, window_start = excluded.window_start,
       window_end = excluded.window_end, rhythm = excluded.rhythm, reference = excluded.reference, thumb = excluded.thumb`,
  );
  for (const b of beats) {
    if (b.id !== formatBeatId(b.imageSha256, b.lead, b.rSample)) {
      throw new AppError('E_INVALID_INPUT', `beat id ${b.id} does not match its image, lead and R sample`);
    }
    const cacheKey = `${b.imageSha256}:${b.lead}`;
    let lead = leadCache.get(cacheKey);
    if (!lead) {
      const row = findLead.get(b.imageSha256, b.lead) as { key: number; samples: Buffer; fs: number } | undefined;
      if (!row)
        throw new AppError('E_NOT_FOUND', `lead ${b.lead} of image ${b.imageSha256} is not stored; insert it first`);
      lead = { key: row.key, samples: decodeFloat32(row.samples), fs: row.fs };
      leadCache.set(cacheKey, lead);
    }
    if (Math.abs(lead.fs - b.fs) > 1e-9) {
      throw new AppError('E_INVALID_INPUT', `beat ${b.id} is at ${b.fs} Hz but its lead is at ${lead.fs} Hz`);
    }
    const thumb = computeBeatThumb(lead.samples, b.windowStart, b.windowEnd);
    upsert.run(
      b.id,
      lead.key,
      lead.key,
      b.rSample,
      b.fs,
      b.windowStart,
      b.windowEnd,
      b.rhythm ? JSON.stringify(b.rhythm) : null,
      b.reference ?? null,
      encodeFloat32(thumb),
    );
  }
}

export function registerModel(
  db: Db,
  model: ModelRegistration,
  now: string,
): { key: number; id: string; active: boolean } {
  const id = formatModelId(model.ref);
  const find = getStatement(db, `SELECT key, active FROM models WHERE id = ?`);
  type Row = { key: number; active: number } | undefined;
  let row = find.get(id) as Row;
  // Looked up first: the batch registers once per image, and the manifest is tens of kB of JSON.
  if (!row) {
    getStatement(
      db,
      `INSERT INTO models (id, name, version, sha256, manifest, registered_at, active)
       VALUES (?, ?, ?, ?, ?, ?, NOT EXISTS (SELECT 1 FROM models WHERE active = 1))
       ON CONFLICT (id) DO NOTHING`,
    ).run(id, model.ref.name, model.ref.version, model.ref.sha256, JSON.stringify(model.manifest ?? null), now);
    row = find.get(id) as Row;
  }
  return { key: row!.key, id, active: row!.active === 1 };
}

export function getActiveModelKey(db: Db): number | null {
  const row = getStatement(db, `SELECT key FROM models WHERE active = 1`).get() as { key: number } | undefined;
  return row?.key ?? null;
}

export function insertPredictions(
  db: Db,
  model: ModelRegistration,
  preds: readonly PredictionInput[],
  now: string,
): number {
  const m = registerModel(db, model, now);
  const beatKey = getStatement(db, `SELECT key FROM beats WHERE id = ?`).pluck();
  const putPred = getStatement(
    db,
    `INSERT OR REPLACE INTO predictions (beat_key, model_key, predicted, probs, fold_probs, entropy, mutual_info, abstain, rhythm_used, saliency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const putEmb = getStatement(db, `INSERT OR REPLACE INTO embeddings (model_key, beat_key, vec) VALUES (?, ?, ?)`);
  const keys: number[] = [];
  for (const p of preds) {
    if (p.modelId !== m.id)
      throw new AppError('E_INVALID_INPUT', `prediction for ${p.beatId} names model ${p.modelId}, not ${m.id}`);
    const key = beatKey.get(p.beatId) as number | undefined;
    if (key === undefined)
      throw new AppError('E_NOT_FOUND', `beat ${p.beatId} is not stored; insert beats before predictions`);
    putPred.run(
      key,
      m.key,
      p.predicted,
      JSON.stringify(p.probs),
      JSON.stringify(p.foldProbs),
      p.entropy,
      p.mutualInfo,
      p.abstain ? 1 : 0,
      p.rhythmUsed ? 1 : 0,
      encodeFloat32(p.saliency),
    );
    if (p.embedding) putEmb.run(m.key, key, encodeFloat32(p.embedding));
    keys.push(key);
  }
  if (m.active) applyActivePredictions(db, m.key, keys);
  return m.key;
}

/** Copy the active model's class and uncertainty onto the beats so the grid can index them. */
export function applyActivePredictions(db: Db, modelKey: number, beatKeys: readonly number[] | null): void {
  const read = getStatement(
    db,
    `SELECT predicted, entropy, abstain FROM predictions WHERE beat_key = ? AND model_key = ?`,
  );
  const write = getStatement(db, `UPDATE beats SET pred_class = ?, pred_entropy = ?, pred_abstain = ? WHERE key = ?`);
  const keys = beatKeys ?? (db.prepare(`SELECT key FROM beats`).pluck().all() as number[]);
  for (const key of keys) {
    const p = read.get(key, modelKey) as { predicted: AamiClass; entropy: number; abstain: number } | undefined;
    write.run(p ? AAMI_CLASSES.indexOf(p.predicted) : null, p?.entropy ?? null, p?.abstain ?? 0, key);
  }
  // The model-disagreement bit depends on the prediction.
  refreshBeatStates(db, keys, false);
}
