/**
 * A reviewer labelling while a batch runs: the app's service behind the loopback host (the path the
 * browser UI takes; Electron's IPC reaches the same service in its utility process), with a client
 * on its own thread posting `setLabel` at a steady pace. Requests arrive whenever they arrive, as
 * keystrokes do, so each latency includes any wait for the host's thread to come free.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Digitizer } from '../../electron/engine/batch/digitized-image';
import { startLoopbackHost } from '../../electron/host/loopback-server';
import { createEcgService } from '../../electron/host/service';
import { SettingsFile } from '../../electron/host/settings';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LABEL_INTERVAL_MS = 40;

/** The client thread: plain JavaScript, so it needs no loader; its timers never wait for the host. */
const CLIENT = `(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { url, token, beatIds, intervalMs } = workerData;
  const latencies = [];
  let errors = 0, stop = false, i = 0;
  parentPort.on('message', () => { stop = true; });
  while (!stop) {
    const t0 = performance.now();
    const res = await fetch(url + '/api/setLabel', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ecg-token': token },
      body: JSON.stringify({ beatIds: [beatIds[i % beatIds.length]], label: i % 2 ? 'V' : 'N' }),
    });
    const body = await res.json();
    latencies.push(performance.now() - t0);
    if (!body.ok) errors++;
    i++;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  parentPort.postMessage({ latencies, errors });
})();`;

function summarize(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1) : null);
  return { n: s.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: s.length ? +s[s.length - 1]!.toFixed(1) : null };
}

function startClient(url: string, token: string, beatIds: string[]) {
  const worker = new Worker(CLIENT, { eval: true, workerData: { url, token, beatIds, intervalMs: LABEL_INTERVAL_MS } });
  const done = new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const r = await done;
      await worker.terminate();
      return r;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One batch of `folder` through the service with `digitize`, labels posted from the first stored
 * beat to the end of the batch, then for two seconds with the host idle (the floor).
 */
export async function measureLabelLatency(folder: string, digitize: Digitizer) {
  const home = await mkdtemp(path.join(os.tmpdir(), 'ecg-bench-latency-'));
  const settings = await SettingsFile.load(home);
  const service = createEcgService({
    host: 'loopback',
    version: 'bench',
    settings,
    reviewSetsDir: path.join(home, 'review-sets'),
    modelsDir: path.join(ROOT, 'models'),
    sampleFolder: null,
    digitize,
    imageUrlFor: (sha) => `/images/${sha}`,
  });
  const host = await startLoopbackHost({ service, staticDir: home, resolveImage: () => Promise.resolve(null) });
  try {
    await service.setReviewer({ name: 'bench', role: 'reviewer' });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const t0 = performance.now();
    const { batchId } = await service.startBatch({ folder });
    loop.enable();
    let beatIds: string[] = [];
    while (!beatIds.length) {
      const store = service.getStore();
      beatIds = store ? (store.db.prepare(`SELECT id FROM beats LIMIT 200`).pluck().all() as string[]) : [];
      if ((await service.getBatchProgress({ batchId })).state !== 'running') break;
      if (!beatIds.length) await sleep(20);
    }
    const during = beatIds.length ? startClient(host.origin, host.token, beatIds) : null;
    await service.waitForBatch();
    const seconds = (performance.now() - t0) / 1000;
    loop.disable();
    const busy = await during?.stop();
    const idle = startClient(host.origin, host.token, beatIds);
    await sleep(2000);
    const floor = await idle.stop();
    const progress = await service.getBatchProgress({ batchId });
    return {
      seconds: +seconds.toFixed(1),
      files: progress.files,
      beats: progress.beats,
      labelWrites: { ...summarize(busy?.latencies ?? []), errors: busy?.errors ?? 0 },
      labelWritesIdle: { ...summarize(floor.latencies), errors: floor.errors },
      eventLoopDelay: {
        p50Ms: +(loop.percentile(50) / 1e6).toFixed(1),
        p99Ms: +(loop.percentile(99) / 1e6).toFixed(1),
        maxMs: +(loop.max / 1e6).toFixed(1),
      },
    };
  } finally {
    await host.close();
    await service.close();
    await rm(home, { recursive: true, force: true });
  }
}
