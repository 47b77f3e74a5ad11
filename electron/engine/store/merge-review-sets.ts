import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/schemas/errors';
import { getLogger } from '../util/log';
import { type EventRow, rebuildDerivedState } from './label-log';
import { type Db, openReviewDatabase } from './open-database';
import { rebuildRecordLabels, type RecordEventRow } from './record-label-log';
import { applyActivePredictions } from './store-writers';

const log = getLogger('merge');

/** A beat found again within this many seconds (same image and lead) is the same beat. */
export const ECG_MERGE_TOLERANCE_S = 0.05;

export interface MergeOptions {
  /** Shards of one folder: the sets may hold different images. */
  union?: boolean;
  force?: boolean;
  now?: () => Date;
}

export interface MergeReport {
  out: string;
  inputs: string[];
  images: number;
  beats: number;
  events: number;
  /** Record-level label events in the merged log. */
  recordEvents: number;
  /** Beats of a later set matched to an earlier set's beat within the tolerance, not exactly. */
  reattached: number;
  /** Beats only some sets had, added as they were. */
  added: number;
  notes: string[];
}

interface Input {
  file: string;
  db: Db;
  images: Set<string>;
}

function describeImageDifference(inputs: Input[]): string[] {
  const all = new Set(inputs.flatMap((i) => [...i.images]));
  const details: string[] = [];
  for (const inp of inputs) {
    const missing = [...all].filter((s) => !inp.images.has(s));
    if (missing.length) {
      details.push(
        `${inp.file} lacks ${missing.length} image(s) the others have, e.g. ${missing.slice(0, 3).join(', ')}`,
      );
    }
  }
  return details;
}

function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/**
 * Join reviewers' copies of one review set into a new file: every image, beat, prediction and label
 * event of every input, events deduplicated by their uid, then current labels and final labels
 * recomputed from the merged log. Without `union`, all inputs must hold the same images
 * (E_MISMATCHED_SETS otherwise). Written to a temporary file beside `out` and renamed into place,
 * so a failure leaves nothing behind.
 */
export function mergeReviewSets(out: string, inputFiles: readonly string[], opts: MergeOptions = {}): MergeReport {
  const outAbs = path.resolve(out);
  if (inputFiles.length < 2) throw new AppError('E_INVALID_INPUT', 'merge needs at least two review sets');
  const absInputs = inputFiles.map((f) => path.resolve(f));
  if (absInputs.includes(outAbs)) throw new AppError('E_INVALID_INPUT', `the merge output ${out} is also an input`);
  if (new Set(absInputs).size !== absInputs.length)
    throw new AppError('E_INVALID_INPUT', 'the same review set is given twice');
  if (existsSync(outAbs) && !opts.force) {
    throw new AppError('E_EXPORT_EXISTS', `${out} exists; pass --force to replace it`);
  }
  const inputs: Input[] = [];
  const tmp = path.join(path.dirname(outAbs), `.${path.basename(outAbs)}.merge-${randomBytes(6).toString('hex')}.tmp`);
  let target: Db | undefined;
  try {
    for (const file of absInputs) {
      const db = openReviewDatabase(file, { readonly: true });
      const images = new Set(db.prepare(`SELECT sha256 FROM images`).pluck().all() as string[]);
      inputs.push({ file, db, images });
    }
    const differences = describeImageDifference(inputs);
    if (differences.length && !opts.union) {
      throw new AppError(
        'E_MISMATCHED_SETS',
        'the review sets do not hold the same images; merge copies of one review set, or pass --union to join shards of a folder',
        differences,
      );
    }
    target = openReviewDatabase(tmp, { create: true, ...(opts.now ? { now: opts.now } : {}) });
    const report = copyInputs(target, inputs, opts);
    target.pragma('wal_checkpoint(TRUNCATE)');
    target.pragma('journal_mode = DELETE');
    target.close();
    target = undefined;
    for (const i of inputs) i.db.close();
    // A stale -wal beside the new file would be replayed into it; the file itself is replaced atomically.
    if (opts.force) for (const f of [`${outAbs}-wal`, `${outAbs}-shm`, `${outAbs}-journal`]) rmSync(f, { force: true });
    renameSync(tmp, outAbs);
    return { ...report, out: outAbs, inputs: absInputs };
  } catch (err) {
    target?.close();
    removeDatabaseFiles(tmp);
    throw err;
  } finally {
    for (const i of inputs) if (i.db.open) i.db.close();
  }
}

type Row = Record<string, unknown>;

