import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_CLASSES } from '../../common/schemas/record';
import { Lead } from '../../common/schemas/signal';
import { SheetView } from '../../common/schemas/view';
import { createDigitizer } from '../../electron/engine/batch/digitize-adapter';
import { runBatch } from '../../electron/engine/batch/run-batch';
import { createRecordClassifier } from '../../electron/engine/sheet/create-record-classifier';
import { parseRecordsCsv } from '../../electron/engine/export/records-export';
import { openReviewStore } from '../../electron/engine/store/review-store';
import { hashBytes } from '../../electron/engine/util/hash';
import { createStandInRecordClassifierFactory, installStandInRecordModel } from '../support/record-classifier-standin';
import { ECG12_DIR, hasSharedData } from '../support/shared-data';
import { startTestHost, type TestHost } from '../support/start-host';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLE_SHEET = path.join(ROOT, 'assets', 'sample', 'sheet-223-00000.png');
const SHIPPED_RECORD_MODEL = path.join(ROOT, 'models', 'sheet-features-mlp', 'model.json');
const SAMPLE_STRIP = path.join(ROOT, 'assets', 'sample', 'strip-119-00000.png');
/** Two real 12-lead scans of the ecg12 set (copied to a temporary folder, never into the repo). */
const REAL_SHEETS = ['normal/Normal(100).jpg', 'mi/MI(1).jpg'];

