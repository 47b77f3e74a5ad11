import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRegistration } from '../../common/services/review-store';
import { createDigitizer } from '../../electron/engine/batch/digitize-adapter';
import { runBatch } from '../../electron/engine/batch/run-batch';
import { parseShard, type Shard } from '../../electron/engine/batch/shard';
import { createInferenceService, type EngineInferenceService } from '../../electron/engine/infer/inference-service';
import { mergeReviewSets } from '../../electron/engine/store/merge-review-sets';
import { openReviewStore } from '../../electron/engine/store/review-store';
import { expectSameOutcome, readOutcome } from '../support/review-set-outcome';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { renderSynthFolder } from '../support/synth-folder';
import { getTestModel, isTestModel } from '../support/test-model';

describe.skipIf(!hasSharedData(MITDB_DIR))('scale-out: shards by content hash', () => {
  let work = '';
  let folder: string;
  let inference: EngineInferenceService | null = null;
  let registration: ModelRegistration;

  const batchInto = async (file: string, shard: Shard | null) => {
    const store = openReviewStore(file, { create: true });
    try {
      const r = await runBatch({
        folder,
        store,
        digitize: createDigitizer(),
        inference,
        model: registration,
        // The model's own contract (v2: the template channel); without it the batch assumes v1.
        ...(inference ? { inputSpec: inference.loaded.spec } : {}),
        shard,
      });
      return r.progress;
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) return console.warn(`[skip] ${m.skip}`);
    work = await mkdtemp(path.join(os.tmpdir(), 'ecg-shards-'));
    folder = path.join(work, 'in');
    await renderSynthFolder(folder, [
      { kind: 'beat', count: 16, records: ['119', '209'] },
      { kind: 'strip', count: 2, records: ['208'] },
    ]);
    inference = await createInferenceService(m.manifestPath, { workers: 1 });
    registration = { ref: inference.model.ref, manifest: JSON.parse(await readFile(m.manifestPath, 'utf8')) };
  }, 300_000);
  afterAll(async () => {
    await inference?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('4 shards run one after another and merged give exactly the review set of one unsharded run', async (ctx) => {
    if (!inference) return ctx.skip();
    const whole = path.join(work, 'whole.ecgreview');
    await batchInto(whole, null);
    const shardFiles: string[] = [];
    let processed = 0;
    for (let i = 0; i < 4; i++) {
      const f = path.join(work, `shard-${i}.ecgreview`);
      const p = await batchInto(f, parseShard(`${i}/4`));
      processed += p.files.ok + p.files.partial;
      shardFiles.push(f);
    }
    // Every image is processed by exactly one shard.
    expect(processed).toBe(18);
    const merged = path.join(work, 'merged.ecgreview');
    mergeReviewSets(merged, shardFiles, { union: true });
    const a = openReviewStore(whole);
    const b = openReviewStore(merged);
    try {
      expectSameOutcome(readOutcome(a), readOutcome(b));
    } finally {
      a.close();
      b.close();
    }
  });
});