function copyInputs(t: Db, inputs: Input[], opts: MergeOptions): Omit<MergeReport, 'out' | 'inputs'> {
  const notes: string[] = [];
  let reattached = 0;
  let added = 0;
  const now = (opts.now ?? (() => new Date()))().toISOString();
  t.transaction(() => {
    const imageKey = new Map<string, number>();
    const leadKey = new Map<string, number>(); // `${sha}\n${lead}`
    const modelKey = new Map<string, number>();
    /** Per image+lead, the R samples already in the output (sorted), to re-attach shifted beats. */
    const rIndex = new Map<string, number[]>();
    const beatKey = new Map<string, number>();
    const roles = new Map<string, string>();
    const remaps: Map<string, string>[] = [];

    const insImage = t.prepare(
      `INSERT INTO images (sha256, path, format, width, height, bytes, dpi, kind, status, reasons, added_at)
       VALUES (@sha256, @path, @format, @width, @height, @bytes, @dpi, @kind, @status, @reasons, @added_at)`,
    );
    const insLead = t.prepare(
      `INSERT INTO leads (image_key, name, fs, start_time, n_samples, samples, pixel_map, quality)
       VALUES (@image_key, @name, @fs, @start_time, @n_samples, @samples, @pixel_map, @quality)`,
    );
    const insBeat = t.prepare(
      `INSERT INTO beats (id, image_key, lead_key, r_sample, fs, window_start, window_end, rhythm, reference, thumb)
       VALUES (@id, @image_key, @lead_key, @r_sample, @fs, @window_start, @window_end, @rhythm, @reference, @thumb)`,
    );
    const insModel = t.prepare(
      `INSERT INTO models (id, name, version, sha256, manifest, registered_at, active) VALUES (@id, @name, @version, @sha256, @manifest, @registered_at, 0)`,
    );
    const insPred = t.prepare(
      `INSERT OR IGNORE INTO predictions (beat_key, model_key, predicted, probs, fold_probs, entropy, mutual_info, abstain, rhythm_used, saliency)
       VALUES (@beat_key, @model_key, @predicted, @probs, @fold_probs, @entropy, @mutual_info, @abstain, @rhythm_used, @saliency)`,
    );
    const insEmb = t.prepare(`INSERT OR IGNORE INTO embeddings (model_key, beat_key, vec) VALUES (?, ?, ?)`);
    const insRecordPred = t.prepare(
      `INSERT OR IGNORE INTO record_predictions (image_key, model_id, probs, predicted, entropy, abstain, saliency, at)
       VALUES (@image_key, @model_id, @probs, @predicted, @entropy, @abstain, @saliency, @at)`,
    );
    const insReviewer = t.prepare(
      `INSERT INTO reviewers (name, role, added_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role`,
    );

    for (const [k, inp] of inputs.entries()) {
      for (const r of inp.db.prepare(`SELECT * FROM images ORDER BY key`).all() as Row[]) {
        const sha = r.sha256 as string;
        if (imageKey.has(sha)) continue;
        imageKey.set(sha, Number(insImage.run(r).lastInsertRowid));
      }
      const localLead = new Map<number, string>();
      for (const r of inp.db
        .prepare(`SELECT l.*, i.sha256 FROM leads l JOIN images i ON i.key = l.image_key ORDER BY l.key`)
        .all() as Row[]) {
        const lk = `${r.sha256 as string}\n${r.name as string}`;
        localLead.set(r.key as number, lk);
        if (leadKey.has(lk)) continue;
        leadKey.set(lk, Number(insLead.run({ ...r, image_key: imageKey.get(r.sha256 as string) }).lastInsertRowid));
      }
      // Beats: exact id first, then the nearest beat of the same lead within the tolerance that this
      // input does not itself hold (two distinct beats of one set never collapse into one).
      const beatRows = inp.db
        .prepare(`SELECT b.*, i.sha256 FROM beats b JOIN images i ON i.key = b.image_key ORDER BY b.key`)
        .all() as Row[];
      const ownIds = new Set(beatRows.map((r) => r.id as string));
      const remap = new Map<string, string>();
      const localKeyToId = new Map<number, string>();
      for (const r of beatRows) {
        const id = r.id as string;
        localKeyToId.set(r.key as number, id);
        if (beatKey.has(id)) {
          remap.set(id, id);
          continue;
        }
        const lk = localLead.get(r.lead_key as number)!;
        const list = rIndex.get(lk) ?? [];
        if (k > 0) {
          const prefix = `${r.sha256 as string}:${lk.slice(lk.indexOf('\n') + 1)}:`;
          const tol = Math.round(ECG_MERGE_TOLERANCE_S * (r.fs as number));
          const rs = r.r_sample as number;
          let best: number | null = null;
          for (const c of list) {
            const d = Math.abs(c - rs);
            if (d <= tol && !ownIds.has(prefix + c) && (best === null || d < Math.abs(best - rs))) best = c;
          }
          if (best !== null) {
            remap.set(id, prefix + best);
            reattached++;
            continue;
          }
        }
        const key = Number(
          insBeat.run({ ...r, image_key: imageKey.get(r.sha256 as string), lead_key: leadKey.get(lk) }).lastInsertRowid,
        );
        beatKey.set(id, key);
        remap.set(id, id);
        list.push(r.r_sample as number);
        rIndex.set(lk, list);
        if (k > 0) added++;
      }
      const localModel = new Map<number, number>();
      for (const r of inp.db.prepare(`SELECT * FROM models ORDER BY key`).all() as Row[]) {
        const id = r.id as string;
        if (!modelKey.has(id)) modelKey.set(id, Number(insModel.run(r).lastInsertRowid));
        localModel.set(r.key as number, modelKey.get(id)!);
        if (k === 0 && r.active === 1) t.prepare(`UPDATE models SET active = 1 WHERE id = ?`).run(id);
      }
      for (const r of inp.db.prepare(`SELECT * FROM predictions`).iterate() as Iterable<Row>) {
        const bk = beatKey.get(remap.get(localKeyToId.get(r.beat_key as number)!)!)!;
        insPred.run({ ...r, beat_key: bk, model_key: localModel.get(r.model_key as number) });
      }
      for (const r of inp.db.prepare(`SELECT * FROM embeddings`).iterate() as Iterable<Row>) {
        insEmb.run(
          localModel.get(r.model_key as number),
          beatKey.get(remap.get(localKeyToId.get(r.beat_key as number)!)!)!,
          r.vec,
        );
      }
      // Record predictions: the first input's wins where two hold the same model's call for an image.
      for (const r of inp.db
        .prepare(`SELECT p.*, i.sha256 FROM record_predictions p JOIN images i ON i.key = p.image_key`)
        .iterate() as Iterable<Row>) {
        const { sha256, ...row } = r;
        insRecordPred.run({ ...row, image_key: imageKey.get(sha256 as string) });
      }
      for (const r of inp.db.prepare(`SELECT name, role, added_at FROM reviewers`).all() as {
        name: string;
        role: string;
        added_at: string;
      }[]) {
        const prev = roles.get(r.name);
        if (prev && prev !== r.role)
          notes.push(`${r.name} is a ${prev} in one set and a ${r.role} in another: kept adjudicator`);
        const role = prev === 'adjudicator' || r.role === 'adjudicator' ? 'adjudicator' : 'reviewer';
        roles.set(r.name, role);
        insReviewer.run(r.name, role, r.added_at);
      }
      remaps.push(remap);
    }
    if (!t.prepare(`SELECT 1 FROM models WHERE active = 1`).get())
      t.exec(`UPDATE models SET active = 1 WHERE key = (SELECT min(key) FROM models)`);

    // Events: union by uid, replayed in time order (ties: input order, then each input's own order).
    const seen = new Set<string>();
    const events: { e: EventRow; input: number }[] = [];
    inputs.forEach((inp, i) => {
      const remap = remaps[i]!;
      for (const e of inp.db.prepare(`SELECT * FROM label_events ORDER BY id`).all() as EventRow[]) {
        if (seen.has(e.uid)) continue;
        seen.add(e.uid);
        events.push({ e: { ...e, beat_id: remap.get(e.beat_id) ?? e.beat_id }, input: i });
      }
    });
    events.sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.input - b.input || a.e.id - b.e.id));
    const insEvent = t.prepare(
      `INSERT INTO label_events (uid, beat_id, reviewer, role, at, kind, from_label, to_label, text, action)
       VALUES (@uid, @beat_id, @reviewer, @role, @at, @kind, @from_label, @to_label, @text, NULL)`,
    );
    for (const { e } of events) insEvent.run(e);
    rebuildDerivedState(t);

    // Record-label events: the same union by uid and replay in time order.
    const recordEvents: { e: RecordEventRow; input: number }[] = [];
    inputs.forEach((inp, i) => {
      for (const e of inp.db.prepare(`SELECT * FROM record_label_events ORDER BY id`).all() as RecordEventRow[]) {
        if (seen.has(e.uid)) continue;
        seen.add(e.uid);
        recordEvents.push({ e, input: i });
      }
    });
    recordEvents.sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.input - b.input || a.e.id - b.e.id));
    const insRecordEvent = t.prepare(
      `INSERT INTO record_label_events (uid, image_sha256, reviewer, role, at, kind, from_label, to_label, action)
       VALUES (@uid, @image_sha256, @reviewer, @role, @at, @kind, @from_label, @to_label, NULL)`,
    );
    for (const { e } of recordEvents) insRecordEvent.run(e);
    rebuildRecordLabels(t);
    const active = t.prepare(`SELECT key FROM models WHERE active = 1`).pluck().get() as number | undefined;
    if (active !== undefined) applyActivePredictions(t, active, null);
    const meta = inputs[0]!.db.prepare(`SELECT key, value FROM meta`).all() as { key: string; value: string }[];
    const putMeta = t.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
    for (const m of meta) putMeta.run(m.key, m.value);
    putMeta.run(
      'mergedFrom',
      JSON.stringify({ at: now, inputs: inputs.map((i) => i.file), union: Boolean(opts.union) }),
    );
  })();
  const count = (sql: string) => t.prepare(sql).pluck().get() as number;
  const report = {
    images: count(`SELECT count(*) FROM images`),
    beats: count(`SELECT count(*) FROM beats`),
    events: count(`SELECT count(*) FROM label_events`),
    recordEvents: count(`SELECT count(*) FROM record_label_events`),
    reattached,
    added,
    notes,
  };
  log.info(`merged ${inputs.length} review sets`, report);
  return report;
}