let work: string;
let folder: string;
let sheetSha: string;
let stripSha: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ecg-sheet-batch-'));
  folder = path.join(work, 'scans');
  await mkdir(folder);
  await copyFile(SAMPLE_SHEET, path.join(folder, 'sheet.png'));
  await copyFile(SAMPLE_STRIP, path.join(folder, 'strip.png'));
  sheetSha = hashBytes(await readFile(SAMPLE_SHEET));
  stripSha = hashBytes(await readFile(SAMPLE_STRIP));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('batch: record-level hook', () => {
  it('asks the record model about sheets only, with the stored leads, and stores its prediction', async () => {
    const { factory, calls } = createStandInRecordClassifierFactory();
    const store = openReviewStore(path.join(work, 'hook.ecgreview'), { create: true });
    const r = await runBatch({
      folder,
      store,
      digitize: createDigitizer(),
      inference: null,
      recordClassifier: await factory('/models/sheet-standin/model.json'),
    });
    expect(r.progress.state).toBe('done');
    expect(calls.sheets.map((c) => c.imageSha256)).toEqual([sheetSha]);
    const leads = calls.sheets[0]!.leads;
    expect(leads).toHaveLength(13);
    for (const l of leads) expect(Lead.safeParse(l).success, l.name).toBe(true);

    const sheet = store.getSheet(sheetSha);
    expect(sheet.image.kind).toBe('sheet');
    expect(sheet.leads.map((l) => l.name)).toEqual(leads.map((l) => l.name));
    expect(sheet.prediction?.modelId).toBe('sheet-standin@0.0.1');
    expect(sheet.prediction?.saliency.map((s) => s.lead)).toEqual(sheet.leads.map((l) => l.name));
    expect(sheet.prediction?.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const images = store.listImages();
    expect(images.find((i) => i.sha256 === sheetSha)?.record?.predicted).toBe(sheet.prediction?.predicted);
    expect(images.find((i) => i.sha256 === stripSha)?.record ?? null).toBeNull();
    store.close();
  });

  it('a failing record model costs the sheet its record prediction, with a reason, never the batch', async () => {
    const { factory, calls } = createStandInRecordClassifierFactory({ fail: true });
    const store = openReviewStore(path.join(work, 'failing.ecgreview'), { create: true });
    const r = await runBatch({
      folder,
      store,
      digitize: createDigitizer(),
      inference: null,
      recordClassifier: await factory('x'),
    });
    expect(r.progress.state).toBe('done');
    expect(calls.sheets).toHaveLength(1);
    const sheet = store.getSheet(sheetSha);
    expect(sheet.prediction).toBeNull();
    expect(sheet.image.status).not.toBe('refused');
    expect(sheet.image.reasons).toContainEqual({
      code: 'record-model-failed',
      message: expect.stringContaining('stand-in told to fail'),
    });
    expect(store.getSheet(stripSha).leads.length).toBeGreaterThan(0);
    store.close();
  });
});

describe.skipIf(!hasSharedData(ECG12_DIR))('batch: the shipped record model on real ecg12 scans', () => {
  it("digitizes real sheets to 13 leads and stores the record model's call, with saliency per stored lead", async () => {
    const real = path.join(work, 'real');
    await mkdir(real);
    for (const f of REAL_SHEETS) await copyFile(path.join(ECG12_DIR, f), path.join(real, path.basename(f)));
    const classifier = await createRecordClassifier(SHIPPED_RECORD_MODEL);
    const store = openReviewStore(path.join(work, 'real.ecgreview'), { create: true });
    try {
      await runBatch({
        folder: real,
        store,
        digitize: createDigitizer(),
        inference: null,
        recordClassifier: classifier,
      });
      const sheets = store.listImages().filter((i) => i.kind === 'sheet');
      expect(sheets).toHaveLength(REAL_SHEETS.length);
      for (const im of sheets) {
        const view = store.getSheet(im.sha256);
        expect(view.leads).toHaveLength(13);
        expect(view.leads.every((l) => l.pixelMap !== null)).toBe(true);
        expect(view.prediction?.modelId).toBe('sheet-features-mlp@1.1.0');
        expect(view.prediction?.saliency.map((s) => s.lead)).toEqual(view.leads.map((l) => l.name));
        expect(im.record?.predicted).toBe(view.prediction?.predicted);
      }
    } finally {
      await classifier.close?.();
      store.close();
    }
  });
});

describe('sheet API over the loopback host', () => {
  let host: TestHost;
  const { factory, calls } = createStandInRecordClassifierFactory();
  beforeAll(async () => {
    host = await startTestHost({ model: null, createRecordClassifier: factory });
    await installStandInRecordModel(path.join(host.home, 'models'));
  });
  afterAll(() => host.close());

  const ok = async (method: string, input: unknown = {}) => {
    const r = await host.call(method, input);
    expect(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`).toBe(true);
    return r.body.value as never;
  };

  it('finds the installed sheet-* model, stores its call and serves the sheet, labels, undo and export', async () => {
    await ok('setReviewer', { name: 'Dr Sheet', role: 'reviewer' });
    await ok('startBatch', { folder });
    await host.service.waitForBatch();
    expect(calls.manifests).toEqual([path.join(host.home, 'models', 'sheet-standin', 'model.json')]);
    // The sheet-* folder is a record model, not one of the beat models.
    expect(await ok('listModels')).toEqual([]);

    const images = (await ok('listImages')) as {
      sha256: string;
      kind: string;
      record?: { predicted: string } | null;
    }[];
    const row = images.find((i) => i.sha256 === sheetSha)!;
    expect(row.kind).toBe('sheet');
    expect(RECORD_CLASSES).toContain(row.record?.predicted);

    const view = SheetView.parse(await ok('getSheet', { imageSha256: sheetSha }));
    expect(view.leads).toHaveLength(13);
    expect(view.prediction?.imageSha256).toBe(sheetSha);
    expect(view.myLabel).toBeNull();

    const other = RECORD_CLASSES.find((c) => c !== view.prediction!.predicted)!;
    const set = (await ok('setRecordLabel', { imageSha256: sheetSha, label: other })) as { events: { to: string }[] };
    expect(set.events.map((e) => e.to)).toEqual([other]);
    const after = SheetView.parse(await ok('getSheet', { imageSha256: sheetSha }));
    expect(after).toMatchObject({ myLabel: other, finalLabel: other, disagreement: { model: true } });

    const undone = (await ok('undo')) as { event: unknown; recordEvents: { to: string | null }[] };
    expect(undone.event).toBeNull();
    expect(undone.recordEvents).toEqual([expect.objectContaining({ to: null })]);
    await ok('redo');

    const bad = await host.call('setRecordLabel', { imageSha256: sheetSha, label: 'V' });
    expect(bad.body.error?.code).toBe('E_INVALID_INPUT');
    const missing = await host.call('getSheet', { imageSha256: 'c'.repeat(64) });
    expect(missing.body.error?.code).toBe('E_NOT_FOUND');

    const outDir = path.join(work, 'export');
    const exported = (await ok('exportSet', { format: 'csv', outDir })) as { records: number };
    expect(exported.records).toBe(1);
    const rows = parseRecordsCsv(await readFile(path.join(outDir, 'records.csv'), 'utf8'));
    expect(rows).toEqual([
      expect.objectContaining({ sha256: sheetSha, finalLabel: other, labels: { 'Dr Sheet': other } }),
    ]);
  });
});
