import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reviewer } from '../../common/schemas/review';
import { runCli } from '../../electron/cli/main';
import { mergeReviewSets } from '../../electron/engine/store/merge-review-sets';
import { type ReviewStore, openReviewStore } from '../../electron/engine/store/review-store';
import { hashBytes } from '../../electron/engine/util/hash';
import { type SyntheticSet, fillSyntheticReviewSet } from './store-fixture';

const alice: Reviewer = { name: 'alice', role: 'reviewer' };
const bob: Reviewer = { name: 'bob', role: 'reviewer' };
const carol: Reviewer = { name: 'carol', role: 'adjudicator' };
const SHAPE = { images: 3, leadsPerImage: 2, beatsPerLead: 30 };

let dir: string;
let base: SyntheticSet;
let baseFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecg-merge-'));
  baseFile = path.join(dir, 'base.ecgreview');
  const s = openReviewStore(baseFile, { create: true });
  base = fillSyntheticReviewSet(s, { ...SHAPE, folder: path.join(dir, 'scans') });
  s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A reviewer's own copy of the batch's review set. */
function copyOf(name: string): { file: string; store: ReviewStore } {
  const file = path.join(dir, `${name}.ecgreview`);
  copyFileSync(baseFile, file);
  return { file, store: openReviewStore(file) };
}

function labelsOf(store: ReviewStore, id: string): Record<string, string> {
  return Object.fromEntries(store.getBeat(id).labels.map((l) => [l.reviewer, l.label]));
}

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTTY: false }, out, err };
}

// Temporary merge files, and -wal/-shm sidecars a read-only open would leave beside the inputs.
const leftovers = () =>
  readdirSync(dir).filter((f) => f.includes('.merge-') || f.endsWith('-wal') || f.endsWith('-shm'));

