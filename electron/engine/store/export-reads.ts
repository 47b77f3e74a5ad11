import { AAMI_CLASSES, type AamiClass, type LabelValue } from '../../../common/ecg/aami';
import { AppError } from '../../../common/schemas/errors';
import type { RhythmContext } from '../../../common/schemas/beat';
import { decodeFloat32 } from './blobs';
import type { Db } from './open-database';

/** Everything an exporter needs about one beat, labels and the active model's output included. */
export interface ExportBeat {
  id: string;
  imageSha256: string;
  file: string;
  lead: string;
  rSample: number;
  fs: number;
  windowStart: number;
  windowEnd: number;
  rhythm: RhythmContext | null;
  reference: AamiClass | null;
  labels: Record<string, LabelValue>;
  finalLabel: LabelValue | null;
  modelId: string | null;
  predicted: AamiClass | null;
  probs: number[] | null;
  entropy: number | null;
}

export interface ExportLead {
  imageSha256: string;
  file: string;
  name: string;
  fs: number;
  startTime: number;
  samples: Float32Array;
}

/** Beats in position order (image, lead, R sample); only those whose final label is a class unless asked. */
export function listExportBeats(db: Db, opts: { includeUnlabelled: boolean }): ExportBeat[] {
  const labels = new Map<number, Record<string, LabelValue>>();
  for (const r of db.prepare(`SELECT beat_key AS k, reviewer, label FROM current_labels`).iterate() as Iterable<{
    k: number;
    reviewer: string;
    label: LabelValue;
  }>) {
    let m = labels.get(r.k);
    if (!m) labels.set(r.k, (m = {}));
    m[r.reviewer] = r.label;
  }
  const rows = db
    .prepare(
      `SELECT b.key, b.id, i.sha256, i.path, l.name AS lead, b.r_sample, b.fs, b.window_start, b.window_end, b.rhythm, b.reference,
              b.final_label, b.pred_class, b.pred_entropy, p.probs, m.id AS model_id
       FROM beats b JOIN images i ON i.key = b.image_key JOIN leads l ON l.key = b.lead_key
       LEFT JOIN models m ON m.active = 1
       LEFT JOIN predictions p ON p.beat_key = b.key AND p.model_key = m.key
       ${opts.includeUnlabelled ? '' : `WHERE b.final_label IS NOT NULL AND b.final_label <> 'unsure'`}
       ORDER BY b.image_key, b.lead_key, b.r_sample`,
    )
    .all() as {
    key: number;
    id: string;
    sha256: string;
    path: string;
    lead: string;
    r_sample: number;
    fs: number;
    window_start: number;
    window_end: number;
    rhythm: string | null;
    reference: AamiClass | null;
    final_label: LabelValue | null;
    pred_class: number | null;
    pred_entropy: number | null;
    probs: string | null;
    model_id: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    imageSha256: r.sha256,
    file: r.path,
    lead: r.lead,
    rSample: r.r_sample,
    fs: r.fs,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    rhythm: r.rhythm ? (JSON.parse(r.rhythm) as RhythmContext) : null,
    reference: r.reference,
    labels: labels.get(r.key) ?? {},
    finalLabel: r.final_label,
    modelId: r.probs ? r.model_id : null,
    predicted: r.pred_class === null ? null : AAMI_CLASSES[r.pred_class]!,
    probs: r.probs ? (JSON.parse(r.probs) as number[]) : null,
    entropy: r.probs ? r.pred_entropy : null,
  }));
}

export function getLeadSignal(db: Db, imageSha256: string, lead: string): ExportLead {
  const row = db
    .prepare(
      `SELECT i.path, l.fs, l.start_time, l.samples FROM leads l JOIN images i ON i.key = l.image_key WHERE i.sha256 = ? AND l.name = ?`,
    )
    .get(imageSha256, lead) as { path: string; fs: number; start_time: number; samples: Buffer } | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', `lead ${lead} of image ${imageSha256} is not in the review set`);
  return {
    imageSha256,
    file: row.path,
    name: lead,
    fs: row.fs,
    startTime: row.start_time,
    samples: decodeFloat32(row.samples),
  };
}

export interface ReviewerActivity {
  name: string;
  role: 'reviewer' | 'adjudicator';
  events: number;
  labels: number;
  firstAt: string | null;
  lastAt: string | null;
}

export function listReviewerActivity(db: Db): ReviewerActivity[] {
  return db
    .prepare(
      `SELECT r.name, r.role,
         (SELECT count(*) FROM label_events e WHERE e.reviewer = r.name) AS events,
         (SELECT count(*) FROM current_labels c WHERE c.reviewer = r.name) AS labels,
         (SELECT min(at) FROM label_events e WHERE e.reviewer = r.name) AS firstAt,
         (SELECT max(at) FROM label_events e WHERE e.reviewer = r.name) AS lastAt
       FROM reviewers r ORDER BY r.name`,
    )
    .all() as ReviewerActivity[];
}

export interface ModelRecord {
  id: string;
  name: string;
  version: string;
  sha256: string;
  active: boolean;
  manifest: unknown;
}

export function listModelRecords(db: Db): ModelRecord[] {
  const rows = db.prepare(`SELECT id, name, version, sha256, active, manifest FROM models ORDER BY key`).all() as {
    id: string;
    name: string;
    version: string;
    sha256: string;
    active: number;
    manifest: string;
  }[];
  return rows.map((r) => ({ ...r, active: r.active === 1, manifest: JSON.parse(r.manifest) as unknown }));
}

export interface ImageRecord {
  sha256: string;
  path: string;
  format: string;
  kind: string | null;
  status: string;
}

export function listImageRecords(db: Db): ImageRecord[] {
  return db.prepare(`SELECT sha256, path, format, kind, status FROM images ORDER BY key`).all() as ImageRecord[];
}
