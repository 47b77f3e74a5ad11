import { AAMI_CLASSES, type AamiClass, type LabelValue } from '../../../common/ecg/aami';
import { AppError } from '../../../common/schemas/errors';
import type { BeatListQuery } from '../../../common/services/review-store';
import type { BeatPage, BeatSummary } from '../../../common/schemas/view';
import { decodeFloat32 } from './blobs';
import { DISAGREE_REVIEWERS } from './final-label';
import type { Db } from './open-database';
import { getStatement } from './statements';

export const ECG_PAGE_LIMIT_DEFAULT = 200;
export const ECG_PAGE_LIMIT_MAX = 2000;

/** Each sort rides one index of `beats` (see schema.ts); `key` breaks ties so pages never overlap. */
const ORDER_BY = {
  position: 'b.image_key, b.lead_key, b.r_sample, b.key',
  uncertainty: 'b.pred_entropy DESC, b.key',
  class: 'b.pred_class, b.pred_entropy DESC, b.key',
  disagreement: `(b.disagreement & ${DISAGREE_REVIEWERS}) DESC, b.pred_entropy DESC, b.key`,
} as const;

interface WhereClause {
  sql: string;
  params: unknown[];
  joinMine: boolean;
  /** The same filter without the "my label" part (for counting by difference). */
  others: { sql: string; params: unknown[] };
  mine: { values: string[]; none: boolean } | null;
}

function buildWhere(db: Db, q: BeatListQuery & { disagreementOnly?: boolean }): WhereClause {
  const f = q.filter ?? {};
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.predicted?.length) {
    parts.push(`b.pred_class IN (${f.predicted.map(() => '?').join(', ')})`);
    params.push(...f.predicted.map((c) => AAMI_CLASSES.indexOf(c)));
  }
  if (f.minEntropy !== undefined) {
    parts.push('b.pred_entropy >= ?');
    params.push(f.minEntropy);
  }
  if (f.disagreement !== undefined || q.disagreementOnly)
    parts.push(f.disagreement === false ? 'b.disagreement = 0' : 'b.disagreement <> 0');
  if (f.imageSha256) {
    const key = getStatement(db, `SELECT key FROM images WHERE sha256 = ?`).pluck().get(f.imageSha256) as
      number | undefined;
    if (key === undefined) throw new AppError('E_NOT_FOUND', `image ${f.imageSha256} is not in the review set`);
    parts.push('b.image_key = ?');
    params.push(key);
  }
  if (f.flagged !== undefined) parts.push(f.flagged ? 'b.flagged <> 0' : 'b.flagged = 0');
  const others = { sql: parts.join(' AND '), params: [...params] };
  let mine: WhereClause['mine'] = null;
  if (f.label?.length) {
    mine = { values: f.label.filter((l) => l !== 'none'), none: f.label.includes('none') };
    const ors: string[] = [];
    if (mine.values.length) {
      ors.push(`cl.label IN (${mine.values.map(() => '?').join(', ')})`);
      params.push(...mine.values);
    }
    if (mine.none) ors.push('cl.label IS NULL');
    parts.push(`(${ors.join(' OR ')})`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, joinMine: mine !== null, others, mine };
}

/**
 * Count the filter's matches. "My label is none" is counted by difference (all matches minus those I
 * labelled), so it walks my labels through their index instead of probing every beat.
 */
function countBeats(db: Db, where: WhereClause, reviewer: string | null): number {
  const and = (extra: string) => [where.others.sql, extra].filter(Boolean).join(' AND ');
  const count = (sql: string, params: unknown[]) =>
    getStatement(db, sql)
      .pluck()
      .get(...params) as number;
  if (!where.mine) return count(`SELECT count(*) FROM beats b ${where.sql}`, where.params);
  // Without other filters, my labels are counted from their index alone (no visit to the beats).
  const join = where.others.sql ? 'JOIN beats b ON b.key = cl.beat_key' : '';
  const mineSql = (labels: string) =>
    `SELECT count(*) FROM current_labels cl ${join} WHERE ${and(`cl.reviewer = ? ${labels}`)}`;
  let total = 0;
  if (where.mine.values.length) {
    total += count(mineSql(`AND cl.label IN (${where.mine.values.map(() => '?').join(', ')})`), [
      ...where.others.params,
      reviewer,
      ...where.mine.values,
    ]);
  }
  if (where.mine.none) {
    const all = count(
      `SELECT count(*) FROM beats b ${where.others.sql ? `WHERE ${where.others.sql}` : ''}`,
      where.others.params,
    );
    total += all - count(mineSql(''), [...where.others.params, reviewer]);
  }
  return total;
}

