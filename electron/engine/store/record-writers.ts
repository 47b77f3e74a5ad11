import { parseOrThrow } from '../../../common/schemas/errors';
import { RecordPrediction } from '../../../common/schemas/record';
import type { Db } from './open-database';
import { getImageKey } from './store-writers';

/**
 * Store (or replace) one record model's prediction for an image. Checked against the contract here,
 * at the one door into the store, so a malformed classifier output never reaches the UI or an export.
 */
export function insertRecordPrediction(db: Db, input: RecordPrediction, now: string): void {
  const p = parseOrThrow(RecordPrediction, input, 'record prediction');
  const imageKey = getImageKey(db, p.imageSha256);
  db.prepare(
    `INSERT OR REPLACE INTO record_predictions (image_key, model_id, probs, predicted, entropy, abstain, saliency, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    imageKey,
    p.modelId,
    JSON.stringify(p.probs),
    p.predicted,
    p.entropy,
    p.abstain ? 1 : 0,
    JSON.stringify(p.saliency),
    now,
  );
}
