import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynthTruth } from '../../common/schemas/truth';
import type { BatchProgress } from '../../common/schemas/batch';
import type { BeatPage } from '../../common/schemas/view';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { startTestHost, type TestHost } from '../support/start-host';
import { renderSynthFolder } from '../support/synth-folder';
import { getTestModel, isTestModel, type TestModel } from '../support/test-model';

async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) {
    const p = path.join(dir, f);
    const st = await stat(p);
    out[f] = `${createHash('sha256')
      .update(await readFile(p))
      .digest('hex')}:${st.mtimeMs}`;
  }
  return out;
}

async function waitForBatch(host: TestHost, batchId: string): Promise<BatchProgress> {
  for (let i = 0; i < 600; i++) {
    const r = await host.call('getBatchProgress', { batchId });
    const p = r.body.value as BatchProgress | undefined;
    if (p && p.state !== 'running') return p;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error('batch did not finish in 120 s');
}

describe.skipIf(!hasSharedData(MITDB_DIR))('one slice end to end: rendered images → batch → review → export', () => {
  let model: TestModel | null = null;
  let skip = '';
  let work: string;
  let folder: string;
  let truthDir: string;
  let host: TestHost;
  let before: Record<string, string>;

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) {
      skip = m.skip;
      console.warn(`[skip] ${skip}`);
      return;
    }
    model = m;
    work = await mkdtemp(path.join(os.tmpdir(), 'ecg-slice-'));
    folder = path.join(work, 'archive');
    truthDir = await renderSynthFolder(folder, [
      { kind: 'strip', count: 2, records: ['119', '208'] },
      { kind: 'beat', count: 6, records: ['119', '209'] },
    ]);
    // Archives hold other files too: this one must end refused with its reason, not vanish.
    await writeFile(path.join(folder, 'notes.txt'), 'scanned 2019, box 4\n');
    before = await fingerprint(folder);
    host = await startTestHost({ model });
  }, 300_000);
  afterAll(async () => {
    await host?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs the batch, labels, undoes, exports, and leaves the originals untouched', async (ctx) => {
    if (!model) return ctx.skip();
    expect((await host.call('setReviewer', { name: 'Dr Test', role: 'reviewer' })).status).toBe(200);
    const started = await host.call('startBatch', { folder });
    expect(started.body.ok, JSON.stringify(started.body.error)).toBe(true);
    const { batchId, reviewSet } = started.body.value as { batchId: string; reviewSet: string };
    expect(path.relative(folder, reviewSet).startsWith('..')).toBe(true);
    const progress = await waitForBatch(host, batchId);
    expect(progress.state).toBe('done');
    expect(progress.files.total).toBe(9);
    expect(progress.files.ok + progress.files.partial).toBe(8);
    expect(progress.files.refused).toBe(1);
    const refused = (await host.call('listRefusedFiles')).body.value;
    expect(refused).toEqual([
      { path: path.join(folder, 'notes.txt'), code: 'not-an-image', message: 'not an image: content is a text file' },
    ]);

    // Beats found in the strips agree with the renderer's truth (R within 150 ms).
    const page = (await host.call('listBeats', { limit: 2000 })).body.value as BeatPage;
    expect(page.total).toBe(progress.beats);
    const truths = await Promise.all(
      (await readdir(truthDir))
        .filter((f) => f !== 'manifest.json')
        .map(async (f) => SynthTruth.parse(JSON.parse(await readFile(path.join(truthDir, f), 'utf8')))),
    );
    const stripTruthBeats = truths.filter((t) => t.kind === 'strip').reduce((n, t) => n + t.beats.length, 0);
    const beatCrops = page.items.filter((b) => b.lead === 'beat');
    expect(beatCrops).toHaveLength(6);
    expect(page.total - beatCrops.length).toBeGreaterThanOrEqual(Math.floor(stripTruthBeats * 0.95));
    expect(page.total - beatCrops.length).toBeLessThanOrEqual(Math.ceil(stripTruthBeats * 1.05));
    for (const b of page.items) expect(b.predicted).not.toBeNull();

    // Label five beats, undo the last, export: the CSV holds exactly the four that remain.
    const ids = page.items.slice(0, 5).map((b) => b.id);
    for (const [i, id] of ids.entries()) {
      const r = await host.call('setLabel', { beatIds: [id], label: i % 2 ? 'V' : 'S' });
      expect(r.body.ok).toBe(true);
    }
    const undone = await host.call('undo');
    expect((undone.body.value as { event: { beatId: string } }).event.beatId).toBe(ids[4]);
    const out = path.join(work, 'export');
    const exp = await host.call('exportSet', { format: 'csv', outDir: out });
    expect(exp.body.ok, JSON.stringify(exp.body.error)).toBe(true);
    const files = await readdir(out);
    const full = files.find((f) => /full|beats/.test(f) && f.endsWith('.csv'));
    expect(full, files.join(', ')).toBeDefined();
    const text = await readFile(path.join(out, full!), 'utf8');
    for (const [i, id] of ids.slice(0, 4).entries()) {
      const line = text.split('\n').find((l) => l.includes(id));
      expect(line, id).toBeDefined();
      expect(line).toContain(i % 2 ? ',V' : ',S');
    }
    expect(text).not.toContain(ids[4]);

    // Exporting into the source folder is refused; the originals are byte- and mtime-identical.
    const into = await host.call('exportSet', { format: 'csv', outDir: path.join(folder, 'x') });
    expect(into.body.error?.code).toBe('E_EXPORT_INTO_SOURCE');
    expect(await fingerprint(folder)).toEqual(before);
  });

  it('resumes: a second batch over the same folder skips every image by content hash', async (ctx) => {
    if (!model) return ctx.skip();
    const r = await host.call('startBatch', { folder });
    const p = await waitForBatch(host, (r.body.value as { batchId: string }).batchId);
    expect(p.files.skipped).toBe(8);
    expect(p.files.refused).toBe(1);
    expect(p.beats).toBe(0);
  });
});
