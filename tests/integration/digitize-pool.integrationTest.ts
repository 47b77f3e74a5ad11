import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigitizer } from '../../electron/engine/batch/digitize-adapter';
import { digitizeBytes } from '../../electron/engine/batch/digitize-bytes';
import type { DigitizeWorkerReply } from '../../electron/engine/batch/digitize-messages';
import { runBatch } from '../../electron/engine/batch/run-batch';
import { openReviewStore, type ReviewStore } from '../../electron/engine/store/review-store';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { renderSynthFolder } from '../support/synth-folder';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Everything a no-model batch leaves in a review set, in a stable order. */
function readStored(store: ReviewStore) {
  return {
    images: store.db.prepare('SELECT sha256, path, kind, status, reasons FROM images ORDER BY sha256').all(),
    leads: store.db
      .prepare(
        `SELECT i.sha256, l.name, l.fs, hex(l.samples) AS samples, l.pixel_map, l.quality
         FROM leads l JOIN images i ON i.key = l.image_key ORDER BY i.sha256, l.name`,
      )
      .all(),
    beats: store.db
      .prepare('SELECT id, window_start, window_end, rhythm, hex(thumb) AS thumb FROM beats ORDER BY id')
      .all(),
    refused: store.listRefusedFiles(),
  };
}

describe.skipIf(!hasSharedData(MITDB_DIR))('digitizer worker pool', () => {
  let work: string;
  let folder: string;
  let files: string[];

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ecg-digitize-pool-'));
    folder = path.join(work, 'in');
    await renderSynthFolder(folder, [
      { kind: 'beat', count: 8, records: ['119', '208'], artifacts: 2 },
      { kind: 'strip', count: 2, records: ['209'] },
      { kind: 'sheet', count: 1, records: ['223'] },
    ]);
    const names = (await readdir(folder)).sort();
    // A cut file and a second copy of an image: a refusal and a duplicate, both in walk order.
    const first = await readFile(path.join(folder, names[0]!));
    await writeFile(path.join(folder, 'zz-cut.png'), first.subarray(0, first.length >> 1));
    await copyFile(path.join(folder, names[1]!), path.join(folder, 'zz-copy.png'));
    files = (await readdir(folder)).sort().map((f) => path.join(folder, f));
  }, 180_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('digitizes every image exactly as the calling thread does, moving the bytes instead of copying', async () => {
    const digitize = createDigitizer({ workers: 2 });
    try {
      expect(digitize.concurrency).toBeGreaterThan(1);
      const pooled = await Promise.all(
        files.map(async (f) => {
          const bytes = new Uint8Array(await readFile(f));
          const r = await digitize(bytes, f);
          return { r, moved: bytes.byteLength === 0 };
        }),
      );
      for (const [i, f] of files.entries()) {
        const own = await digitizeBytes(await readFile(f));
        expect(pooled[i]!.r, path.basename(f)).toEqual(own);
        expect(pooled[i]!.moved).toBe(true);
      }
      expect(pooled.some((p) => p.r.kind === 'sheet' && p.r.leads.length >= 12)).toBe(true);
      expect(pooled.some((p) => p.r.status === 'refused')).toBe(true); // the cut file
    } finally {
      await digitize.close?.();
    }
  });

  it('leaves the host thread free while images are digitized', async () => {
    const sheet = files.find((f) => path.basename(f).startsWith('sheet'))!;
    const bytes = await readFile(sheet);
    const measure = async (digitize: ReturnType<typeof createDigitizer>) => {
      const before = performance.eventLoopUtilization();
      await Promise.all([0, 1, 2].map(() => digitize(new Uint8Array(bytes), sheet)));
      return performance.eventLoopUtilization(before).utilization;
    };
    const pool = createDigitizer({ workers: 1 });
    try {
      await measure(pool); // starts the worker
      const inThread = await measure(createDigitizer({ workers: 0 }));
      const pooled = await measure(pool);
      // On the calling thread the digitizer is synchronous work; with the pool the thread waits.
      expect(inThread).toBeGreaterThan(0.6);
      expect(pooled).toBeLessThan(inThread / 2);
    } finally {
      await pool.close?.();
    }
  });

  it('a batch through the pool stores what a batch on the calling thread stores, duplicates and refusals included', async () => {
    const run = async (name: string, workers: number) => {
      const store = openReviewStore(path.join(work, `${name}.ecgreview`), { create: true });
      const digitize = createDigitizer({ workers });
      try {
        const r = await runBatch({ folder, store, digitize, inference: null, flushImages: 3 });
        return { progress: r.progress, stored: readStored(store) };
      } finally {
        await digitize.close?.();
        store.close();
      }
    };
    const inThread = await run('in-thread', 0);
    const pooled = await run('pooled', 2);
    expect(pooled.progress.files).toEqual(inThread.progress.files);
    expect(inThread.progress.files.total).toBe(files.length);
    // Paths differ between the two copies: the first one listed is the image, the second the duplicate.
    expect(pooled.stored).toEqual(inThread.stored);
    expect(inThread.stored.refused.map((r) => [path.basename(r.path), r.code])).toEqual([
      ['zz-copy.png', 'duplicate'],
      ['zz-cut.png', 'truncated'],
    ]);
  });

  it('the bundled worker (build/build-electron.js output) answers as the sources do', async () => {
    // Inside the repo so the bundle's external native modules resolve from node_modules.
    const outDir = await mkdtemp(path.join(ROOT, 'dist', '.digitize-pool-test-'));
    try {
      const { buildElectron } = (await import(pathToFileURL(path.join(ROOT, 'build', 'build-electron.js')).href)) as {
        buildElectron(o: { outDir: string }): Promise<unknown>;
      };
      await buildElectron({ outDir });
      const worker = new Worker(path.join(outDir, 'worker', 'digitize-worker.js'), {
        workerData: { sharpConcurrency: 1 },
      });
      try {
        const strip = files.find((f) => path.basename(f).startsWith('strip'))!;
        const replies: DigitizeWorkerReply[] = [];
        const result = new Promise<DigitizeWorkerReply>((resolve, reject) => {
          worker.on('message', (m: DigitizeWorkerReply) => {
            replies.push(m);
            if (m.kind !== 'ready') resolve(m);
          });
          worker.once('error', reject);
        });
        worker.postMessage({ kind: 'digitize', id: 7, bytes: new Uint8Array(await readFile(strip)), opts: {} });
        const reply = await result;
        expect(replies[0]!.kind).toBe('ready');
        expect(reply).toEqual({ kind: 'result', id: 7, result: await digitizeBytes(await readFile(strip)) });
      } finally {
        await worker.terminate();
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
