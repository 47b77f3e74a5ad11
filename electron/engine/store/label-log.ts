import { AAMI_CLASSES, type LabelValue } from '../../../common/ecg/aami';
import type { RecordLabelEvent } from '../../../common/schemas/record';
import type { ReviewEvent, Reviewer } from '../../../common/schemas/review';
import { computeDisagreement, computeFinalLabel, type CurrentLabel } from './final-label';
import type { Db } from './open-database';
import { replayRecordAction } from './record-label-log';
import { planReplay } from './plan-replay';
import { getStatement } from './statements';

export type EventKind = ReviewEvent['kind'];
type Role = Reviewer['role'];

/** Kinds that change a reviewer's current label (the others annotate: comment, flag, unflag). */
export const LABEL_EVENT_KINDS: ReadonlySet<EventKind> = new Set(['label', 'accept', 'undo', 'redo', 'adjudicate']);
/** Kinds a user performs directly; undo/redo replay these. */
const ORIGINAL_LABEL_KINDS = `('label', 'accept', 'adjudicate')`;

export interface EventInput {
  uid: string;
  beatId: string;
  beatKey: number;
  reviewer: string;
  role: Role;
  at: string;
  kind: EventKind;
  from: LabelValue | null;
  to: LabelValue | null;
  text?: string | null;
  action: number | null;
}

export interface EventRow {
  id: number;
  uid: string;
  beat_id: string;
  reviewer: string;
  role: Role;
  at: string;
  kind: EventKind;
  from_label: LabelValue | null;
  to_label: LabelValue | null;
  text: string | null;
  action: number | null;
}

export function toReviewEvent(r: EventRow): ReviewEvent {
  return {
    id: r.id,
    beatId: r.beat_id,
    reviewer: r.reviewer,
    at: r.at,
    kind: r.kind,
    from: r.from_label,
    to: r.to_label,
    ...(r.text !== null ? { text: r.text } : {}),
  };
}

/** Register the reviewer (or their new role); a read first, so a label write dirties no extra page. */
export function upsertReviewer(db: Db, reviewer: Reviewer, at: string): void {
  const role = getStatement(db, `SELECT role FROM reviewers WHERE name = ?`).pluck().get(reviewer.name) as
    string | undefined;
  if (role === reviewer.role) return;
  getStatement(
    db,
    `INSERT INTO reviewers (name, role, added_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role`,
  ).run(reviewer.name, reviewer.role, at);
}

export function getCurrentLabel(db: Db, beatKey: number, reviewer: string): LabelValue | null {
  const row = getStatement(db, `SELECT label FROM current_labels WHERE beat_key = ? AND reviewer = ?`).get(
    beatKey,
    reviewer,
  ) as { label: LabelValue } | undefined;
  return row?.label ?? null;
}

/**
 * Append events to the log and bring the derived state (current labels, final label, disagreement,
 * flag) up to date, all in the caller's transaction.
 */
