import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_CLASSES } from '../../common/schemas/record';
import type { Reviewer } from '../../common/schemas/review';
import { exportReviewSet } from '../../electron/engine/export/export-review-set';
import { parseRecordComments, parseRecordsCsv } from '../../electron/engine/export/records-export';
import { mergeReviewSets } from '../../electron/engine/store/merge-review-sets';
import { checkDatabaseIntegrity } from '../../electron/engine/store/open-database';
import { openReviewStore, ReviewStore } from '../../electron/engine/store/review-store';
import {
  ECG_STORE_APPLICATION_ID,
  ECG_STORE_SCHEMA_VERSION,
  STORE_MIGRATIONS,
} from '../../electron/engine/store/schema';
import { parseHeader } from '../../electron/engine/wfdb/header';
import { addSyntheticSheet, makeRecordPrediction, type SyntheticSheet } from '../support/sheet-fixture';
import { fillSyntheticReviewSet } from './store-fixture';

const alice: Reviewer = { name: 'alice', role: 'reviewer' };
const bob: Reviewer = { name: 'bob', role: 'reviewer' };
const carol: Reviewer = { name: 'carol', role: 'adjudicator' };

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The schema this build's record tables arrived in; older review sets must migrate to it. */
const RECORD_SCHEMA = 3;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecg-records-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A review set as the build before record labels wrote it: only the migrations shipped up to schema 2
 * (they are frozen: never edited), filled through the store's own writers and labelled.
 */
function makeSchema2Set(file: string): { beatIds: string[]; sheet: SyntheticSheet } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (let v = 0; v < RECORD_SCHEMA - 1; v++) {
    db.transaction(() => {
      db.exec(STORE_MIGRATIONS[v]!);
      db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(
        v + 1,
        '2026-01-01T00:00:00Z',
      );
      db.pragma(`user_version = ${v + 1}`);
      if (v === 0) {
        db.pragma(`application_id = ${ECG_STORE_APPLICATION_ID}`);
        db.prepare(`INSERT INTO meta (key, value) VALUES ('createdAt', '2026-01-01T00:00:00Z')`).run();
      }
    })();
  }
  const old = new ReviewStore({ db, path: file });
  const set = fillSyntheticReviewSet(old, { images: 2, leadsPerImage: 2, beatsPerLead: 20, folder: dir });
  const sheet = addSyntheticSheet(old, { seed: 1, folder: dir });
  old.setLabel(alice, set.beatIds.slice(0, 5), 'V');
  old.setLabel(alice, sheet.beatIds.slice(0, 2), 'N');
  db.close();
  return { beatIds: set.beatIds, sheet };
}

