import { randomUUID } from 'node:crypto';
import type { LabelValue } from '../../../common/ecg/aami';
import type { Beat } from '../../../common/schemas/beat';
import { AppError, parseOrThrow } from '../../../common/schemas/errors';
import type { FileReason, FileStatus, RefusedFile, SourceImage } from '../../../common/schemas/image';
import { LabelValueSchema } from '../../../common/schemas/primitives';
import { RecordClass, type RecordLabelEvent, type RecordPrediction } from '../../../common/schemas/record';
import { type ReviewEvent, Reviewer } from '../../../common/schemas/review';
import type {
  BeatDetail,
  BeatPage,
  ImageSummary,
  ReviewSetSummary,
  SheetView,
  Stats,
} from '../../../common/schemas/view';
import type {
  BeatListQuery,
  LeadInput,
  ModelRegistration,
  ModelSummary,
  PredictionInput,
  ReviewStoreService,
} from '../../../common/services/review-store';
import { getBeatDetail } from './beat-detail';
import * as exportReads from './export-reads';
import { listBeatPage } from './beat-queries';
import {
  appendEvents,
  type EventInput,
  type EventRow,
  getCurrentLabel,
  replayAction,
  startAction,
  toReviewEvent,
  upsertReviewer,
} from './label-log';
import { type Db, isQueryOnly, openReviewDatabase, type OpenDatabaseOptions, optimizeDatabase } from './open-database';
import { appendRecordEvents, getCurrentRecordLabel, type RecordEventRow, toRecordLabelEvent } from './record-label-log';
import * as recordReads from './record-reads';
import { insertRecordPrediction } from './record-writers';
import { findNearestBeats, loadEmbeddingMatrix } from './similar-beats';
import { getStatement } from './statements';
import { computeStoreStats } from './store-stats';
import * as writers from './store-writers';

/** How long the reviewer must pause before the WAL is checkpointed. */
export const ECG_STORE_IDLE_CHECKPOINT_MS = 2000;

export interface ReviewStoreDeps {
  db: Db;
  /** Where the review set lives (reported back to the UI). */
  path: string;
  now?: () => Date;
  newUid?: () => string;
}

