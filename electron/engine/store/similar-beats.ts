import { AppError } from '../../../common/schemas/errors';
import { decodeFloat32 } from './blobs';
import type { Db } from './open-database';

/** Unit-normalised embeddings of one model, rows in `ids` order: cosine similarity is a dot product. */
interface EmbeddingMatrix {
  modelKey: number;
  dim: number;
  ids: string[];
  rowOf: Map<string, number>;
  data: Float32Array;
}

export function loadEmbeddingMatrix(db: Db, modelKey: number): EmbeddingMatrix {
  const rows = db
    .prepare(
      `SELECT b.id, e.vec FROM embeddings e JOIN beats b ON b.key = e.beat_key WHERE e.model_key = ? ORDER BY e.beat_key`,
    )
    .all(modelKey) as { id: string; vec: Buffer }[];
  const dim = rows.length ? rows[0]!.vec.byteLength >> 2 : 0;
  const data = new Float32Array(rows.length * dim);
  const ids: string[] = [];
  const rowOf = new Map<string, number>();
  rows.forEach((r, i) => {
    const v = decodeFloat32(r.vec);
    if (v.length !== dim)
      throw new AppError('E_CORRUPT_DATABASE', `embedding of ${r.id} has ${v.length} values, expected ${dim}`);
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += v[j]! * v[j]!;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) data[i * dim + j] = v[j]! * inv;
    ids.push(r.id);
    rowOf.set(r.id, i);
  });
  return { modelKey, dim, ids, rowOf, data };
}

/**
 * The k beats nearest to `beatId` by cosine similarity, nearest first, the beat itself excluded.
 * Brute force: 100k × 128 multiply-adds is ~10 ms, simpler and exact compared with an ANN index.
 */
export function findNearestBeats(m: EmbeddingMatrix, beatId: string, k: number): string[] {
  const q = m.rowOf.get(beatId);
  if (q === undefined) throw new AppError('E_NOT_FOUND', `beat ${beatId} has no embedding for the active model`);
  const { dim, data } = m;
  const n = m.ids.length;
  const scores = new Float32Array(n);
  const qo = q * dim;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) s += data[o + j]! * data[qo + j]!;
    scores[i] = s;
  }
  scores[q] = -Infinity;
  const kk = Math.min(k, n - 1);
  // Keep the top k in a small sorted buffer: k ≤ 5000 and n ≤ ~1e5, fine without a heap.
  const top: number[] = [];
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (top.length === kk && s <= floor) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (scores[top[mid]!]! >= s) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, i);
    if (top.length > kk) top.pop();
    if (top.length === kk) floor = scores[top[kk - 1]!]!;
  }
  return top.map((i) => m.ids[i]!);
}
