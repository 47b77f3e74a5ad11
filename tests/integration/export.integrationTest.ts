import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAMI_CLASSES, type AamiClass } from '../../common/ecg/aami';
import { type Beat, formatBeatId } from '../../common/schemas/beat';
import type { Reviewer } from '../../common/schemas/review';
import { runCli } from '../../electron/cli/main';
import { parseCsv } from '../../electron/engine/export/csv';
import { exportReviewSet } from '../../electron/engine/export/export-review-set';
import { ECG_KAGGLE_LENGTH, computeKaggleBeatRow } from '../../electron/engine/export/kaggle-beat-row';
import { ECG_WFDB_EXPORT_GAIN } from '../../electron/engine/export/wfdb-export';
import type { ExportBeat } from '../../electron/engine/store/export-reads';
import { type ReviewStore, openReviewStore } from '../../electron/engine/store/review-store';
import { hashBytes } from '../../electron/engine/util/hash';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { MITDB_DIR, hasSharedData } from '../support/shared-data';
import { fillSyntheticReviewSet } from './store-fixture';

const alice: Reviewer = { name: 'alice', role: 'reviewer' };
const bob: Reviewer = { name: 'bob', role: 'reviewer' };
const carol: Reviewer = { name: 'carol', role: 'adjudicator' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecg-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hidden = (parent: string) => readdirSync(parent).filter((f) => f.startsWith('.'));

/** Label a set the way a review goes: two reviewers, some disagreements, an adjudicator, one 'unsure'. */
function reviewLabels(store: ReviewStore, truth: (id: string) => AamiClass): void {
  const ids = store.listExportBeats({ includeUnlabelled: true }).map((b) => b.id);
  for (const c of AAMI_CLASSES) {
    const mine = ids.filter((id) => truth(id) === c);
    if (mine.length) {
      store.setLabel(alice, mine, c);
      store.setLabel(bob, mine, c);
    }
  }
  const other = (id: string): AamiClass => (truth(id) === 'N' ? 'V' : 'N');
  for (const id of ids.slice(5, 15)) store.setLabel(bob, [id], other(id));
  for (const id of ids.slice(5, 8)) store.setLabel(carol, [id], truth(id));
  store.setLabel(alice, [ids[20]!], 'unsure');
  store.setLabel(bob, [ids[20]!], 'unsure');
}

/** Check every format against the store: what went in comes back out. */
async function checkRoundTrips(store: ReviewStore, outRoot: string): Promise<void> {
  const labelled = store.listExportBeats({ includeUnlabelled: false });
  const all = store.listExportBeats({ includeUnlabelled: true });
  expect(labelled.length).toBe(all.length - 8); // 7 undecided disagreements + 1 'unsure'
  expect(labelled.every((b) => b.finalLabel && b.finalLabel !== 'unsure')).toBe(true);

  // WFDB: read back with the engine's reader.
  const wfdb = await exportReviewSet(store, { format: 'wfdb', outDir: path.join(outRoot, 'wfdb') });
  expect(wfdb.beats).toBe(labelled.length);
  const records = readFileSync(path.join(wfdb.outDir, 'RECORDS'), 'utf8').trim().split('\n');
  const byLead = new Map<string, ExportBeat[]>();
  for (const b of labelled)
    byLead.set(`${b.imageSha256}\n${b.lead}`, [...(byLead.get(`${b.imageSha256}\n${b.lead}`) ?? []), b]);
  expect(records.length).toBe(byLead.size);
  let checked = 0;
  for (const name of records) {
    const rec = await loadRecord(path.join(wfdb.outDir, name));
    const sha = rec.header.comments.find((c) => c.startsWith('sha256: '))!.slice(8);
    const leadName = rec.signals[0]!.name;
    const lead = store.getLeadSignal(sha, leadName);
    expect(rec.fs).toBe(lead.fs);
    expect(rec.nSamples).toBe(lead.samples.length);
    expect(rec.signals[0]!.checksumOk).toBe(true);
    let worst = 0;
    for (let i = 0; i < lead.samples.length; i++)
      worst = Math.max(worst, Math.abs(rec.signals[0]!.mv[i]! - lead.samples[i]!));
    expect(worst).toBeLessThanOrEqual(0.5 / ECG_WFDB_EXPORT_GAIN + 1e-6); // format-16 quantisation
    const beats = byLead.get(`${sha}\n${leadName}`)!;
    const back = getBeats(rec);
    expect(back.map((b) => b.sample)).toEqual(beats.map((b) => b.rSample));
    expect(back.map((b) => b.aami)).toEqual(beats.map((b) => b.finalLabel));
    checked += back.length;
  }
  expect(checked).toBe(labelled.length);

  // CSV: both files parse back to the same labels, in the same order.
  const csv = await exportReviewSet(store, { format: 'csv', outDir: path.join(outRoot, 'csv') });
  const kaggle = parseCsv(readFileSync(path.join(csv.outDir, 'beats.csv'), 'utf8'));
  expect(kaggle.length).toBe(labelled.length);
  expect(kaggle.every((r) => r.length === ECG_KAGGLE_LENGTH + 1)).toBe(true);
  expect(kaggle.map((r) => AAMI_CLASSES[Number(r.at(-1))])).toEqual(labelled.map((b) => b.finalLabel));
  for (const k of [0, Math.floor(labelled.length / 2), labelled.length - 1]) {
    const b = labelled[k]!;
    const lead = store.getLeadSignal(b.imageSha256, b.lead);
    const expected = computeKaggleBeatRow(lead.samples, lead.fs, b.rSample, b.rhythm?.localRR ?? null);
    kaggle[k]!.slice(0, ECG_KAGGLE_LENGTH).forEach((v, j) => expect(Number(v)).toBeCloseTo(expected[j]!, 5));
  }
  const [header, ...rows] = parseCsv(readFileSync(path.join(csv.outDir, 'beats-full.csv'), 'utf8'));
  expect(header!.slice(0, 6)).toEqual(['beat_id', 'source_file', 'sha256', 'lead', 'r_sample', 'fs']);
  const col = (name: string) => header!.indexOf(name);
  expect(col('label_alice') * col('label_bob') * col('label_carol')).toBeGreaterThan(0);
  expect(rows.map((r) => r[0])).toEqual(labelled.map((b) => b.id));
  expect(rows.map((r) => r[col('final_label')])).toEqual(labelled.map((b) => b.finalLabel));
  expect(rows.map((r) => r[col('label_bob')])).toEqual(labelled.map((b) => b.labels.bob ?? ''));
  expect(rows.map((r) => r[col('source_file')])).toEqual(labelled.map((b) => b.file));

  // JSON + manifest: every file's sha256 is right, counts add up.
  const json = await exportReviewSet(store, { format: 'json', outDir: path.join(outRoot, 'json') });
  const beatsJson = JSON.parse(readFileSync(path.join(json.outDir, 'beats.json'), 'utf8')) as {
    id: string;
    finalLabel: string;
  }[];
  expect(beatsJson.map((b) => [b.id, b.finalLabel])).toEqual(labelled.map((b) => [b.id, b.finalLabel]));
  for (const result of [wfdb, csv, json]) {
    for (const f of result.files)
      expect(hashBytes(readFileSync(path.join(result.outDir, f.path))), f.path).toBe(f.sha256);
    const manifest = JSON.parse(readFileSync(path.join(result.outDir, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(
      result.files
        .map((f) => f.path)
        .filter((p) => p !== 'manifest.json')
        .sort(),
    );
    expect(manifest.counts.beats).toBe(labelled.length);
    for (const c of AAMI_CLASSES)
      expect(manifest.counts.perClass[c]).toBe(labelled.filter((b) => b.finalLabel === c).length);
    expect(Object.keys(manifest.counts.perReviewer).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(manifest.sources.length).toBe(store.listImages().length);
    expect(manifest.engine.version).toMatch(/\d+\.\d+/);
  }

  // --include-unlabelled: every beat, the undecided ones as MIT '?' and CSV label -1.
  const everything = await exportReviewSet(store, {
    format: 'csv',
    outDir: path.join(outRoot, 'csv-all'),
    includeUnlabelled: true,
  });
  const allRows = parseCsv(readFileSync(path.join(everything.outDir, 'beats.csv'), 'utf8'));
  expect(allRows.length).toBe(all.length);
  expect(allRows.filter((r) => r.at(-1) === '-1').length).toBe(8);
  const wfdbAll = await exportReviewSet(store, {
    format: 'wfdb',
    outDir: path.join(outRoot, 'wfdb-all'),
    includeUnlabelled: true,
  });
  let questionMarks = 0;
  for (const name of readFileSync(path.join(wfdbAll.outDir, 'RECORDS'), 'utf8').trim().split('\n')) {
    questionMarks += (await loadRecord(path.join(wfdbAll.outDir, name))).annotations.filter(
      (a) => a.symbol === '?',
    ).length;
  }
  expect(questionMarks).toBe(8);
}

describe.skipIf(!hasSharedData(MITDB_DIR))('export round trips on MIT-BIH record 208 (shared data)', () => {
  it('exports WFDB, CSV and JSON that read back to the same samples and labels', async () => {
    const rec = await loadRecord('208', { dir: MITDB_DIR });
    const n = 360 * 300; // the first five minutes
    const samples = Float32Array.from(rec.signals[0]!.mv.subarray(0, n));
    const sha = hashBytes(readFileSync(path.join(MITDB_DIR, '208.dat')));
    const store = openReviewStore(path.join(dir, 'mitdb-208.ecgreview'), { create: true });
    store.upsertImage({
      sha256: sha,
      path: path.join(MITDB_DIR, '208.dat'),
      format: 'png',
      width: 1,
      height: 1,
      bytes: 1,
      status: 'ok',
      reasons: [],
    });
    store.insertLead({
      imageSha256: sha,
      name: rec.signals[0]!.name,
      fs: rec.fs,
      samples,
      pixelMap: null,
      quality: null,
    });
    const refs = getBeats(rec).filter((b) => b.sample >= 30 && b.sample < n - 60);
    const truth = new Map<string, AamiClass>();
    const beats: Beat[] = refs.map((b, i) => {
      const id = formatBeatId(sha, rec.signals[0]!.name, b.sample);
      truth.set(id, b.aami);
      const pre = i > 0 ? (b.sample - refs[i - 1]!.sample) / rec.fs : 0.8;
      const post = i + 1 < refs.length ? (refs[i + 1]!.sample - b.sample) / rec.fs : pre;
      return {
        id,
        imageSha256: sha,
        lead: rec.signals[0]!.name,
        rSample: b.sample,
        fs: rec.fs,
        windowStart: b.sample - 64,
        windowEnd: b.sample + 80,
        reference: b.aami,
        rhythm: { preRR: pre, postRR: post, localRR: (pre + post) / 2, recordRR: 0.8 },
      };
    });
    store.insertBeats(beats);
    reviewLabels(store, (id) => truth.get(id)!);
    expect(
      new Set(store.listExportBeats({ includeUnlabelled: false }).map((b) => b.finalLabel)).size,
    ).toBeGreaterThanOrEqual(3);
    await checkRoundTrips(store, path.join(dir, 'mitdb-out'));
    // MIT-BIH's 11-bit samples at 200 adu/mV survive the 1000 adu/mV re-quantisation exactly.
    const out = await loadRecord(path.join(dir, 'mitdb-out', 'wfdb', `${sha.slice(0, 12)}_${rec.signals[0]!.name}`));
    for (let i = 0; i < n; i += 997)
      expect(out.signals[0]!.adc[i]).toBe(rec.signals[0]!.adc[i]! * 5 - rec.signals[0]!.baseline * 5);
    store.close();
  });
});

describe('export of a synthetic review set', () => {
  let store: ReviewStore;
  let scans: string;
  beforeAll(() => {
    scans = path.join(dir, 'scans');
    mkdirSync(scans);
    store = openReviewStore(path.join(dir, 'synthetic.ecgreview'), { create: true });
    const set = fillSyntheticReviewSet(store, { images: 3, leadsPerImage: 2, beatsPerLead: 25, folder: scans });
    reviewLabels(store, (id) => set.truth.get(id)!);
  });
  afterAll(() => store.close());

  it('round-trips WFDB, CSV and JSON exports', async () => {
    await checkRoundTrips(store, path.join(dir, 'synthetic-out'));
    const full = parseCsv(readFileSync(path.join(dir, 'synthetic-out', 'csv', 'beats-full.csv'), 'utf8'));
    expect(full[1]![full[0]!.indexOf('model_id')]).toMatch(/^fake-beat-net@1\.0\.0#/);
    expect(Number(full[1]![full[0]!.indexOf('p_N')])).toBeGreaterThanOrEqual(0);
  });

  it('never overwrites without --force, and replaces atomically with it', async () => {
    const out = path.join(dir, 'guarded');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep.txt'), 'mine');
    await expect(exportReviewSet(store, { format: 'json', outDir: out })).rejects.toMatchObject({
      code: 'E_EXPORT_EXISTS',
    });
    expect(readdirSync(out)).toEqual(['keep.txt']);
    const r = await exportReviewSet(store, { format: 'json', outDir: out, force: true });
    expect(readdirSync(out).sort()).toEqual(['beats.json', 'manifest.json']);
    expect(r.files.map((f) => f.path).sort()).toEqual(['beats.json', 'manifest.json']);
    expect(hidden(dir)).toEqual([]);
  });

  it('refuses to write into, or over, a source folder or the review set', async () => {
    for (const outDir of [scans, path.join(scans, 'export'), dir]) {
      await expect(exportReviewSet(store, { format: 'csv', outDir, force: true })).rejects.toMatchObject({
        code: 'E_EXPORT_INTO_SOURCE',
      });
    }
    expect(existsSync(path.join(scans, 'export'))).toBe(false);
  });

  it('leaves no partial file behind when a write fails, and keeps the old export on a failed --force', async () => {
    let n = 0;
    const failing = async (file: string, data: string | Uint8Array) => {
      if (++n === 4) throw Object.assign(new Error('disk full (injected)'), { code: 'ENOSPC' });
      writeFileSync(file, data);
    };
    const out = path.join(dir, 'failing');
    await expect(exportReviewSet(store, { format: 'wfdb', outDir: out }, { writeFile: failing })).rejects.toThrow(
      /destination disk is full \(ENOSPC\)/,
    );
    expect(existsSync(out)).toBe(false);
    expect(hidden(dir)).toEqual([]);

    await exportReviewSet(store, { format: 'json', outDir: out });
    const before = readFileSync(path.join(out, 'manifest.json'));
    n = 0;
    await expect(
      exportReviewSet(store, { format: 'wfdb', outDir: out, force: true }, { writeFile: failing }),
    ).rejects.toThrow(/destination disk is full \(ENOSPC\)/);
    expect(readFileSync(path.join(out, 'manifest.json')).equals(before)).toBe(true);
    expect(hidden(dir)).toEqual([]);
  });

  it('runs from the CLI', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTTY: false };
    const target = path.join(dir, 'cli-out');
    expect(await runCli(['export', store.path, '--format', 'csv', '--out', target, '--json'], io)).toBe(0);
    const result = JSON.parse(out.join('')) as { beats: number; files: { path: string }[] };
    expect(result.beats).toBe(store.listExportBeats({ includeUnlabelled: false }).length);
    expect(readdirSync(target).sort()).toEqual(['beats-full.csv', 'beats.csv', 'manifest.json']);
    expect(await runCli(['export', store.path, '--format', 'csv', '--out', target], io)).toBe(1);
    expect(err.join('\n')).toMatch(/E_EXPORT_EXISTS/);
    expect(await runCli(['export', store.path, '--format', 'xml', '--out', path.join(dir, 'x')], io)).toBe(1);
    expect(err.join('\n')).toMatch(/E_INVALID_INPUT/);
  });
});
