import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/schemas/errors';
import { createEngineWorker } from '../util/create-engine-worker';
import { getLogger } from '../util/log';
import { digitizeBytes, type DigitizeRequestOptions } from './digitize-bytes';
import type { DigitizeWorkerInit, DigitizeWorkerReply } from './digitize-messages';
import type { DigitizedImage } from './digitized-image';

const log = getLogger('digitize-pool');

/**
 * Two images per worker: while one is digitized (synchronous JavaScript) the next one's decode
 * already runs on libuv's threads, and the worker never waits for the host to send more.
 */
export const ECG_DIGITIZE_JOBS_PER_WORKER = 2;
/** Idle workers are stopped after this long: a review session should not hold their memory. */
export const ECG_DIGITIZE_IDLE_MS = 15_000;
/** Workers that die before they are ready this many times in a row: digitize on the calling thread. */
const ECG_DIGITIZE_MAX_START_FAILURES = 3;

export interface DigitizePlan {
  workers: number;
  cores: number;
}

/**
 * One worker per core. The inference pool also plans one single-threaded worker per core, so in a
 * batch up to twice as many threads as cores are runnable. That is deliberate: neither pool spins
 * (ONNX Runtime with one intra-op thread has no thread pool, libvips gets one thread), so the kernel
 * hands the cores to whichever stage has work — digitization dominates on 12-lead sheets, the model
 * on single-beat crops — where any fixed split of the two cores would idle one of them on the other
 * kind of folder. ECG_DIGITIZE_WORKERS overrides (0 = digitize on the calling thread).
 */
export function computeDigitizePlan(opts: { workers?: number; cores?: number } = {}): DigitizePlan {
  const cores = Math.max(1, opts.cores ?? os.availableParallelism());
  const env = process.env.ECG_DIGITIZE_WORKERS;
  const wanted = opts.workers ?? (env !== undefined && env !== '' ? Number(env) : cores);
  const workers = Number.isFinite(wanted) ? Math.max(0, Math.min(2 * cores, Math.floor(wanted))) : cores;
  return { workers, cores };
}

export interface DigitizePool {
  readonly size: number;
  /** Takes ownership of `bytes` (its buffer is moved to the worker when it is not shared). */
  digitize(bytes: Uint8Array, opts: DigitizeRequestOptions): Promise<DigitizedImage>;
  /** Stop the workers now if none is busy (they start again on the next image). */
  releaseIdle(): Promise<void>;
  /** Stop every worker; pending images fail with E_CANCELLED. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  bytes: Uint8Array;
  opts: DigitizeRequestOptions;
  resolve: (r: DigitizedImage) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  stopping: boolean;
  jobs: Map<number, Job>;
  lastError: Error | null;
}

/** A whole, unshared buffer can be moved; a view into a larger one (a pooled Buffer) must be copied. */
function getTransfer(bytes: Uint8Array): ArrayBuffer[] {
  const buf = bytes.buffer;
  return buf instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buf.byteLength ? [buf] : [];
}

/**
 * Decode + digitize in worker threads, so the host's thread stays free for the reviewer's calls.
 * Workers start with the first image and stop after a pause; a worker that dies fails only the
 * images it held (the batch records them as refused and goes on) and is replaced. If workers cannot
 * start at all (a build without the worker file), images are digitized on the calling thread.
 */
export function createDigitizePool(plan: DigitizePlan): DigitizePool {
  const size = Math.max(1, plan.workers);
  const init: DigitizeWorkerInit = { sharpConcurrency: 1 };
  let slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let startFailures = 0;
  let inThread = false;
  let closed = false;
  let idleTimer: NodeJS.Timeout | null = null;

  const stopSlot = (slot: Slot): Promise<number> => {
    slot.stopping = true;
    slots = slots.filter((s) => s !== slot);
    return slot.worker.terminate();
  };

  const spawn = (): void => {
    const slot: Slot = {
      worker: createEngineWorker(import.meta.url, 'digitize-worker', init),
      ready: false,
      stopping: false,
      jobs: new Map(),
      lastError: null,
    };
    slots.push(slot);
    slot.worker.on('message', (msg: DigitizeWorkerReply) => {
      if (msg.kind === 'ready') {
        slot.ready = true;
        startFailures = 0;
      } else {
        const job = slot.jobs.get(msg.id);
        if (!job) return;
        slot.jobs.delete(msg.id);
        if (msg.kind === 'result') job.resolve(msg.result);
        else job.reject(new Error(msg.message));
      }
      dispatch();
    });
    slot.worker.on('error', (err) => {
      slot.lastError = err;
      log.error('digitizer worker crashed', err);
    });
    slot.worker.on('exit', (code) => {
      if (slot.stopping) return;
      slots = slots.filter((s) => s !== slot);
      if (!slot.ready && ++startFailures >= ECG_DIGITIZE_MAX_START_FAILURES) {
        inThread = true;
        log.warn(
          `digitizer workers do not start (${slot.lastError?.message ?? `exit code ${code}`}): digitizing in-thread`,
        );
      }
      // The images it held went with it (their bytes were moved): they fail, the others go on.
      const err = new Error(`digitizer worker stopped (${slot.lastError?.message ?? `exit code ${code}`})`);
      for (const job of slot.jobs.values()) job.reject(err);
      slot.jobs.clear();
      dispatch();
    });
  };

  const dispatch = (): void => {
    if (closed) return;
    if (inThread) {
      for (const job of queue.splice(0)) digitizeBytes(job.bytes, job.opts).then(job.resolve, job.reject);
      return;
    }
    if (queue.length) while (slots.length < size) spawn();
    for (const slot of slots) {
      if (!slot.ready) continue;
      while (slot.jobs.size < ECG_DIGITIZE_JOBS_PER_WORKER && queue.length) {
        const job = queue.shift()!;
        slot.jobs.set(job.id, job);
        slot.worker.postMessage(
          { kind: 'digitize', id: job.id, bytes: job.bytes, opts: job.opts },
          getTransfer(job.bytes),
        );
      }
    }
    // Idle workers never keep the process alive; busy ones do until their images come back.
    let busy = queue.length > 0;
    for (const slot of slots) {
      if (slot.jobs.size) {
        busy = true;
        slot.worker.ref();
      } else slot.worker.unref();
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!busy && slots.length) {
      idleTimer = setTimeout(() => void releaseIdle(), ECG_DIGITIZE_IDLE_MS);
      idleTimer.unref();
    }
  };

  const releaseIdle = async (): Promise<void> => {
    if (queue.length || slots.some((s) => s.jobs.size)) return;
    await Promise.all(slots.map(stopSlot));
  };

  return {
    size,
    digitize(bytes, opts) {
      if (closed) return Promise.reject(new AppError('E_CANCELLED', 'the digitizer pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, bytes, opts, resolve, reject });
        dispatch();
      });
    },
    releaseIdle,
    async close() {
      if (closed) return;
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const err = new AppError('E_CANCELLED', 'the digitizer pool was closed');
      for (const job of queue.splice(0)) job.reject(err);
      for (const slot of slots) for (const job of slot.jobs.values()) job.reject(err);
      await Promise.all(slots.map(stopSlot));
    },
  };
}

let shared: DigitizePool | null = null;

/** The process's pool, shared by every digitizer that does not ask for its own size. */
export function getSharedDigitizePool(): DigitizePool {
  shared ??= createDigitizePool(computeDigitizePlan());
  return shared;
}
