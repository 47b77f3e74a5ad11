import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBeatId } from '../../../../common/schemas/beat';
import { RECORD_CLASSES, type RecordClass, type RecordPrediction } from '../../../../common/schemas/record';
import type { Reviewer } from '../../../../common/schemas/review';
import { hashBytes } from '../../util/hash';
import { openReviewStore, type ReviewStore } from '../review-store';

const alice: Reviewer = { name: 'alice', role: 'reviewer' };
const bob: Reviewer = { name: 'bob', role: 'reviewer' };
const carol: Reviewer = { name: 'carol', role: 'adjudicator' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecg-record-labels-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store holding `n` two-lead sheets (I and the II rhythm strip) with one beat each; real SQLite on disk. */
function makeStore(name: string, n: number): { store: ReviewStore; shas: string[]; beatIds: string[] } {
  const store = openReviewStore(path.join(dir, `${name}.ecgreview`), { create: true });
  const shas: string[] = [];
  const beatIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const sha = hashBytes(Buffer.from(`${name} sheet ${i}`));
    store.upsertImage({
      sha256: sha,
      path: `/scans/${name}-${i}.png`,
      format: 'png',
      width: 1000,
      height: 700,
      bytes: 1000 + i,
      kind: 'sheet',
      status: 'pending',
      reasons: [],
    });
    for (const lead of ['I', 'II rhythm']) {
      store.insertLead({
        imageSha256: sha,
        name: lead,
        fs: 500,
        samples: Float32Array.from({ length: 1250 }, (_, k) => (k % 500 === 250 ? 1 : k === 7 ? Number.NaN : 0.01)),
        pixelMap: {
          panel: { x: 40, y: 40, width: 250, height: 120 },
          originX: 40,
          originY: 100,
          pxPerSecond: 100,
          pxPerMv: 40,
          rotationDeg: 0,
          rotationCenterX: 500,
          rotationCenterY: 350,
        },
        quality: { coverage: 0.97, flat: false, calibrationPulseFound: true, notes: [] },
      });
    }
    const id = formatBeatId(sha, 'II rhythm', 250);
    store.insertBeats([
      { id, imageSha256: sha, lead: 'II rhythm', rSample: 250, fs: 500, windowStart: 72, windowEnd: 472, rhythm: null },
    ]);
    store.markImageStatus(sha, 'ok');
    shas.push(sha);
    beatIds.push(id);
  }
  return { store, shas, beatIds };
}

function prediction(sha: string, predicted: RecordClass, modelId = 'sheet-net@1.0.0'): RecordPrediction {
  const probs = RECORD_CLASSES.map((c) => (c === predicted ? 0.85 : 0.05));
  return {
    imageSha256: sha,
    modelId,
    probs,
    predicted,
    entropy: -probs.reduce((a, p) => a + p * Math.log(p), 0),
    abstain: false,
    saliency: [
      { lead: 'I', share: 0.25, profile: [0, 0.5, 1] },
      { lead: 'II rhythm', share: 0.75, profile: [1, 0.2] },
    ],
  };
}

const viewRows = (s: ReviewStore) =>
  (
    s.db
      .prepare(`SELECT image_sha256 || '|' || reviewer || '|' || label FROM current_record_label_view`)
      .pluck()
      .all() as string[]
  ).sort();
const tableRows = (s: ReviewStore) =>
  (
    s.db
      .prepare(
        `SELECT i.sha256 || '|' || c.reviewer || '|' || c.label FROM current_record_labels c JOIN images i ON i.key = c.image_key`,
      )
      .pluck()
      .all() as string[]
  ).sort();