describe('merge of reviewers copies', () => {
  let aFile: string;
  let bFile: string;
  let aEvents: number;
  let bEvents: number;
  const ids = () => base.beatIds;

  beforeAll(() => {
    const a = copyOf('a');
    a.store.setLabel(alice, ids().slice(0, 20), 'V');
    a.store.setLabel(alice, ids().slice(20, 25), 'N');
    a.store.comment(alice, ids()[0]!, 'wide QRS');
    a.store.setFlag(alice, ids()[1]!, true);
    aEvents = a.store.listEvents().length;
    aFile = a.file;
    a.store.close();
    const b = copyOf('b');
    b.store.setLabel(bob, ids().slice(10, 30), 'V'); // agrees on 10..19, disagrees on 20..24
    b.store.setLabel(carol, [ids()[22]!], 'F');
    bEvents = b.store.listEvents().length;
    bFile = b.file;
    b.store.close();
  });

  it("keeps everyone's events and recomputes final labels", () => {
    const out = path.join(dir, 'merged.ecgreview');
    const report = mergeReviewSets(out, [aFile, bFile]);
    expect(report).toMatchObject({
      images: SHAPE.images,
      beats: base.beatIds.length,
      events: aEvents + bEvents,
      reattached: 0,
      added: 0,
    });
    const m = openReviewStore(out);
    expect(m.listEvents()).toHaveLength(aEvents + bEvents);
    expect(labelsOf(m, ids()[5]!)).toEqual({ alice: 'V' });
    expect(labelsOf(m, ids()[15]!)).toEqual({ alice: 'V', bob: 'V' });
    expect(m.getBeat(ids()[15]!).summary.finalLabel).toBe('V');
    expect(labelsOf(m, ids()[21]!)).toEqual({ alice: 'N', bob: 'V' });
    expect(m.getBeat(ids()[21]!).summary.finalLabel).toBeNull();
    expect(m.getBeat(ids()[21]!).summary.disagreement).toBe(true);
    expect(m.getBeat(ids()[22]!).summary.finalLabel).toBe('F'); // the adjudicator decided
    expect(m.getBeat(ids()[0]!).comments.map((c) => c.text)).toEqual(['wide QRS']);
    expect(m.getBeat(ids()[1]!).summary.flagged).toBe(true);
    expect(m.getSummary().reviewers).toEqual(['alice', 'bob', 'carol']);
    // Predictions, embeddings and images came along.
    expect(m.getBeat(ids()[3]!).modelId).toBe(base.modelId);
    expect(m.findSimilar(ids()[3]!, 5)).toHaveLength(5);
    expect(
      m
        .listImages()
        .map((i) => i.sha256)
        .sort(),
    ).toEqual([...base.imageShas].sort());
    expect(m.getStats().kappaPairs.find((p) => p.a === 'alice' && p.b === 'bob')?.n).toBe(15);
    m.close();
    expect(leftovers()).toEqual([]);
  });

  it('does not duplicate events when a merged set is merged again', () => {
    const first = path.join(dir, 'merged-1.ecgreview');
    const again = path.join(dir, 'merged-2.ecgreview');
    mergeReviewSets(first, [aFile, bFile]);
    const report = mergeReviewSets(again, [first, aFile]);
    expect(report.events).toBe(aEvents + bEvents);
  });

  it('refuses sets of different images (E_MISMATCHED_SETS), writing nothing', async () => {
    const otherFile = path.join(dir, 'other.ecgreview');
    const s = openReviewStore(otherFile, { create: true });
    fillSyntheticReviewSet(s, { ...SHAPE, seed: 99, folder: path.join(dir, 'scans2') });
    s.close();
    const out = path.join(dir, 'mismatch.ecgreview');
    expect(() => mergeReviewSets(out, [aFile, otherFile])).toThrow(
      expect.objectContaining({
        code: 'E_MISMATCHED_SETS',
        details: expect.arrayContaining([expect.stringMatching(/lacks 3 image/)]),
      }),
    );
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);

    const cli = captureIo();
    expect(await runCli(['merge', out, aFile, otherFile], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toMatch(/E_MISMATCHED_SETS/);
    expect(existsSync(out)).toBe(false);

    // Shards of one folder: --union joins them.
    const union = captureIo();
    expect(await runCli(['merge', out, aFile, otherFile, '--union', '--json'], union.io)).toBe(0);
    const report = JSON.parse(union.out.join('')) as { images: number; beats: number; added: number };
    expect(report.images).toBe(2 * SHAPE.images);
    expect(report.beats).toBe(2 * base.beatIds.length);
    const m = openReviewStore(out);
    expect(labelsOf(m, ids()[5]!)).toEqual({ alice: 'V' });
    m.close();
  });

  it('re-attaches labels to beats a later digitizer placed a few samples off', () => {
    const shiftedFile = path.join(dir, 'shifted.ecgreview');
    const s = openReviewStore(shiftedFile, { create: true });
    const shifted = fillSyntheticReviewSet(s, { ...SHAPE, rShift: 3, folder: path.join(dir, 'scans') });
    s.setLabel(bob, shifted.beatIds.slice(0, 5), 'S');
    s.close();
    const out = path.join(dir, 'reattached.ecgreview');
    const report = mergeReviewSets(out, [aFile, shiftedFile]);
    expect(report.reattached).toBe(base.beatIds.length);
    expect(report.beats).toBe(base.beatIds.length);
    const m = openReviewStore(out);
    expect(labelsOf(m, ids()[0]!)).toEqual({ alice: 'V', bob: 'S' });
    expect(
      m
        .listEvents()
        .filter((e) => e.reviewer === 'bob')
        .every((e) => base.beatIds.includes(e.beatId)),
    ).toBe(true);
    m.close();
  });

  it('never overwrites without --force, and refuses a newer-schema input without writing', () => {
    const out = path.join(dir, 'exists.ecgreview');
    mergeReviewSets(out, [aFile, bFile]);
    const before = hashBytes(readFileSync(out));
    expect(() => mergeReviewSets(out, [aFile, bFile])).toThrow(expect.objectContaining({ code: 'E_EXPORT_EXISTS' }));
    expect(hashBytes(readFileSync(out))).toBe(before);
    mergeReviewSets(out, [aFile, bFile], { force: true });

    const newer = path.join(dir, 'newer.ecgreview');
    copyFileSync(bFile, newer);
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    const out2 = path.join(dir, 'never.ecgreview');
    expect(() => mergeReviewSets(out2, [aFile, newer])).toThrow(expect.objectContaining({ code: 'E_SCHEMA_TOO_NEW' }));
    expect(existsSync(out2)).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});