interface SummaryRow {
  key: number;
  id: string;
  sha256: string;
  path: string;
  lead: string;
  r_sample: number;
  thumb: Buffer | null;
  pred_class: number | null;
  pred_entropy: number | null;
  pred_abstain: number;
  probs: string | null;
  my_label: LabelValue | null;
  final_label: LabelValue | null;
  disagreement: number;
  flagged: number;
}

const SUMMARY_SQL = `
  SELECT b.key, b.id, i.sha256, i.path, l.name AS lead, b.r_sample, b.thumb, b.pred_class, b.pred_entropy,
         b.pred_abstain, p.probs, cl.label AS my_label, b.final_label, b.disagreement, b.flagged
  FROM beats b
  JOIN images i ON i.key = b.image_key
  JOIN leads l ON l.key = b.lead_key
  LEFT JOIN predictions p ON p.beat_key = b.key AND p.model_key = (SELECT key FROM models WHERE active = 1)
  LEFT JOIN current_labels cl ON cl.beat_key = b.key AND cl.reviewer = ?`;

function toSummary(r: SummaryRow): BeatSummary {
  return {
    id: r.id,
    imageSha256: r.sha256,
    file: r.path,
    lead: r.lead,
    rSample: r.r_sample,
    thumb: r.thumb ? Array.from(decodeFloat32(r.thumb), (v) => (Number.isNaN(v) ? 0 : v)) : [],
    predicted: r.pred_class === null ? null : (AAMI_CLASSES[r.pred_class] as AamiClass),
    probs: r.probs ? (JSON.parse(r.probs) as number[]) : null,
    entropy: r.pred_entropy,
    abstain: r.pred_abstain === 1,
    myLabel: r.my_label,
    finalLabel: r.final_label,
    disagreement: r.disagreement !== 0,
    flagged: r.flagged !== 0,
  };
}

/** Summaries of the given beats, in the order given (one cached statement: the keys go in as JSON). */
export function getBeatSummaries(db: Db, keys: readonly number[], reviewer: string | null): BeatSummary[] {
  const rows = getStatement(db, `${SUMMARY_SQL} WHERE b.key IN (SELECT value FROM json_each(?))`).all(
    reviewer,
    JSON.stringify(keys),
  ) as SummaryRow[];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return keys.flatMap((k) => {
    const r = byKey.get(k);
    return r ? [toSummary(r)] : [];
  });
}

/**
 * One page of the grid. Two steps keep deep pages fast at 100k beats: first the page's keys through
 * the sort index (no joins for skipped rows), then the summaries of just those keys.
 */
export function listBeatPage(
  db: Db,
  q: BeatListQuery & { disagreementOnly?: boolean; sortOverride?: keyof typeof ORDER_BY },
): BeatPage {
  const offset = Math.max(0, Math.floor(q.offset ?? 0));
  const limit = Math.min(ECG_PAGE_LIMIT_MAX, Math.max(1, Math.floor(q.limit ?? ECG_PAGE_LIMIT_DEFAULT)));
  const reviewer = q.reviewer ?? null;
  const where = buildWhere(db, q);
  const from = where.joinMine
    ? `FROM beats b LEFT JOIN current_labels cl ON cl.beat_key = b.key AND cl.reviewer = ?`
    : 'FROM beats b';
  const head = where.joinMine ? [reviewer] : [];
  const total = countBeats(db, where, reviewer);
  const order = ORDER_BY[q.sortOverride ?? q.sort ?? 'position'];
  const keys = getStatement(db, `SELECT b.key ${from} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...head, ...where.params, limit, offset) as number[];
  return { total, offset, items: getBeatSummaries(db, keys, reviewer) };
}
