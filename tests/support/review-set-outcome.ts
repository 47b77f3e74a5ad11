import { expect } from 'vitest';
import type { ReviewStore } from '../../electron/engine/store/review-store';

/** What a finished batch is: every image's status and every beat with its prediction. */
export function readOutcome(store: ReviewStore) {
  const images = store.db.prepare('SELECT sha256, status, kind FROM images ORDER BY sha256').all();
  const beats = store.db
    .prepare(
      `SELECT b.id, p.predicted, p.probs FROM beats b LEFT JOIN predictions p ON p.beat_key = b.key ORDER BY b.id`,
    )
    .all() as { id: string; predicted: string; probs: string }[];
  return { images, beats };
}
export type Outcome = ReturnType<typeof readOutcome>;

/** Same images, same beats, same predicted classes, probabilities within float noise of a batch's grouping. */
export function expectSameOutcome(a: Outcome, b: Outcome) {
  expect(b.images).toEqual(a.images);
  expect(b.beats.map((x) => [x.id, x.predicted])).toEqual(a.beats.map((x) => [x.id, x.predicted]));
  for (let i = 0; i < a.beats.length; i++) {
    const pa = JSON.parse(a.beats[i]!.probs) as number[];
    const pb = JSON.parse(b.beats[i]!.probs) as number[];
    pa.forEach((v, k) => expect(Math.abs(v - pb[k]!)).toBeLessThan(1e-5));
  }
}