export function appendEvents(db: Db, inputs: readonly EventInput[]): ReviewEvent[] {
  const insert = getStatement(
    db,
    `INSERT INTO label_events (uid, beat_id, reviewer, role, at, kind, from_label, to_label, text, action)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setCurrent = getStatement(
    db,
    `INSERT OR REPLACE INTO current_labels (beat_key, reviewer, role, label, at, event_id) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const clearCurrent = getStatement(db, `DELETE FROM current_labels WHERE beat_key = ? AND reviewer = ?`);
  const events: ReviewEvent[] = [];
  const labelled = new Set<number>();
  const flagged = new Set<number>();
  for (const e of inputs) {
    const text = e.text ?? null;
    const { lastInsertRowid } = insert.run(
      e.uid,
      e.beatId,
      e.reviewer,
      e.role,
      e.at,
      e.kind,
      e.from,
      e.to,
      text,
      e.action,
    );
    const id = Number(lastInsertRowid);
    if (LABEL_EVENT_KINDS.has(e.kind)) {
      if (e.to === null) clearCurrent.run(e.beatKey, e.reviewer);
      else setCurrent.run(e.beatKey, e.reviewer, e.role, e.to, e.at, id);
      labelled.add(e.beatKey);
    } else if (e.kind === 'flag' || e.kind === 'unflag') flagged.add(e.beatKey);
    events.push(
      toReviewEvent({
        id,
        uid: e.uid,
        beat_id: e.beatId,
        reviewer: e.reviewer,
        role: e.role,
        at: e.at,
        kind: e.kind,
        from_label: e.from,
        to_label: e.to,
        text,
        action: e.action,
      }),
    );
  }
  refreshBeatStates(db, [...labelled], false);
  refreshBeatStates(db, [...flagged], true);
  return events;
}

/** Recompute a beat's final label and disagreement (and, if asked, its flag) from the current labels. */
export function refreshBeatStates(db: Db, beatKeys: Iterable<number>, withFlags: boolean): void {
  const readLabels = getStatement(
    db,
    `SELECT reviewer, role, label, event_id AS eventId FROM current_labels WHERE beat_key = ?`,
  );
  const readPred = getStatement(db, `SELECT pred_class FROM beats WHERE key = ?`).pluck();
  const write = getStatement(db, `UPDATE beats SET final_label = ?, disagreement = ? WHERE key = ?`);
  const readFlags = getStatement(
    db,
    `SELECT reviewer, kind FROM label_events WHERE beat_id = (SELECT id FROM beats WHERE key = ?) AND kind IN ('flag', 'unflag') ORDER BY id`,
  );
  const writeFlag = getStatement(db, `UPDATE beats SET flagged = ? WHERE key = ?`);
  for (const key of beatKeys) {
    if (withFlags) {
      // Flagged while any reviewer's latest flag event on it is 'flag'.
      const last = new Map<string, string>();
      for (const r of readFlags.all(key) as { reviewer: string; kind: string }[]) last.set(r.reviewer, r.kind);
      writeFlag.run([...last.values()].includes('flag') ? 1 : 0, key);
      continue;
    }
    const labels = readLabels.all(key) as CurrentLabel[];
    const cls = readPred.get(key) as number | null;
    const predicted = cls === null ? null : AAMI_CLASSES[cls]!;
    write.run(computeFinalLabel(labels), computeDisagreement(labels, predicted), key);
  }
}

/** Rebuild current labels and every beat's derived state from the log alone (after a merge). */
export function rebuildDerivedState(db: Db): void {
  db.exec(`DELETE FROM current_labels;
    INSERT INTO current_labels (beat_key, reviewer, role, label, at, event_id)
      SELECT b.key, v.reviewer, v.role, v.label, v.at, v.event_id FROM current_label_view v JOIN beats b ON b.id = v.beat_id;
    UPDATE beats SET final_label = NULL, disagreement = 0, flagged = 0;`);
  const all = db.prepare(`SELECT key FROM beats`).pluck().all() as number[];
  refreshBeatStates(db, all, false);
  const withFlags = db
    .prepare(
      `SELECT DISTINCT b.key FROM label_events e JOIN beats b ON b.id = e.beat_id WHERE e.kind IN ('flag', 'unflag')`,
    )
    .pluck()
    .all() as number[];
  refreshBeatStates(db, withFlags, true);
}

function nextSeq(db: Db): number {
  return (getStatement(db, `SELECT coalesce(max(seq), 0) + 1 FROM reviewer_actions`).pluck().get() as number) ?? 1;
}

/** A new user action: it clears the reviewer's redo stack, as in every editor. */
export function startAction(db: Db, reviewer: string): number {
  getStatement(db, `UPDATE reviewer_actions SET state = 'dropped' WHERE reviewer = ? AND state = 'undone'`).run(
    reviewer,
  );
  const r = getStatement(db, `INSERT INTO reviewer_actions (reviewer, state, seq) VALUES (?, 'done', ?)`).run(
    reviewer,
    nextSeq(db),
  );
  return Number(r.lastInsertRowid);
}

/**
 * Undo (or redo) the reviewer's latest action by appending events that restore each beat's (and
 * sheet's) previous (or re-apply its new) label. The log is never rewritten: the reversal is itself a
 * logged event. Beat and record labels share the stack, so the latest action is undone whichever it was.
 */
export function replayAction(
  db: Db,
  reviewer: Reviewer,
  direction: 'undo' | 'redo',
  at: string,
  newUid: () => string,
): { events: ReviewEvent[]; recordEvents: RecordLabelEvent[] } {
  const action = getStatement(
    db,
    `SELECT id FROM reviewer_actions WHERE reviewer = ? AND state = ? ORDER BY seq DESC LIMIT 1`,
  )
    .pluck()
    .get(reviewer.name, direction === 'undo' ? 'done' : 'undone') as number | undefined;
  if (action === undefined) return { events: [], recordEvents: [] };
  const originals = getStatement(
    db,
    `SELECT e.beat_id AS beatId, b.key AS beatKey, e.from_label AS "from", e.to_label AS "to"
     FROM label_events e JOIN beats b ON b.id = e.beat_id
     WHERE e.action = ? AND e.kind IN ${ORIGINAL_LABEL_KINDS} ORDER BY e.id`,
  ).all(action) as { beatId: string; beatKey: number; from: LabelValue | null; to: LabelValue | null }[];
  const inputs = planReplay(
    originals,
    direction,
    (o) => getCurrentLabel(db, o.beatKey, reviewer.name),
    (o, from, to): EventInput => ({
      uid: newUid(),
      beatId: o.beatId,
      beatKey: o.beatKey,
      reviewer: reviewer.name,
      role: reviewer.role,
      at,
      kind: direction,
      from,
      to,
      action,
    }),
  );
  const events = appendEvents(db, inputs);
  const recordEvents = replayRecordAction(db, reviewer, action, direction, at, newUid);
  getStatement(db, `UPDATE reviewer_actions SET state = ?, seq = ? WHERE id = ?`).run(
    direction === 'undo' ? 'undone' : 'done',
    nextSeq(db),
    action,
  );
  return { events, recordEvents };
}
