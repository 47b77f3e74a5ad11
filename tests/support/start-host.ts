import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RecordClassifierFactory } from '../../electron/engine/batch/classify-sheets';
import { type LoopbackApp, startLoopbackApp } from '../../electron/host/start-loopback-app';
import type { TestModel } from './test-model';

export interface TestHost extends LoopbackApp {
  home: string;
  /** Call the typed API over HTTP the way the browser client does; returns the envelope. */
  call(
    method: string,
    input?: unknown,
  ): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>;
}

/**
 * The real loopback app (engine, model, SQLite store) on a random port, with its own app home in a
 * temporary folder so tests never touch a person's settings or review sets.
 */
export async function startTestHost(opts: {
  model: TestModel | null;
  folder?: string | null;
  autoStart?: boolean;
  staticDir?: string;
  createRecordClassifier?: RecordClassifierFactory;
  /** A record model folder (named `sheet-*`) to install, run by the engine's own classifier. */
  recordModelDir?: string;
}): Promise<TestHost> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'ecg-home-'));
  const modelsDir = path.join(home, 'models');
  await mkdir(modelsDir);
  if (opts.model) await symlink(opts.model.dir, path.join(modelsDir, 'model'));
  if (opts.recordModelDir) await symlink(opts.recordModelDir, path.join(modelsDir, path.basename(opts.recordModelDir)));
  const app = await startLoopbackApp({
    folder: opts.folder ?? null,
    home,
    modelsDir,
    autoStart: opts.autoStart ?? false,
    inferenceWorkers: 1,
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
    ...(opts.createRecordClassifier ? { createRecordClassifier: opts.createRecordClassifier } : {}),
  });
  return {
    ...app,
    home,
    async call(method, input = {}) {
      const res = await fetch(`${app.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ecg-token': app.token },
        body: JSON.stringify(input),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async close() {
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
