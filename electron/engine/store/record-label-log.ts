import type { RecordClass, RecordLabelEvent } from '../../../common/schemas/record';
import type { Reviewer } from '../../../common/schemas/review';
import type { CurrentLabel } from './final-label';
import type { Db } from './open-database';
import { planReplay } from './plan-replay';
import { getStatement } from './statements';

/**
 * The record-level label log: the twin of label-log.ts for whole sheets. Events are appended, never
 * rewritten; `current_record_labels` is kept equal to `current_record_label_view` in the same
 * transaction, and undo groups share `reviewer_actions` with beat labels (one undo stack per reviewer).
 */
export interface RecordEventInput {
  uid: string;
  imageSha256: string;
  imageKey: number;
  reviewer: string;
  role: Reviewer['role'];
  at: string;
  kind: RecordLabelEvent['kind'];
  from: RecordClass | null;
  to: RecordClass | null;
  action: number | null;
}

export interface RecordEventRow {
  id: number;
  uid: string;
  image_sha256: string;
  reviewer: string;
  role: Reviewer['role'];
  at: string;
  kind: RecordLabelEvent['kind'];
  from_label: RecordClass | null;
  to_label: RecordClass | null;
  action: number | null;
}

export function toRecordLabelEvent(r: RecordEventRow): RecordLabelEvent {
  return {
    id: r.id,
    imageSha256: r.image_sha256,
    reviewer: r.reviewer,
    at: r.at,
    kind: r.kind,
    from: r.from_label,
    to: r.to_label,
  };
}

export function getCurrentRecordLabel(db: Db, imageKey: number, reviewer: string): RecordClass | null {
  const row = getStatement(db, `SELECT label FROM current_record_labels WHERE image_key = ? AND reviewer = ?`).get(
    imageKey,
    reviewer,
  ) as { label: RecordClass } | undefined;
  return row?.label ?? null;
}

/** Every reviewer's current record label of one image, oldest event first. */
export function listCurrentRecordLabels(db: Db, imageKey: number): (CurrentLabel<RecordClass> & { at: string })[] {
  return getStatement(
    db,
    `SELECT reviewer, role, label, at, event_id AS eventId FROM current_record_labels WHERE image_key = ? ORDER BY event_id`,
  ).all(imageKey) as (CurrentLabel<RecordClass> & { at: string })[];
}

/** Append record-label events and bring `current_record_labels` up to date, in the caller's transaction. */
export function appendRecordEvents(db: Db, inputs: readonly RecordEventInput[]): RecordLabelEvent[] {
  const insert = getStatement(
    db,
    `INSERT INTO record_label_events (uid, image_sha256, reviewer, role, at, kind, from_label, to_label, action)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setCurrent = getStatement(
    db,
    `INSERT OR REPLACE INTO current_record_labels (image_key, reviewer, role, label, at, event_id) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const clearCurrent = getStatement(db, `DELETE FROM current_record_labels WHERE image_key = ? AND reviewer = ?`);
  return inputs.map((e) => {
    const id = Number(
      insert.run(e.uid, e.imageSha256, e.reviewer, e.role, e.at, e.kind, e.from, e.to, e.action).lastInsertRowid,
    );
    if (e.to === null) clearCurrent.run(e.imageKey, e.reviewer);
    else setCurrent.run(e.imageKey, e.reviewer, e.role, e.to, e.at, id);
    return toRecordLabelEvent({
      id,
      uid: e.uid,
      image_sha256: e.imageSha256,
      reviewer: e.reviewer,
      role: e.role,
      at: e.at,
      kind: e.kind,
      from_label: e.from,
      to_label: e.to,
      action: e.action,
    });
  });
}

/**
 * Undo (or redo) the record-label part of a reviewer action by appending events that restore each
 * sheet's previous (or re-apply its new) label; the caller flips the action's state.
 */
export function replayRecordAction(
  db: Db,
  reviewer: Reviewer,
  action: number,
  direction: 'undo' | 'redo',
  at: string,
  newUid: () => string,
): RecordLabelEvent[] {
  const originals = getStatement(
    db,
    `SELECT e.image_sha256 AS imageSha256, i.key AS imageKey, e.from_label AS "from", e.to_label AS "to"
     FROM record_label_events e JOIN images i ON i.sha256 = e.image_sha256
     WHERE e.action = ? AND e.kind IN ('label', 'accept', 'adjudicate') ORDER BY e.id`,
  ).all(action) as { imageSha256: string; imageKey: number; from: RecordClass | null; to: RecordClass | null }[];
  const inputs = planReplay(
    originals,
    direction,
    (o) => getCurrentRecordLabel(db, o.imageKey, reviewer.name),
    (o, from, to): RecordEventInput => ({
      uid: newUid(),
      imageSha256: o.imageSha256,
      imageKey: o.imageKey,
      reviewer: reviewer.name,
      role: reviewer.role,
      at,
      kind: direction,
      from,
      to,
      action,
    }),
  );
  return appendRecordEvents(db, inputs);
}

/** Rebuild `current_record_labels` from the log alone (after a merge). */
export function rebuildRecordLabels(db: Db): void {
  db.exec(`DELETE FROM current_record_labels;
    INSERT INTO current_record_labels (image_key, reviewer, role, label, at, event_id)
      SELECT i.key, v.reviewer, v.role, v.label, v.at, v.event_id
      FROM current_record_label_view v JOIN images i ON i.sha256 = v.image_sha256;`);
}
