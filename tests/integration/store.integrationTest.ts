import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAMI_CLASSES, LABEL_VALUES, type LabelValue } from '../../common/ecg/aami';
import { formatBeatId } from '../../common/schemas/beat';
import type { Reviewer } from '../../common/schemas/review';
import type { BeatFilter, BeatSummary } from '../../common/schemas/view';
import { decodeFloat32 } from '../../electron/engine/store/blobs';
import { computeCohenKappa } from '../../electron/engine/store/kappa';
import { checkDatabaseIntegrity } from '../../electron/engine/store/open-database';
import { type ReviewStore, openReviewStore } from '../../electron/engine/store/review-store';
import { ECG_STORE_SCHEMA_VERSION } from '../../electron/engine/store/schema';
import { hashBytes } from '../../electron/engine/util/hash';
import { createRng, fillSyntheticReviewSet, type SyntheticSet } from './store-fixture';

const alice: Reviewer = { name: 'alice', role: 'reviewer' };
const bob: Reviewer = { name: 'bob', role: 'reviewer' };
const carol: Reviewer = { name: 'carol', role: 'adjudicator' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecg-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newStore(
  name: string,
  opts: Parameters<typeof fillSyntheticReviewSet>[1],
): { store: ReviewStore; set: SyntheticSet; file: string } {
  const file = path.join(dir, `${name}.ecgreview`);
  const store = openReviewStore(file, { create: true });
  return { store, set: fillSyntheticReviewSet(store, { folder: path.join(dir, 'scans'), ...opts }), file };
}

function allBeats(store: ReviewStore, reviewer: string | null): BeatSummary[] {
  const out: BeatSummary[] = [];
  for (let offset = 0; ; offset += 2000) {
    const page = store.listBeats({ reviewer, offset, limit: 2000 });
    out.push(...page.items);
    if (out.length >= page.total) return out;
  }
}

function currentFromView(store: ReviewStore): string[] {
  return (
    store.db
      .prepare(`SELECT beat_id || '|' || reviewer || '|' || label AS k FROM current_label_view`)
      .pluck()
      .all() as string[]
  ).sort();
}

function currentFromTable(store: ReviewStore): string[] {
  return (
    store.db
      .prepare(
        `SELECT b.id || '|' || c.reviewer || '|' || c.label AS k FROM current_labels c JOIN beats b ON b.key = c.beat_key`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

describe('review store: pipeline writers', () => {
  it('reports an image as done only once it has a final status, and refuses inconsistent beats', () => {
    const { store, set } = newStore('writers', { images: 2, leadsPerImage: 1, beatsPerLead: 5 });
    const sha = hashBytes(Buffer.from('another scan'));
    store.upsertImage({
      sha256: sha,
      path: '/x/a.png',
      format: 'png',
      width: 10,
      height: 10,
      bytes: 3,
      status: 'pending',
      reasons: [],
    });
    expect(store.hasImage(sha)).toBe(false);
    store.markImageStatus(sha, 'refused', [{ code: 'no-trace', message: 'no ECG trace found' }]);
    expect(store.hasImage(sha)).toBe(true);
    expect(store.listImages().find((i) => i.sha256 === sha)?.reasons[0]?.code).toBe('no-trace');
    expect(store.hasImage(set.imageShas[0]!)).toBe(true);

    const beat = {
      id: formatBeatId(sha, 'II', 10),
      imageSha256: sha,
      lead: 'II',
      rSample: 10,
      fs: 250,
      windowStart: 0,
      windowEnd: 20,
      rhythm: null,
    };
    expect(() => store.insertBeats([beat])).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
    store.insertLead({
      imageSha256: sha,
      name: 'II',
      fs: 250,
      samples: new Float32Array(100),
      pixelMap: null,
      quality: null,
    });
    expect(() => store.insertBeats([{ ...beat, id: formatBeatId(sha, 'II', 11) }])).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    store.insertBeats([beat]);
    expect(store.getSummary().beats).toBe(11);
    store.close();
  });

  it('keeps labels when the pipeline re-inserts the same beats (identity is the beat id)', () => {
    const { store, set } = newStore('reinsert', { images: 1, leadsPerImage: 1, beatsPerLead: 5 });
    store.setLabel(alice, [set.beatIds[2]!], 'V');
    const before = store.getBeat(set.beatIds[2]!, 'alice');
    // Re-run of the same image: same beats come again.
    fillSyntheticReviewSet(store, { images: 1, leadsPerImage: 1, beatsPerLead: 5, folder: path.join(dir, 'scans') });
    expect(store.getSummary().beats).toBe(5);
    expect(store.getBeat(set.beatIds[2]!, 'alice').summary.myLabel).toBe('V');
    expect(before.summary.finalLabel).toBe('V');
    store.close();
  });
});

describe('review store: label log', () => {
  let store: ReviewStore;
  let set: SyntheticSet;
  beforeAll(() => {
    ({ store, set } = newStore('labels', { images: 3, leadsPerImage: 2, beatsPerLead: 40 }));
  });
  afterAll(() => store.close());

  it('records who, when, from what to what, and writes at synchronous=FULL', () => {
    const [b0] = set.beatIds;
    const e1 = store.setLabel(alice, [b0!], 'V');
    expect(e1).toHaveLength(1);
    expect(e1[0]).toMatchObject({ beatId: b0, reviewer: 'alice', kind: 'label', from: null, to: 'V' });
    expect(Date.parse(e1[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    const e2 = store.setLabel(alice, [b0!], 'S');
    expect(e2[0]).toMatchObject({ from: 'V', to: 'S' });
    expect(store.setLabel(alice, [b0!], 'S')).toEqual([]); // no-op, nothing logged
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('bulk-sets a selection in one transaction: one unknown beat and nothing is written', () => {
    const before = store.listEvents().length;
    const bogus = formatBeatId('f'.repeat(64), 'II', 1);
    expect(() => store.setLabel(bob, [...set.beatIds.slice(10, 20), bogus], 'N')).toThrow(
      expect.objectContaining({ code: 'E_NOT_FOUND' }),
    );
    expect(store.listEvents().length).toBe(before);
    const events = store.setLabel(bob, set.beatIds.slice(10, 20), 'N');
    expect(events).toHaveLength(10);
    expect(new Set(events.map((e) => e.at)).size).toBe(1);
  });

  it('refuses to rewrite the log', () => {
    expect(() => store.db.prepare(`UPDATE label_events SET to_label = 'Q'`).run()).toThrow(/append-only/);
    expect(() => store.db.prepare(`DELETE FROM label_events`).run()).toThrow(/append-only/);
  });

  it('undoes and redoes per reviewer by appending events, leaving other reviewers alone', () => {
    const a = set.beatIds.slice(30, 33);
    const b = set.beatIds.slice(33, 36);
    const logBefore = store.listEvents();
    store.setLabel(alice, a, 'V');
    store.setLabel(bob, b, 'F');
    store.setLabel(alice, [a[0]!, a[1]!], 'Q');
    const label = (id: string, who: string) => store.getBeat(id, who).summary.myLabel;

    const u1 = store.undo(alice);
    expect(u1.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['undo', 'Q', 'V'],
      ['undo', 'Q', 'V'],
    ]);
    expect(a.map((id) => label(id, 'alice'))).toEqual(['V', 'V', 'V']);
    store.undo(alice);
    expect(a.map((id) => label(id, 'alice'))).toEqual([null, null, null]);
    expect(b.map((id) => label(id, 'bob'))).toEqual(['F', 'F', 'F']);

    const r1 = store.redo(alice);
    expect(r1.every((e) => e.kind === 'redo' && e.to === 'V')).toBe(true);
    expect(a.map((id) => label(id, 'alice'))).toEqual(['V', 'V', 'V']);
    // A new action clears the redo stack.
    store.setLabel(alice, [a[2]!], 'N');
    expect(store.redo(alice)).toEqual([]);
    // Bob's own undo only touches Bob's labels.
    store.undo(bob);
    expect(b.map((id) => label(id, 'bob'))).toEqual([null, null, null]);
    expect(a.map((id) => label(id, 'alice'))).toEqual(['V', 'V', 'N']);

    // The log only grew: every earlier event is still there, unchanged.
    const logAfter = store.listEvents();
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    expect(logAfter.length).toBeGreaterThan(logBefore.length + 10);
  });

  it('keeps the materialised current labels equal to the view defined on the log, under random actions', () => {
    const rnd = createRng(42);
    const people = [alice, bob, carol];
    for (let i = 0; i < 300; i++) {
      const who = people[Math.floor(rnd() * 3)]!;
      const op = rnd();
      if (op < 0.6) {
        const start = Math.floor(rnd() * (set.beatIds.length - 5));
        store.setLabel(
          who,
          set.beatIds.slice(start, start + 1 + Math.floor(rnd() * 4)),
          LABEL_VALUES[Math.floor(rnd() * 6)]!,
        );
      } else if (op < 0.75) store.undo(who);
      else if (op < 0.85) store.redo(who);
      else if (op < 0.95) store.acceptModel(who, [set.beatIds[Math.floor(rnd() * set.beatIds.length)]!]);
      else store.setFlag(who, set.beatIds[Math.floor(rnd() * set.beatIds.length)]!, rnd() < 0.7);
    }
    expect(currentFromTable(store)).toEqual(currentFromView(store));
    expect(checkDatabaseIntegrity(store.db)).toEqual([]);
  });

  it("accepts the model's label as the reviewer's", () => {
    const id = set.beatIds[50]!;
    const predicted = store.getBeat(id).summary.predicted;
    const [e] = store.acceptModel({ name: 'dave', role: 'reviewer' }, [id]);
    expect(e).toMatchObject({ kind: 'accept', to: predicted, reviewer: 'dave' });
  });

  it('records comments and flags, shown in the detail and filterable', () => {
    const id = set.beatIds[60]!;
    store.comment(alice, id, 'notched QRS, check lead V1');
    store.setFlag(alice, id, true);
    store.setFlag(bob, id, true);
    store.setFlag(alice, id, false);
    const d = store.getBeat(id, 'alice');
    expect(d.comments.at(-1)).toMatchObject({ reviewer: 'alice', text: 'notched QRS, check lead V1' });
    expect(d.summary.flagged).toBe(true); // bob still flags it
    store.setFlag(bob, id, false);
    expect(store.getBeat(id).summary.flagged).toBe(false);
    store.setFlag(bob, id, true);
    const flagged = store.listBeats({ filter: { flagged: true }, limit: 2000 });
    expect(flagged.items.map((b) => b.id)).toContain(id);
    expect(flagged.items.every((b) => b.flagged)).toBe(true);
  });
});

describe('review store: final labels, disagreements and adjudication', () => {
  it('applies the final-label rule and queues disagreements until an adjudicator decides', () => {
    const { store, set } = newStore('adjudicate', { images: 1, leadsPerImage: 1, beatsPerLead: 30 });
    const [x, y, z] = set.beatIds;
    store.setLabel(alice, [x!, y!, z!], 'V');
    store.setLabel(bob, [x!], 'V');
    store.setLabel(bob, [y!], 'N');
    expect(store.getBeat(x!).summary.finalLabel).toBe('V');
    expect(store.getBeat(y!).summary.finalLabel).toBeNull();
    expect(store.getBeat(y!).summary.disagreement).toBe(true);

    const queue = store.listDisagreements({ limit: 100 });
    expect(queue.items.map((b) => b.id)).toContain(y);
    expect(queue.items[0]!.id).toBe(y); // reviewer-vs-reviewer first
    expect(queue.items.every((b) => b.disagreement)).toBe(true);

    const [e] = store.setLabel(carol, [y!], 'F');
    expect(e!.kind).toBe('adjudicate');
    const after = store.getBeat(y!);
    expect(after.summary.finalLabel).toBe('F');
    expect(after.summary.disagreement).toBe(false);
    expect(after.labels.map((l) => `${l.reviewer}:${l.label}`).sort()).toEqual(['alice:V', 'bob:N', 'carol:F']);
    expect(store.listDisagreements({ limit: 100 }).items.map((b) => b.id)).not.toContain(y);
    // Undoing the adjudication reopens the disagreement.
    store.undo(carol);
    expect(store.getBeat(y!).summary.finalLabel).toBeNull();
    expect(store.getBeat(y!).summary.disagreement).toBe(true);
    store.close();
  });
});

describe('review store: queries', () => {
  let store: ReviewStore;
  let set: SyntheticSet;
  beforeAll(() => {
    ({ store, set } = newStore('queries', { images: 4, leadsPerImage: 2, beatsPerLead: 150 }));
    const rnd = createRng(7);
    for (const who of [alice, bob]) {
      for (const id of set.beatIds) if (rnd() < 0.4) store.setLabel(who, [id], LABEL_VALUES[Math.floor(rnd() * 6)]!);
    }
    for (const id of set.beatIds.slice(0, 300)) if (rnd() < 0.1) store.setFlag(alice, id, true);
  });
  afterAll(() => store.close());

  it('lists beats in position order (image, lead, R sample) with the inserted data', () => {
    const beats = allBeats(store, 'alice');
    expect(beats.map((b) => b.id)).toEqual(set.beatIds);
    for (const b of beats.slice(0, 50)) {
      expect(b.thumb.length).toBeGreaterThan(0);
      expect(b.probs).toHaveLength(5);
      expect(b.predicted).toBe(AAMI_CLASSES[b.probs!.indexOf(Math.max(...b.probs!))]);
    }
  });

  it('filters, sorts and pages exactly like a brute-force pass over all beats', () => {
    const all = allBeats(store, 'alice');
    const key = new Map(all.map((b, i) => [b.id, i]));
    const cls = (b: BeatSummary) => (b.predicted ? AAMI_CLASSES.indexOf(b.predicted) : -1);
    const byEntropy = (a: BeatSummary, b: BeatSummary) =>
      (b.entropy ?? -1) - (a.entropy ?? -1) || key.get(a.id)! - key.get(b.id)!;
    const sorts = {
      position: (a: BeatSummary, b: BeatSummary) => key.get(a.id)! - key.get(b.id)!,
      uncertainty: byEntropy,
      class: (a: BeatSummary, b: BeatSummary) => cls(a) - cls(b) || byEntropy(a, b),
    };
    const cases: { filter: BeatFilter; keep: (b: BeatSummary) => boolean }[] = [
      { filter: {}, keep: () => true },
      { filter: { predicted: ['V', 'F'] }, keep: (b) => b.predicted === 'V' || b.predicted === 'F' },
      { filter: { label: ['none'] }, keep: (b) => b.myLabel === null },
      {
        filter: { label: ['S', 'unsure', 'none'] },
        keep: (b) => b.myLabel === null || b.myLabel === 'S' || b.myLabel === 'unsure',
      },
      { filter: { minEntropy: 1.0 }, keep: (b) => (b.entropy ?? -1) >= 1.0 },
      { filter: { disagreement: true }, keep: (b) => b.disagreement },
      { filter: { flagged: true }, keep: (b) => b.flagged },
      { filter: { imageSha256: set.imageShas[2]! }, keep: (b) => b.imageSha256 === set.imageShas[2] },
      {
        filter: { predicted: ['N'], label: ['V'], disagreement: true },
        keep: (b) => b.predicted === 'N' && b.myLabel === 'V' && b.disagreement,
      },
    ];
    for (const c of cases) {
      for (const sort of ['position', 'uncertainty', 'class'] as const) {
        const expected = all
          .filter(c.keep)
          .sort(sorts[sort])
          .map((b) => b.id);
        const first = store.listBeats({ filter: c.filter, sort, reviewer: 'alice', offset: 0, limit: 37 });
        const deep = store.listBeats({ filter: c.filter, sort, reviewer: 'alice', offset: 74, limit: 37 });
        expect(first.total, JSON.stringify(c.filter)).toBe(expected.length);
        expect(
          first.items.map((b) => b.id),
          `${sort} ${JSON.stringify(c.filter)}`,
        ).toEqual(expected.slice(0, 37));
        expect(deep.items.map((b) => b.id)).toEqual(expected.slice(74, 111));
      }
    }
    expect(all.some((b) => b.disagreement) && all.some((b) => b.flagged)).toBe(true);
  });

  it("gives a beat's detail: samples around it, window, RR, labels and the model's output", () => {
    const id = set.beatIds[20]!;
    const d = store.getBeat(id, 'alice');
    expect(d.summary.id).toBe(id);
    expect(d.offset).toBeLessThanOrEqual(d.window.start);
    expect(d.offset + d.samples.length).toBeGreaterThanOrEqual(d.window.end);
    const rSample = Number(id.split(':').at(-1));
    // The R peak of the synthetic beat is its largest |value| near R.
    const near = d.samples.slice(rSample - d.offset - 5, rSample - d.offset + 6).map((v) => Math.abs(v ?? 0));
    expect(Math.max(...near)).toBeGreaterThan(0.8);
    expect(d.rr.length).toBeGreaterThan(2);
    for (const r of d.rr) expect(r.rrMs).toBeGreaterThan(600); // 0.8 s ± jitter
    expect(d.foldProbs).toHaveLength(5);
    expect(d.modelId).toBe(set.modelId);
    expect(d.saliency).toHaveLength(18);
  });

  it('finds nearest neighbours by cosine similarity, as a brute-force check does', () => {
    const rows = store.db.prepare(`SELECT b.id, e.vec FROM embeddings e JOIN beats b ON b.key = e.beat_key`).all() as {
      id: string;
      vec: Buffer;
    }[];
    const vecs = new Map(rows.map((r) => [r.id, Array.from(decodeFloat32(r.vec))]));
    const cos = (a: number[], b: number[]) => {
      let d = 0,
        na = 0,
        nb = 0;
      for (let i = 0; i < a.length; i++) {
        d += a[i]! * b[i]!;
        na += a[i]! ** 2;
        nb += b[i]! ** 2;
      }
      return d / Math.sqrt(na * nb);
    };
    for (const q of [set.beatIds[3]!, set.beatIds[400]!]) {
      const expected = [...vecs.keys()]
        .filter((id) => id !== q)
        .sort((a, b) => cos(vecs.get(b)!, vecs.get(q)!) - cos(vecs.get(a)!, vecs.get(q)!))
        .slice(0, 10);
      const got = store.findSimilar(q, 10);
      expect(got).toEqual(expected);
      // The fake embeddings cluster by class: the neighbours share the query's class.
      expect(got.filter((id) => set.truth.get(id) === set.truth.get(q)).length).toBeGreaterThanOrEqual(9);
    }
  });

  it('computes stats: counts, model-vs-final confusion, kappa per pair and Fleiss overall', () => {
    const s = store.getStats();
    const all = allBeats(store, null);
    expect(Object.values(s.predictedCounts).reduce((a, v) => a + v, 0)).toBe(all.filter((b) => b.predicted).length);
    for (const c of LABEL_VALUES) expect(s.labelCounts[c]).toBe(all.filter((b) => b.finalLabel === c).length);
    expect(s.confusion.flat().reduce((a, v) => a + v, 0)).toBe(
      all.filter((b) => b.finalLabel && b.finalLabel !== 'unsure' && b.predicted).length,
    );
    const v = AAMI_CLASSES.indexOf('V');
    expect(s.confusion[v]![AAMI_CLASSES.indexOf('N')]).toBe(
      all.filter((b) => b.finalLabel === 'V' && b.predicted === 'N').length,
    );
    const pair = s.kappaPairs.find((p) => p.a === 'alice' && p.b === 'bob')!;
    const la = new Map(allBeats(store, 'alice').map((b) => [b.id, b.myLabel]));
    const pairs = allBeats(store, 'bob')
      .filter((b) => b.myLabel && la.get(b.id))
      .map((b) => [la.get(b.id)!, b.myLabel!] as [string, string]);
    expect(pair.n).toBe(pairs.length);
    expect(pair.kappa).toBeCloseTo(computeCohenKappa(pairs)!, 12);
    // Random labels: agreement near chance.
    expect(Math.abs(pair.kappa!)).toBeLessThan(0.15);
    expect(Math.abs(s.fleissKappa!)).toBeLessThan(0.15);
  });

  it('switches the active model and shows its predictions', () => {
    const v2 = fillSyntheticReviewSet(store, {
      images: 4,
      leadsPerImage: 2,
      beatsPerLead: 150,
      folder: path.join(dir, 'scans'),
      seed: 1,
      modelVersion: '2.0.0',
    });
    expect(
      store
        .listModels()
        .filter((m) => m.active)
        .map((m) => m.id),
    ).toEqual([set.modelId]);
    store.setActiveModel(v2.modelId);
    expect(store.listModels().find((m) => m.active)?.id).toBe(v2.modelId);
    expect(store.getBeat(set.beatIds[0]!).modelId).toBe(v2.modelId);
    expect(() => store.setActiveModel('nope@0#000000000000')).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
  });
});

describe('review store: bad input', () => {
  function makeClosedSet(name: string): string {
    const { store, file } = newStore(name, { images: 1, leadsPerImage: 1, beatsPerLead: 50 });
    store.setLabel(alice, [store.listBeats({ limit: 1 }).items[0]!.id], 'V');
    store.close();
    return file;
  }
  const sidecars = (file: string) => [`${file}-wal`, `${file}-shm`].filter(existsSync);

  it('refuses a review set from a newer schema, writing nothing', () => {
    const file = makeClosedSet('newer');
    const raw = new Database(file);
    raw.pragma(`user_version = ${ECG_STORE_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = hashBytes(readFileSync(file));
    expect(() => openReviewStore(file)).toThrow(
      expect.objectContaining({ code: 'E_SCHEMA_TOO_NEW', message: expect.stringMatching(/newer/) }),
    );
    expect(() => openReviewStore(file, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'E_SCHEMA_TOO_NEW' }),
    );
    expect(hashBytes(readFileSync(file))).toBe(before);
    expect(sidecars(file)).toEqual([]);
  });

  it('refuses a truncated review set with a clear error', () => {
    const file = makeClosedSet('truncated');
    const size = readFileSync(file).byteLength;
    truncateSync(file, Math.floor(size / 2));
    expect(() => openReviewStore(file)).toThrow(
      expect.objectContaining({ code: 'E_CORRUPT_DATABASE', message: expect.stringMatching(/truncated/) }),
    );
    truncateSync(file, 40);
    expect(() => openReviewStore(file)).toThrow(expect.objectContaining({ code: 'E_CORRUPT_DATABASE' }));
  });

  it('refuses files that are not review sets, and a missing file unless asked to create it', () => {
    const junk = path.join(dir, 'junk.ecgreview');
    writeFileSync(junk, Buffer.alloc(8192, 0x41));
    expect(() => openReviewStore(junk)).toThrow(expect.objectContaining({ code: 'E_CORRUPT_DATABASE' }));
    const other = path.join(dir, 'other.sqlite');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => openReviewStore(other)).toThrow(expect.objectContaining({ code: 'E_INVALID_INPUT' }));
    expect(() => openReviewStore(path.join(dir, 'absent.ecgreview'))).toThrow(
      expect.objectContaining({ code: 'E_NOT_FOUND' }),
    );
    expect(existsSync(path.join(dir, 'absent.ecgreview'))).toBe(false);
  });

  it('migrates once and reopens an existing set without re-running migrations', () => {
    const file = makeClosedSet('reopen');
    const copy = path.join(dir, 'reopen-copy.ecgreview');
    copyFileSync(file, copy);
    const s = openReviewStore(copy);
    expect(s.getSchemaVersion()).toBe(ECG_STORE_SCHEMA_VERSION);
    expect(s.db.prepare(`SELECT count(*) FROM schema_migrations`).pluck().get()).toBe(ECG_STORE_SCHEMA_VERSION);
    expect(s.getSummary().labelled).toBe(1);
    s.close();
  });

  it('rejects invalid reviewer names and label values', () => {
    const { store, set } = newStore('invalid', { images: 1, leadsPerImage: 1, beatsPerLead: 3 });
    expect(() => store.setLabel({ name: '  ', role: 'reviewer' }, [set.beatIds[0]!], 'N')).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(() => store.setLabel(alice, [set.beatIds[0]!], 'X' as LabelValue)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(store.listEvents()).toEqual([]);
    store.close();
  });
});
