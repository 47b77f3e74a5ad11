import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRegistration } from '../../common/services/review-store';
import { createDigitizer } from '../../electron/engine/batch/digitize-adapter';
import { runBatch } from '../../electron/engine/batch/run-batch';
import { createInferenceService, type EngineInferenceService } from '../../electron/engine/infer/inference-service';
import { openReviewStore } from '../../electron/engine/store/review-store';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { expectSameOutcome, readOutcome } from '../support/review-set-outcome';
import { renderSynthFolder } from '../support/synth-folder';
import { getTestModel, isTestModel, type TestModel } from '../support/test-model';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe.skipIf(!hasSharedData(MITDB_DIR))('batch: cancel, crash and resume', () => {
  let model: TestModel | null = null;
  let work: string;
  let folder: string;
  let inference: EngineInferenceService;
  let registration: ModelRegistration;
  let reference: ReturnType<typeof readOutcome>;

  const run = async (file: string, signal?: AbortSignal, onFiles?: (n: number) => void) => {
    const store = openReviewStore(file, { create: true });
    try {
      const r = await runBatch({
        folder,
        store,
        digitize: createDigitizer(),
        inference,
        model: registration,
        // The model's own contract (v2: the template channel), as the CLI reads it from the manifest.
        inputSpec: inference.loaded.spec,
        flushImages: 4,
        flushBeats: 64,
        ...(signal ? { signal } : {}),
        onProgress: (p) => onFiles?.(p.files.ok + p.files.partial + p.files.refused),
      });
      return { progress: r.progress, outcome: readOutcome(store) };
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) return console.warn(`[skip] ${m.skip}`);
    model = m;
    work = await mkdtemp(path.join(os.tmpdir(), 'ecg-resume-'));
    folder = path.join(work, 'in');
    await renderSynthFolder(folder, [
      { kind: 'beat', count: 24, records: ['119', '208'] },
      { kind: 'strip', count: 2, records: ['209'] },
    ]);
    inference = await createInferenceService(model.manifestPath, { workers: 1 });
    registration = { ref: inference.model.ref, manifest: JSON.parse(await readFile(model.manifestPath, 'utf8')) };
    reference = (await run(path.join(work, 'reference.ecgreview'))).outcome;
  }, 300_000);
  afterAll(async () => {
    await inference?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('a batch cancelled mid-way and resumed ends with the same review set as an uninterrupted one', async (ctx) => {
    if (!model) return ctx.skip();
    expect(reference.images.length).toBe(26);
    const file = path.join(work, 'cancelled.ecgreview');
    const abort = new AbortController();
    const first = await run(file, abort.signal, (n) => n >= 8 && abort.abort());
    expect(first.progress.state).toBe('cancelled');
    expect(first.outcome.images.length).toBeLessThan(26);
    const second = await run(file);
    expect(second.progress.state).toBe('done');
    expect(second.progress.files.skipped).toBe(first.outcome.images.length);
    expectSameOutcome(reference, second.outcome);
  });

  it('a batch killed with SIGKILL mid-way resumes to the same result', async (ctx) => {
    if (!model) return ctx.skip();
    const file = path.join(work, 'killed.ecgreview');
    const args = [
      'bin/ecg-review.js',
      'batch',
      folder,
      '--out',
      file,
      '--model',
      model.manifestPath,
      '--workers',
      '1',
      '--json',
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) {
          const e = JSON.parse(l) as { type: string; files?: { ok: number; partial: number } };
          if (e.type === 'progress' && e.files && e.files.ok + e.files.partial >= 6) child.kill('SIGKILL');
        }
      });
      child.on('exit', (_code, sig) =>
        sig === 'SIGKILL' ? resolve() : reject(new Error(`batch ended before it could be killed (${_code})`)),
      );
    });
    const resumed = await run(file);
    expect(resumed.progress.files.skipped).toBeGreaterThan(0);
    expectSameOutcome(reference, resumed.outcome);
  });
});
