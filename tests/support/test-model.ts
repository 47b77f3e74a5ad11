import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MITDB_DIR } from './shared-data';

const run = promisify(execFile);
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SHIPPED_MANIFEST = path.join(REPO_ROOT, 'models', 'beat-resnet34', 'model.json');
const TRAIN_DIR = path.join(REPO_ROOT, 'models', 'train');
/**
 * A contract v1 model (`beat` [B, 1, 144], no template): fold 0 of the first shipped beat-resnet34
 * (1.0.0) with its golden.json, kept so that installed v1 and fine-tuned v1 models stay tested.
 */
export const V1_MODEL_FIXTURE: TestModel = {
  manifestPath: path.join(REPO_ROOT, 'tests', 'fixtures', 'beat-model-v1', 'model.json'),
  dir: path.join(REPO_ROOT, 'tests', 'fixtures', 'beat-model-v1'),
  shipped: false,
};

export interface TestModel {
  manifestPath: string;
  dir: string;
  /** The real trained ensemble (models/beat-resnet34), not the smoke model. */
  shipped: boolean;
}

/** Key of the smoke model cache: the training code's bytes, so a changed pipeline retrains. */
async function hashTrainingCode(): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(TRAIN_DIR)).filter((n) => n.endsWith('.py')).sort()) {
    h.update(f).update(await readFile(path.join(TRAIN_DIR, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The shipped model when it exists; otherwise the smoke model from the Python CLI (1 fold, one
 * epoch, ~10 s), built once per version of the training code into the temp folder. Returns the
 * reason instead when neither is possible.
 */
export async function getTestModel(): Promise<TestModel | { skip: string }> {
  if (process.env.ECG_TEST_MODEL) {
    const m = path.resolve(process.env.ECG_TEST_MODEL);
    return { manifestPath: m, dir: path.dirname(m), shipped: m === SHIPPED_MANIFEST };
  }
  if (existsSync(SHIPPED_MANIFEST))
    return { manifestPath: SHIPPED_MANIFEST, dir: path.dirname(SHIPPED_MANIFEST), shipped: true };
  if (!existsSync(MITDB_DIR))
    return { skip: `no shipped model and no MIT-BIH data at ${MITDB_DIR} to train a smoke model` };
  try {
    await run('python3', ['-c', 'import torch, onnxruntime, numpy'], { timeout: 60_000 });
  } catch (err) {
    return {
      skip: `no shipped model and python3 with torch + onnxruntime is unavailable (${(err as Error).message.split('\n')[0]})`,
    };
  }
  const cache = path.join(os.tmpdir(), `ecg-review-smoke-model-${await hashTrainingCode()}`);
  const manifestPath = path.join(cache, 'model.json');
  const lock = `${cache}.lock`;
  const deadline = Date.now() + 240_000;
  while (!existsSync(manifestPath)) {
    // One builder at a time (test files run in parallel forks); the others wait for its result.
    const mine = await mkdir(lock).then(
      () => true,
      () => false,
    );
    if (!mine) {
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 300_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) return { skip: 'timed out waiting for another test file to build the smoke model' };
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'ecg-review-smoke-build-'));
    try {
      await run(
        'python3',
        [path.join(TRAIN_DIR, 'train.py'), '--smoke', '--threads', '1', '--out', tmp, '--data', MITDB_DIR],
        {
          cwd: REPO_ROOT,
          timeout: 170_000,
          maxBuffer: 16 << 20,
        },
      );
      await rm(path.join(tmp, '_work'), { recursive: true, force: true });
      await rename(tmp, cache).catch(() => rm(tmp, { recursive: true, force: true }));
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      return { skip: `smoke model training failed: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}` };
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
  return { manifestPath, dir: cache, shipped: false };
}

export function isTestModel(m: TestModel | { skip: string }): m is TestModel {
  return 'manifestPath' in m;
}