describe('record labels', () => {
  it('appends one event per change and derives the current and final record label', () => {
    const { store, shas } = makeStore('derive', 1);
    const sha = shas[0]!;
    const e1 = store.setRecordLabel(alice, sha, 'mi');
    expect(e1).toEqual([
      expect.objectContaining({ imageSha256: sha, reviewer: 'alice', kind: 'label', from: null, to: 'mi' }),
    ]);
    expect(store.setRecordLabel(alice, sha, 'mi')).toEqual([]); // same label: nothing written
    expect(store.getSheet(sha, 'alice')).toMatchObject({ myLabel: 'mi', finalLabel: 'mi' });
    store.setRecordLabel(bob, sha, 'history_mi');
    let sheet = store.getSheet(sha, 'bob');
    expect(sheet.myLabel).toBe('history_mi');
    expect(sheet.finalLabel).toBeNull(); // reviewers disagree
    expect(sheet.disagreement.reviewers).toBe(true);
    expect(sheet.labels.map((l) => `${l.reviewer}:${l.label}`)).toEqual(['alice:mi', 'bob:history_mi']);
    store.setRecordLabel(carol, sha, 'history_mi');
    sheet = store.getSheet(sha, null);
    expect(sheet.finalLabel).toBe('history_mi'); // the adjudicator decides
    expect(sheet.disagreement).toEqual({ reviewers: false, model: false });
    expect(store.listRecordEvents({ imageSha256: sha }).map((e) => e.kind)).toEqual(['label', 'label', 'adjudicate']);
    expect(tableRows(store)).toEqual(viewRows(store));
    store.close();
  });

  it('refuses unknown classes, unknown sheets and rewriting the log', () => {
    const { store, shas } = makeStore('refuse', 1);
    expect(() => store.setRecordLabel(alice, shas[0]!, 'N' as RecordClass)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(() => store.setRecordLabel(alice, 'f'.repeat(64), 'mi')).toThrow(
      expect.objectContaining({ code: 'E_NOT_FOUND' }),
    );
    store.setRecordLabel(alice, shas[0]!, 'normal');
    expect(() => store.db.exec(`UPDATE record_label_events SET to_label = 'mi'`)).toThrow(/append-only/);
    expect(() => store.db.exec(`DELETE FROM record_label_events`)).toThrow(/append-only/);
    expect(store.getSheet(shas[0]!, 'alice').myLabel).toBe('normal');
    store.close();
  });

  it('shares one undo stack with beat labels: the latest action is undone first, whichever it was', () => {
    const { store, shas, beatIds } = makeStore('undo', 2);
    store.setLabel(alice, [beatIds[0]!], 'V');
    store.setRecordLabel(alice, shas[0]!, 'mi');
    store.setRecordLabel(alice, shas[0]!, 'normal');
    store.setRecordLabel(bob, shas[0]!, 'abnormal_heartbeat');

    let r = store.replay(alice, 'undo');
    expect(r.events).toEqual([]);
    expect(r.recordEvents).toEqual([expect.objectContaining({ kind: 'undo', from: 'normal', to: 'mi' })]);
    r = store.replay(alice, 'undo');
    expect(r.recordEvents).toEqual([expect.objectContaining({ kind: 'undo', from: 'mi', to: null })]);
    expect(store.getSheet(shas[0]!, 'alice').myLabel).toBeNull();
    expect(store.getSheet(shas[0]!, 'bob').myLabel).toBe('abnormal_heartbeat'); // bob's stack is his own
    r = store.replay(alice, 'undo');
    expect(r.events).toEqual([expect.objectContaining({ beatId: beatIds[0], kind: 'undo', to: null })]);
    expect(r.recordEvents).toEqual([]);

    r = store.replay(alice, 'redo');
    expect(r.events).toEqual([expect.objectContaining({ kind: 'redo', to: 'V' })]);
    r = store.replay(alice, 'redo');
    expect(r.recordEvents).toEqual([expect.objectContaining({ kind: 'redo', from: null, to: 'mi' })]);
    // A new action drops what is left to redo.
    store.setRecordLabel(alice, shas[1]!, 'history_mi');
    expect(store.replay(alice, 'redo')).toEqual({ events: [], recordEvents: [] });
    expect(store.getSheet(shas[0]!, 'alice').myLabel).toBe('mi');
    expect(tableRows(store)).toEqual(viewRows(store));
    store.close();
  });

  it('keeps current_record_labels equal to the view on the log under random labels, undos and redos', () => {
    const { store, shas } = makeStore('random', 3);
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const people = [alice, bob, carol];
    for (let i = 0; i < 300; i++) {
      const who = people[Math.floor(rnd() * 3)]!;
      const op = rnd();
      if (op < 0.6) store.setRecordLabel(who, shas[Math.floor(rnd() * 3)]!, RECORD_CLASSES[Math.floor(rnd() * 4)]!);
      else if (op < 0.85) store.replay(who, 'undo');
      else store.replay(who, 'redo');
    }
    expect(tableRows(store)).toEqual(viewRows(store));
    store.close();
  });

  it('stores record predictions, shows the latest, and refuses one outside the contract', () => {
    const { store, shas } = makeStore('predictions', 2);
    store.insertRecordPrediction(prediction(shas[0]!, 'mi'));
    store.setRecordLabel(alice, shas[0]!, 'normal');
    let sheet = store.getSheet(shas[0]!, 'alice');
    expect(sheet.prediction).toEqual(prediction(shas[0]!, 'mi'));
    expect(sheet.disagreement).toEqual({ reviewers: false, model: true });
    expect(sheet.leads.map((l) => l.name)).toEqual(['I', 'II rhythm']);
    expect(sheet.leads[0]!.samples).toHaveLength(1250);
    expect(sheet.leads[0]!.samples[7]).toBeNull(); // a gap stays a gap
    expect(sheet.leads[0]!.samples[250]).toBe(1);
    expect(sheet.leads[0]!.pixelMap?.pxPerSecond).toBe(100);
    expect(sheet.image).toMatchObject({ sha256: shas[0], kind: 'sheet', status: 'ok', width: 1000 });

    // The same model again replaces its call; the latest written is the one shown.
    store.insertRecordPrediction({ ...prediction(shas[0]!, 'normal'), abstain: true });
    sheet = store.getSheet(shas[0]!, 'alice');
    expect(sheet.prediction).toMatchObject({ predicted: 'normal', abstain: true });
    expect(sheet.disagreement.model).toBe(false);
    expect(store.db.prepare(`SELECT count(*) FROM record_predictions`).pluck().get()).toBe(1);

    expect(() => store.insertRecordPrediction({ ...prediction(shas[1]!, 'mi'), probs: [1, 0] })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(() => store.insertRecordPrediction(prediction('e'.repeat(64), 'mi'))).toThrow(
      expect.objectContaining({ code: 'E_NOT_FOUND' }),
    );

    const images = store.listImages('alice');
    expect(images[0]!.record).toMatchObject({
      predicted: 'normal',
      abstain: true,
      myLabel: 'normal',
      finalLabel: 'normal',
      reviewers: 1,
      modelId: 'sheet-net@1.0.0',
    });
    // A sheet without a prediction is still marked as one.
    expect(images[1]!.record).toMatchObject({ predicted: null, finalLabel: null, reviewers: 0 });
    store.close();
  });
});