/** The review set: one SQLite connection, its pipeline writers, reviewer actions and UI queries. */
export class ReviewStore implements ReviewStoreService {
  readonly path: string;
  readonly db: Db;
  private readonly now: () => Date;
  private readonly newUid: () => string;
  private embeddings: ReturnType<typeof loadEmbeddingMatrix> | null = null;
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: ReviewStoreDeps) {
    this.db = deps.db;
    this.path = deps.path;
    this.now = deps.now ?? (() => new Date());
    this.newUid = deps.newUid ?? randomUUID;
  }

  /**
   * Checkpoint the WAL once the reviewer pauses, so the checkpoint's fsyncs stay out of label writes.
   * The timer is unref'd: it never keeps a process alive.
   */
  private scheduleIdleCheckpoint(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (this.db.open && !isQueryOnly(this.db)) this.db.pragma('wal_checkpoint(PASSIVE)');
    }, ECG_STORE_IDLE_CHECKPOINT_MS);
    this.checkpointTimer.unref?.();
  }

  /** Refresh planner statistics; the batch calls this when it finishes (and close() does too). */
  optimize(): void {
    if (!isQueryOnly(this.db)) optimizeDatabase(this.db);
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  // ---- metadata -------------------------------------------------------------------------------

  getMeta(key: string): string | null {
    return (
      (getStatement(this.db, `SELECT value FROM meta WHERE key = ?`).pluck().get(key) as string | undefined) ?? null
    );
  }

  setMeta(key: string, value: string): void {
    getStatement(this.db, `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`).run(key, value);
  }

  // ---- batch pipeline writers ----------------------------------------------------------------

  upsertImage(image: SourceImage): void {
    writers.runBulkWrite(this.db, () => writers.upsertImage(this.db, image, this.stamp()));
  }

  markImageStatus(sha256: string, status: FileStatus, reasons?: FileReason[]): void {
    writers.runBulkWrite(this.db, () => writers.markImageStatus(this.db, sha256, status, reasons));
  }

  /** A file the batch could not take as an image, with its reason (replacing an earlier outcome). */
  recordRefusedFile(file: RefusedFile): void {
    getStatement(this.db, `INSERT OR REPLACE INTO refused_files (path, code, message, at) VALUES (?, ?, ?, ?)`).run(
      file.path,
      file.code,
      file.message,
      this.stamp(),
    );
  }

  listRefusedFiles(): RefusedFile[] {
    return this.db.prepare(`SELECT path, code, message FROM refused_files ORDER BY path`).all() as RefusedFile[];
  }

  hasImage(sha256: string): boolean {
    return writers.hasFinishedImage(this.db, sha256);
  }

  insertLead(lead: LeadInput): void {
    writers.runBulkWrite(this.db, () => writers.insertLead(this.db, lead));
  }

  insertBeats(beats: readonly Beat[]): void {
    writers.runBulkWrite(this.db, () => writers.insertBeats(this.db, beats));
  }

  insertPredictions(model: ModelRegistration, predictions: readonly PredictionInput[]): void {
    writers.runBulkWrite(this.db, () => writers.insertPredictions(this.db, model, predictions, this.stamp()));
    this.embeddings = null;
  }

  /** A record model's prediction for a sheet (replacing that model's earlier one). */
  insertRecordPrediction(prediction: RecordPrediction): void {
    writers.runBulkWrite(this.db, () => insertRecordPrediction(this.db, prediction, this.stamp()));
  }

  setActiveModel(modelId: string): void {
    this.db.transaction(() => {
      const key = getStatement(this.db, `SELECT key FROM models WHERE id = ?`).pluck().get(modelId) as
        number | undefined;
      if (key === undefined) throw new AppError('E_NOT_FOUND', `model ${modelId} is not in the review set`);
      this.db.prepare(`UPDATE models SET active = (key = ?)`).run(key);
      writers.applyActivePredictions(this.db, key, null);
    })();
    this.embeddings = null;
  }

  listModels(): ModelSummary[] {
    const rows = this.db
      .prepare(`SELECT id, name, version, sha256, active, registered_at FROM models ORDER BY key`)
      .all() as {
      id: string;
      name: string;
      version: string;
      sha256: string;
      active: number;
      registered_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      version: r.version,
      sha256: r.sha256,
      active: r.active === 1,
      registeredAt: r.registered_at,
    }));
  }

  // ---- reviewer actions (synchronous=FULL: each returns once its events are on disk) ----------

  private resolveBeatKeys(beatIds: readonly string[]): number[] {
    const get = getStatement(this.db, `SELECT key FROM beats WHERE id = ?`).pluck();
    const keys: number[] = [];
    const missing: string[] = [];
    for (const id of beatIds) {
      const k = get.get(id) as number | undefined;
      if (k === undefined) missing.push(id);
      else keys.push(k);
    }
    if (missing.length) {
      throw new AppError(
        'E_NOT_FOUND',
        `${missing.length} beat(s) not in the review set, e.g. ${missing[0]}`,
        missing.slice(0, 20),
      );
    }
    return keys;
  }

  /** Label (or accept) beats as one undoable action; beats already carrying that label are skipped. */
  private applyLabels(
    who: Reviewer,
    beatIds: readonly string[],
    pick: (beatKey: number) => LabelValue | null,
    kind: 'label' | 'accept',
  ): ReviewEvent[] {
    const reviewer = parseOrThrow(Reviewer, who, 'reviewer');
    const ids = [...new Set(beatIds)];
    const events = this.db.transaction(() => {
      const keys = this.resolveBeatKeys(ids);
      const at = this.stamp();
      const inputs: EventInput[] = [];
      keys.forEach((beatKey, i) => {
        const to = pick(beatKey);
        if (to === null) return;
        const from = getCurrentLabel(this.db, beatKey, reviewer.name);
        if (from === to) return;
        const eventKind = kind === 'label' && reviewer.role === 'adjudicator' ? 'adjudicate' : kind;
        inputs.push({
          uid: this.newUid(),
          beatId: ids[i]!,
          beatKey,
          reviewer: reviewer.name,
          role: reviewer.role,
          at,
          kind: eventKind,
          from,
          to,
          action: null,
        });
      });
      if (!inputs.length) return [];
      upsertReviewer(this.db, reviewer, at);
      const action = startAction(this.db, reviewer.name);
      for (const e of inputs) e.action = action;
      return appendEvents(this.db, inputs);
    })();
    this.scheduleIdleCheckpoint();
    return events;
  }

  setLabel(reviewer: Reviewer, beatIds: readonly string[], label: LabelValue): ReviewEvent[] {
    const value = parseOrThrow(LabelValueSchema, label, 'label');
    return this.applyLabels(reviewer, beatIds, () => value, 'label');
  }

  /** Take the active model's prediction as the reviewer's label; beats without one are skipped. */
  acceptModel(reviewer: Reviewer, beatIds: readonly string[]): ReviewEvent[] {
    const pred = getStatement(
      this.db,
      `SELECT p.predicted FROM predictions p JOIN models m ON m.key = p.model_key WHERE p.beat_key = ? AND m.active = 1`,
    ).pluck();
    return this.applyLabels(reviewer, beatIds, (k) => (pred.get(k) as LabelValue | undefined) ?? null, 'accept');
  }

  /** Undo or redo the reviewer's latest action, beat labels and record labels alike. */
  replay(who: Reviewer, direction: 'undo' | 'redo'): { events: ReviewEvent[]; recordEvents: RecordLabelEvent[] } {
    const reviewer = parseOrThrow(Reviewer, who, 'reviewer');
    const r = this.db.transaction(() => replayAction(this.db, reviewer, direction, this.stamp(), this.newUid))();
    this.scheduleIdleCheckpoint();
    return r;
  }

  undo(who: Reviewer): ReviewEvent[] {
    return this.replay(who, 'undo').events;
  }

  redo(who: Reviewer): ReviewEvent[] {
    return this.replay(who, 'redo').events;
  }

  /**
   * The reviewer's record-level label of one sheet, as one undoable action (nothing is written when
   * the sheet already carries that label). Durable on return, like a beat label.
   */
  setRecordLabel(who: Reviewer, imageSha256: string, label: RecordClass): RecordLabelEvent[] {
    const reviewer = parseOrThrow(Reviewer, who, 'reviewer');
    const value = parseOrThrow(RecordClass, label, 'record label');
    const events = this.db.transaction(() => {
      const imageKey = writers.getImageKey(this.db, imageSha256);
      const from = getCurrentRecordLabel(this.db, imageKey, reviewer.name);
      if (from === value) return [];
      const at = this.stamp();
      upsertReviewer(this.db, reviewer, at);
      const action = startAction(this.db, reviewer.name);
      return appendRecordEvents(this.db, [
        {
          uid: this.newUid(),
          imageSha256,
          imageKey,
          reviewer: reviewer.name,
          role: reviewer.role,
          at,
          kind: reviewer.role === 'adjudicator' ? 'adjudicate' : 'label',
          from,
          to: value,
          action,
        },
      ]);
    })();
    this.scheduleIdleCheckpoint();
    return events;
  }

  listRecordEvents(query: { imageSha256?: string; reviewer?: string } = {}): RecordLabelEvent[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM record_label_events WHERE (@sha IS NULL OR image_sha256 = @sha) AND (@reviewer IS NULL OR reviewer = @reviewer)
         ORDER BY id`,
      )
      .all({ sha: query.imageSha256 ?? null, reviewer: query.reviewer ?? null }) as RecordEventRow[];
    return rows.map(toRecordLabelEvent);
  }

  private appendNote(
    who: Reviewer,
    beatId: string,
    kind: 'comment' | 'flag' | 'unflag',
    text: string | null,
  ): ReviewEvent {
    const reviewer = parseOrThrow(Reviewer, who, 'reviewer');
    const event = this.db.transaction(() => {
      const [beatKey] = this.resolveBeatKeys([beatId]);
      const at = this.stamp();
      upsertReviewer(this.db, reviewer, at);
      return appendEvents(this.db, [
        {
          uid: this.newUid(),
          beatId,
          beatKey: beatKey!,
          reviewer: reviewer.name,
          role: reviewer.role,
          at,
          kind,
          from: null,
          to: null,
          text,
          action: null,
        },
      ])[0]!;
    })();
    this.scheduleIdleCheckpoint();
    return event;
  }

  comment(reviewer: Reviewer, beatId: string, text: string): ReviewEvent {
    const t = text.trim();
    if (!t || t.length > 2000) throw new AppError('E_INVALID_INPUT', 'a comment needs 1 to 2000 characters');
    return this.appendNote(reviewer, beatId, 'comment', t);
  }

  setFlag(reviewer: Reviewer, beatId: string, flagged: boolean): ReviewEvent {
    return this.appendNote(reviewer, beatId, flagged ? 'flag' : 'unflag', null);
  }

  // ---- queries --------------------------------------------------------------------------------

  getSummary(): ReviewSetSummary {
    const n = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return {
      path: this.path,
      images: n(`SELECT count(*) FROM images`),
      beats: n(`SELECT count(*) FROM beats`),
      labelled: n(`SELECT count(*) FROM beats WHERE final_label IS NOT NULL`),
      reviewers: this.db.prepare(`SELECT name FROM reviewers ORDER BY name`).pluck().all() as string[],
      models: this.db.prepare(`SELECT id FROM models ORDER BY key`).pluck().all() as string[],
    };
  }

  /** Every image with its beat count; sheets (and images with record-level data) carry a record summary. */
  listImages(reviewer: string | null = null): ImageSummary[] {
    const rows = this.db
      .prepare(
        `SELECT i.key, i.sha256, i.path, i.kind, i.status, i.reasons, (SELECT count(*) FROM beats b WHERE b.image_key = i.key) AS beats
         FROM images i ORDER BY i.key`,
      )
      .all() as {
      key: number;
      sha256: string;
      path: string;
      kind: ImageSummary['kind'];
      status: FileStatus;
      reasons: string;
      beats: number;
    }[];
    const records = recordReads.listRecordSummaries(this.db, reviewer);
    return rows.map(({ key, ...r }) => ({
      ...r,
      reasons: JSON.parse(r.reasons) as FileReason[],
      record: records.get(key) ?? null,
    }));
  }

  /** One sheet for the sheet view: scan, stored leads, the latest record prediction, record labels. */
  getSheet(imageSha256: string, reviewer: string | null = null): SheetView {
    return recordReads.getSheetView(this.db, imageSha256, reviewer);
  }

  listBeats(query: BeatListQuery): BeatPage {
    return listBeatPage(this.db, query);
  }

  getBeat(beatId: string, reviewer: string | null = null): BeatDetail {
    return getBeatDetail(this.db, beatId, reviewer);
  }

  findSimilar(beatId: string, k: number): string[] {
    const active = writers.getActiveModelKey(this.db);
    if (active === null) throw new AppError('E_NOT_FOUND', 'the review set has no model predictions yet');
    if (this.embeddings?.modelKey !== active) this.embeddings = loadEmbeddingMatrix(this.db, active);
    return findNearestBeats(this.embeddings, beatId, k);
  }

  /** Unresolved disagreements, reviewer-vs-reviewer first, then the model's most uncertain. */
  listDisagreements(query: { offset?: number; limit?: number; reviewer?: string | null }): BeatPage {
    return listBeatPage(this.db, { ...query, disagreementOnly: true, sortOverride: 'disagreement' });
  }

  getStats(): Stats {
    return computeStoreStats(this.db);
  }

  listEvents(query: { beatId?: string; reviewer?: string; afterId?: number } = {}): ReviewEvent[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM label_events WHERE (@beatId IS NULL OR beat_id = @beatId) AND (@reviewer IS NULL OR reviewer = @reviewer)
         AND id > @afterId ORDER BY id`,
      )
      .all({
        beatId: query.beatId ?? null,
        reviewer: query.reviewer ?? null,
        afterId: query.afterId ?? 0,
      }) as EventRow[];
    return rows.map(toReviewEvent);
  }

  // ---- reads for exporters and merges ----------------------------------------------------------

  listExportBeats(opts: { includeUnlabelled: boolean }): exportReads.ExportBeat[] {
    return exportReads.listExportBeats(this.db, opts);
  }

  getLeadSignal(imageSha256: string, lead: string): exportReads.ExportLead {
    return exportReads.getLeadSignal(this.db, imageSha256, lead);
  }

  listReviewerActivity(): exportReads.ReviewerActivity[] {
    return exportReads.listReviewerActivity(this.db);
  }

  listModelRecords(): exportReads.ModelRecord[] {
    return exportReads.listModelRecords(this.db);
  }

  listExportRecords(opts: { includeUnlabelled: boolean }): recordReads.ExportRecord[] {
    return recordReads.listExportRecords(this.db, opts);
  }

  listImageRecords(): exportReads.ImageRecord[] {
    return exportReads.listImageRecords(this.db);
  }

  getSchemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (!this.db.open) return;
    try {
      this.optimize();
    } finally {
      this.db.close();
    }
  }
}

/** Composition helper: open (or create) a review set file and wrap it. */
export function openReviewStore(file: string, opts: OpenDatabaseOptions = {}): ReviewStore {
  const db = openReviewDatabase(file, opts);
  return new ReviewStore({ db, path: file, ...(opts.now ? { now: opts.now } : {}) });
}
