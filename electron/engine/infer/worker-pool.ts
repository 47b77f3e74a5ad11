import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/schemas/errors';
import { createEngineWorker } from '../util/create-engine-worker';
import { getLogger } from '../util/log';
import type { EnsembleBatch, EnsembleBatchResult } from './run-ensemble';
import type { InferWorkerInit, InferWorkerReply } from './worker-messages';

const log = getLogger('infer');

export interface InferencePool {
  readonly size: number;
  run(batch: EnsembleBatch): Promise<EnsembleBatchResult>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  batch: EnsembleBatch;
  resolve: (r: EnsembleBatchResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

function startWorker(init: InferWorkerInit): Promise<Worker> {
  const worker = createEngineWorker(import.meta.url, 'infer-worker', init);
  return new Promise((resolve, reject) => {
    const onMessage = (msg: InferWorkerReply) => {
      if (msg.kind === 'ready') {
        cleanup();
        resolve(worker);
      } else if (msg.kind === 'failed') {
        cleanup();
        void worker.terminate();
        reject(new AppError(msg.error.code, msg.error.message, msg.error.details));
      }
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new AppError('E_INTERNAL', `inference worker failed to start: ${err.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new AppError('E_INTERNAL', `inference worker exited during start (code ${code})`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** `size` workers, each holding every fold; batches queue and go to whichever worker is free. */
export async function startInferencePool(init: InferWorkerInit, size: number): Promise<InferencePool> {
  const started = await Promise.allSettled(Array.from({ length: size }, () => startWorker(init)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.terminate() : null)));
    throw failed.reason;
  }
  const slots: Slot[] = started.map((s) => ({ worker: (s as PromiseFulfilledResult<Worker>).value, job: null }));
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let broken: Error | null = null;

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job || !queue.length) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ kind: 'run', id: job.id, batch: job.batch });
    }
  };

  const failAll = (err: Error) => {
    broken = err;
    for (const slot of slots) slot.job?.reject(err);
    for (const job of queue.splice(0)) job.reject(err);
    for (const slot of slots) slot.job = null;
  };

  for (const slot of slots) {
    slot.worker.on('message', (msg: InferWorkerReply) => {
      const job = slot.job;
      if (!job || msg.kind === 'ready' || msg.id !== job.id) return;
      slot.job = null;
      if (msg.kind === 'result') job.resolve(msg.result);
      else job.reject(new AppError(msg.error.code, msg.error.message, msg.error.details));
      dispatch();
    });
    slot.worker.on('error', (err) => {
      log.error('inference worker crashed', err);
      failAll(new AppError('E_INTERNAL', `inference worker crashed: ${err.message}`));
    });
    slot.worker.on('exit', (code) => {
      if (!closed) failAll(new AppError('E_INTERNAL', `inference worker exited (code ${code})`));
    });
  }

  return {
    size: slots.length,
    run(batch) {
      if (closed) return Promise.reject(new AppError('E_INTERNAL', 'inference service is closed'));
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, batch, resolve, reject });
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      failAll(new AppError('E_CANCELLED', 'inference service closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
