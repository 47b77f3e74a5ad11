import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../common/api';
import type { BatchProgress } from '../../common/schemas/batch';
import type { BeatPage } from '../../common/schemas/view';
import { getLogger } from '../../electron/engine/util/log';
import { WorkerClient, type WorkerPort } from '../../electron/main/worker-client';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { renderSynthFolder } from '../support/synth-folder';
import { getTestModel, isTestModel, type TestModel } from '../support/test-model';

// The engine worker as it ships (the esbuild bundle of electron/worker/index.ts plus the inference
// pool's infer-worker.js), in its own process, driven by main's WorkerClient exactly as the Electron
// shell drives its utility process; only the transport differs (child_process IPC here, parentPort
// there). Real service, model, SQLite and exporter.
const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function bundleWorker(outDir: string): Promise<void> {
  const { buildElectron } = (await import(pathToFileURL(path.join(ROOT, 'build', 'build-electron.js')).href)) as {
    buildElectron(o: { outDir: string }): Promise<unknown>;
  };
  await buildElectron({ outDir });
}

function forkWorker(entry: string, home: string): { child: ChildProcess; port: WorkerPort } {
  const child = fork(entry, [], {
    env: { ...process.env, ECG_HOME: home, ECG_LOG_LEVEL: process.env.ECG_LOG_LEVEL ?? 'error' },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port: WorkerPort = {
    postMessage: (m) => void child.send(m),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.on('exit', (code) => l(code)),
    kill: () => void child.kill(),
  };
  return { child, port };
}

describe.skipIf(!hasSharedData(MITDB_DIR))('engine worker process (the utility-process entry under Node)', () => {
  let model: TestModel | null = null;
  let work: string;
  let folder: string;
  let child: ChildProcess;
  let bundleDir: string | undefined;
  let client: WorkerClient;
  const events: Array<[EventName, unknown]> = [];

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) return console.warn(`[skip] ${m.skip}`);
    model = m;
    work = await mkdtemp(path.join(os.tmpdir(), 'ecg-shell-worker-'));
    folder = path.join(work, 'archive');
    await renderSynthFolder(folder, [{ kind: 'strip', count: 2, records: ['119', '208'] }]);
    const modelsDir = path.join(work, 'models');
    await mkdir(modelsDir);
    // A copy, not a symlink: the model catalog lists real folders only.
    await cp(model.dir, path.join(modelsDir, 'model'), { recursive: true });
    const home = path.join(work, 'home');
    // Inside the repo so the bundles' external native modules resolve from node_modules, as from app.asar.unpacked.
    await mkdir(path.join(ROOT, 'dist'), { recursive: true });
    bundleDir = await mkdtemp(path.join(ROOT, 'dist', '.shell-worker-test-'));
    await bundleWorker(bundleDir);
    const forked = forkWorker(path.join(bundleDir, 'worker', 'index.cjs'), home);
    child = forked.child;
    client = new WorkerClient(
      forked.port,
      { kind: 'init', version: '0.0.0-test', modelsDir, sampleFolder: null },
      getLogger('test'),
      120_000,
    );
    client.onEvent((e, p) => events.push([e, p]));
  }, 300_000);
  afterAll(async () => {
    if (client?.alive) client.dispose();
    if (work) await rm(work, { recursive: true, force: true });
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  it('runs a batch with streamed progress while answering other calls, labels, exports and shuts down cleanly', async (ctx) => {
    if (!model) return ctx.skip();
    await client.ready;
    const info = await client.call('getAppInfo', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
    expect((await client.call('setReviewer', { name: 'Dr Shell', role: 'reviewer' })).ok).toBe(true);

    const started = await client.call('startBatch', { folder });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const { batchId } = (started as { value: { batchId: string } }).value;

    // Time small engine calls until the batch is done, and watch this process's event loop (main's
    // stand-in): the heavy work must happen in the other process.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const latencies: number[] = [];
    let progress: BatchProgress | null = null;
    for (let i = 0; i < 1200; i++) {
      const t0 = performance.now();
      const r = await client.call('getBatchProgress', { batchId });
      latencies.push(performance.now() - t0);
      // The service has no progress to show until the batch's first step has reported.
      const early = !r.ok && r.error.code === 'E_NOT_FOUND' && /no progress yet/.test(r.error.message);
      expect(r.ok || early, JSON.stringify(r)).toBe(true);
      if (r.ok) progress = r.value as BatchProgress;
      if (progress && progress.state !== 'running') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    loop.disable();
    expect(progress?.state).toBe('done');
    const streamed = events.filter(([e]) => e === 'batchProgress').map(([, p]) => p as BatchProgress);
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.every((p) => p.batchId === batchId)).toBe(true);
    latencies.sort((a, b) => a - b);
    console.info(
      `[shell-worker] during the batch: ${latencies.length} engine calls, median ${latencies[latencies.length >> 1]!.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms; ` +
        `${streamed.length} progress events; caller event-loop delay max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
    );

    const page = (await client.call('listBeats', { filter: {}, sort: 'position', offset: 0, limit: 5 })) as {
      ok: true;
      value: BeatPage;
    };
    expect(page.value.total).toBeGreaterThan(0);
    // Predictions prove the bundled inference pool (worker/infer-worker.js beside the bundle) ran the model.
    expect(page.value.items.every((b) => b.predicted !== null)).toBe(true);
    const beat = page.value.items[0]!;
    const labelled = await client.call('setLabel', { beatIds: [beat.id], label: 'V' });
    expect(labelled).toMatchObject({ ok: true, value: { events: [{ beatId: beat.id, to: 'V' }] } });
    const refused = await client.call('setLabel', { beatIds: [beat.id], label: 'nonsense' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } });

    const outDir = path.join(work, 'export');
    const exported = await client.call('exportSet', { format: 'csv', outDir, force: false, includeUnlabelled: false });
    expect(exported.ok, JSON.stringify(exported)).toBe(true);
    const files = (exported as { value: { files: Array<{ path: string; bytes: number }> } }).value.files;
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const file = path.resolve(outDir, f.path);
      expect(existsSync(file) && statSync(file).size, file).toBe(f.bytes);
    }

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await client.shutdown(10_000);
    expect(await exited).toBe(0);
  });
});