describe('record labels: an older review set', () => {
  it('opens a schema-2 set, migrates it forward once and keeps every beat label', () => {
    const file = path.join(dir, 'schema2.ecgreview');
    const { beatIds, sheet } = makeSchema2Set(file);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(raw.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'record_label_events'`).pluck().get()).toBe(0);
    raw.close();
    // Read-only openers (exports, merges) refuse an old schema and say how to migrate it.
    expect(() => openReviewStore(file, { readonly: true })).toThrow(/open it once for writing/);

    const store = openReviewStore(file);
    expect(store.getSchemaVersion()).toBe(ECG_STORE_SCHEMA_VERSION);
    expect(ECG_STORE_SCHEMA_VERSION).toBeGreaterThanOrEqual(RECORD_SCHEMA);
    expect(store.db.prepare(`SELECT version FROM schema_migrations ORDER BY version`).pluck().all()).toEqual(
      Array.from({ length: ECG_STORE_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    expect(checkDatabaseIntegrity(store.db)).toEqual([]);
    for (const id of beatIds.slice(0, 5))
      expect(store.getBeat(id).labels).toMatchObject([{ reviewer: 'alice', label: 'V' }]);
    expect(store.getSummary().labelled).toBe(7);
    // The migrated set takes record-level data and undo spans both kinds of label.
    store.insertRecordPrediction(makeRecordPrediction(sheet, 'mi'));
    store.setRecordLabel(alice, sheet.sha256, 'history_mi');
    expect(store.getSheet(sheet.sha256, 'alice')).toMatchObject({
      myLabel: 'history_mi',
      prediction: { predicted: 'mi' },
      disagreement: { model: true },
    });
    expect(store.replay(alice, 'undo').recordEvents).toHaveLength(1);
    expect(store.replay(alice, 'undo').events).toHaveLength(2); // the older beat action comes next
    store.close();

    // Reopening runs no migration again.
    const again = openReviewStore(file);
    expect(again.db.prepare(`SELECT count(*) FROM schema_migrations`).pluck().get()).toBe(ECG_STORE_SCHEMA_VERSION);
    again.close();
  });
});

describe('record labels: merging reviewers copies', () => {
  it('carries record predictions and every reviewer record label; merging again adds nothing', () => {
    const baseFile = path.join(dir, 'merge-base.ecgreview');
    const base = openReviewStore(baseFile, { create: true });
    const sheets = [1, 2, 3].map((seed) => addSyntheticSheet(base, { seed: 10 + seed, folder: dir }));
    base.insertRecordPrediction(makeRecordPrediction(sheets[0]!, 'mi'));
    base.insertRecordPrediction(makeRecordPrediction(sheets[1]!, 'normal', { abstain: true }));
    base.close();
    const copy = (name: string) => {
      const f = path.join(dir, `${name}.ecgreview`);
      copyFileSync(baseFile, f);
      return { f, s: openReviewStore(f) };
    };
    const a = copy('merge-a');
    a.s.setRecordLabel(alice, sheets[0]!.sha256, 'mi');
    a.s.setRecordLabel(alice, sheets[1]!.sha256, 'abnormal_heartbeat');
    a.s.setRecordLabel(alice, sheets[1]!.sha256, 'normal'); // changed her mind: the latest counts
    a.s.close();
    const b = copy('merge-b');
    b.s.setRecordLabel(bob, sheets[0]!.sha256, 'mi');
    b.s.setRecordLabel(bob, sheets[1]!.sha256, 'history_mi');
    b.s.setRecordLabel(carol, sheets[2]!.sha256, 'normal');
    b.s.close();

    const out = path.join(dir, 'merged.ecgreview');
    const report = mergeReviewSets(out, [a.f, b.f]);
    expect(report.recordEvents).toBe(6);
    const m = openReviewStore(out);
    const s0 = m.getSheet(sheets[0]!.sha256, null);
    expect(s0.labels.map((l) => `${l.reviewer}:${l.label}`).sort()).toEqual(['alice:mi', 'bob:mi']);
    expect(s0.finalLabel).toBe('mi');
    expect(s0.prediction).toEqual(makeRecordPrediction(sheets[0]!, 'mi'));
    const s1 = m.getSheet(sheets[1]!.sha256, null);
    expect(s1.labels.map((l) => `${l.reviewer}:${l.label}`).sort()).toEqual(['alice:normal', 'bob:history_mi']);
    expect(s1.finalLabel).toBeNull();
    expect(s1.disagreement).toEqual({ reviewers: true, model: true });
    expect(s1.prediction?.abstain).toBe(true);
    expect(m.getSheet(sheets[2]!.sha256, null)).toMatchObject({ finalLabel: 'normal', prediction: null });
    const rows = m.db.prepare(`SELECT count(*) FROM current_record_label_view`).pluck().get();
    expect(m.db.prepare(`SELECT count(*) FROM current_record_labels`).pluck().get()).toBe(rows);
    // A merged log has no local undo groups: nobody can undo another copy's action.
    expect(m.replay(alice, 'undo')).toEqual({ events: [], recordEvents: [] });
    m.close();

    const again = path.join(dir, 'merged-again.ecgreview');
    expect(mergeReviewSets(again, [out, a.f]).recordEvents).toBe(6);
  });
});

describe('record labels: export round trip', () => {
  let file: string;
  let sheets: SyntheticSheet[];
  beforeAll(() => {
    file = path.join(dir, 'export.ecgreview');
    const s = openReviewStore(file, { create: true });
    sheets = [1, 2, 3].map((seed) => addSyntheticSheet(s, { seed: 20 + seed, folder: path.join(dir, 'scans') }));
    s.insertRecordPrediction(makeRecordPrediction(sheets[0]!, 'mi', { confidence: 0.9 }));
    s.insertRecordPrediction(makeRecordPrediction(sheets[1]!, 'abnormal_heartbeat', { abstain: true }));
    s.setRecordLabel(alice, sheets[0]!.sha256, 'history_mi');
    s.setRecordLabel({ name: 'Dr. O’Neil, MD', role: 'reviewer' }, sheets[0]!.sha256, 'history_mi');
    s.setRecordLabel(bob, sheets[1]!.sha256, 'normal');
    // Sheet 2 has neither a label nor a prediction; beats of sheet 0 carry labels for the WFDB part.
    s.setLabel(alice, sheets[0]!.beatIds, 'N');
    s.close();
  });

  it('writes records.csv beside the beat tables and reads back every record label and probability', async () => {
    const store = openReviewStore(file);
    const out = path.join(dir, 'out-csv');
    const r = await exportReviewSet(store, { format: 'csv', outDir: out });
    expect(r.records).toBe(2);
    expect(r.files.map((f) => f.path).sort()).toEqual(['beats-full.csv', 'beats.csv', 'manifest.json', 'records.csv']);
    const rows = parseRecordsCsv(readFileSync(path.join(out, 'records.csv'), 'utf8'));
    expect(rows.map((x) => x.sha256)).toEqual([sheets[0]!.sha256, sheets[1]!.sha256]);
    expect(rows[0]).toEqual({
      sha256: sheets[0]!.sha256,
      labels: { alice: 'history_mi', 'Dr. O’Neil, MD': 'history_mi' },
      finalLabel: 'history_mi',
      modelId: 'sheet-test@1.0.0',
      predicted: 'mi',
      probs: makeRecordPrediction(sheets[0]!, 'mi', { confidence: 0.9 }).probs,
      abstain: false,
    });
    expect(rows[1]).toMatchObject({
      labels: { bob: 'normal' },
      finalLabel: 'normal',
      predicted: 'abnormal_heartbeat',
      abstain: true,
    });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      records: {
        sha256: string;
        finalLabel: string;
        labels: Record<string, string>;
        model: { probs: number[] } | null;
      }[];
      counts: { records: { total: number; perClass: Record<string, number> } };
      recordLevel: { classes: string[] };
    };
    expect(manifest.recordLevel.classes).toEqual([...RECORD_CLASSES]);
    expect(manifest.records.map((x) => [x.sha256, x.finalLabel])).toEqual([
      [sheets[0]!.sha256, 'history_mi'],
      [sheets[1]!.sha256, 'normal'],
    ]);
    expect(manifest.counts.records).toEqual({
      total: 2,
      perClass: { normal: 1, abnormal_heartbeat: 0, mi: 0, history_mi: 1, none: 0 },
    });
    store.close();
  });

  it('lists every sheet when unlabelled rows are asked for, and writes records.json with JSON', async () => {
    const store = openReviewStore(file);
    const out = path.join(dir, 'out-json');
    const r = await exportReviewSet(store, { format: 'json', outDir: out, includeUnlabelled: true });
    expect(r.records).toBe(3);
    const records = JSON.parse(readFileSync(path.join(out, 'records.json'), 'utf8')) as {
      sha256: string;
      finalLabel: string | null;
      model: unknown;
    }[];
    expect(records.map((x) => [x.sha256, x.finalLabel, x.model === null])).toEqual([
      [sheets[0]!.sha256, 'history_mi', false],
      [sheets[1]!.sha256, 'normal', false],
      [sheets[2]!.sha256, null, true],
    ]);
    store.close();
  });

  it('puts the record label in the WFDB header of every lead record of the sheet', async () => {
    const store = openReviewStore(file);
    const out = path.join(dir, 'out-wfdb');
    const r = await exportReviewSet(store, { format: 'wfdb', outDir: out });
    const heads = r.files.filter((f) => f.path.endsWith('.hea'));
    expect(heads.length).toBeGreaterThan(0);
    for (const h of heads) {
      const header = parseHeader(readFileSync(path.join(out, h.path), 'utf8'));
      expect(header.comments).toContain('record_label: history_mi');
      expect(parseRecordComments(header.comments)).toEqual({
        finalLabel: 'history_mi',
        labels: { alice: 'history_mi', 'Dr. O’Neil, MD': 'history_mi' },
        model: {
          id: 'sheet-test@1.0.0',
          predicted: 'mi',
          probs: makeRecordPrediction(sheets[0]!, 'mi', { confidence: 0.9 }).probs,
          abstain: false,
        },
      });
      for (const c of header.comments) expect(c.length).toBeLessThan(200);
    }
    // Sheets without exported beats keep their record label in the table.
    const rows = parseRecordsCsv(readFileSync(path.join(out, 'records.csv'), 'utf8'));
    expect(rows.find((x) => x.sha256 === sheets[1]!.sha256)?.finalLabel).toBe('normal');
    store.close();
  });
});

describe('record labels: durability', () => {
  const CHILD = path.join(import.meta.dirname, 'record-durability-child.ts');
  const KILLS = 3;

  /** Run the writer child, SIGKILL it after `after` acknowledged labels; the acknowledged ones, in order. */
  function runAndKill(file: string, run: number, after: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT });
      const acked: string[] = [];
      let buf = '';
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === 'ready') proc.stdin.write(`go ${run}\n`);
          else if (acked.push(line) === after) proc.kill('SIGKILL');
        }
      });
      proc.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child ended without the kill: ${stderr}`)),
      );
    });
  }

  it(`keeps every acknowledged record label across ${KILLS} kills`, async () => {
    const file = path.join(dir, 'durable.ecgreview');
    const s = openReviewStore(file, { create: true });
    for (let i = 0; i < 4; i++) addSyntheticSheet(s, { seed: 40 + i, folder: dir });
    s.close();
    let before = 0;
    for (let run = 0; run < KILLS; run++) {
      const acked = await runAndKill(file, run, 30 + 17 * run);
      const store = openReviewStore(file);
      expect(checkDatabaseIntegrity(store.db)).toEqual([]);
      // Every acknowledged label is in the log, in order; the child may have committed a few more
      // between its last line and the kill, never fewer.
      const events = store.listRecordEvents({ reviewer: 'alice' }).slice(before);
      expect(events.slice(0, acked.length).map((e) => `${e.imageSha256} ${e.to}`)).toEqual(acked);
      before += events.length;
      const rows = store.db.prepare(`SELECT count(*) FROM current_record_label_view`).pluck().get();
      expect(store.db.prepare(`SELECT count(*) FROM current_record_labels`).pluck().get()).toBe(rows);
      store.close();
    }
  });
});
