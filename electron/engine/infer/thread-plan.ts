import os from 'node:os';

export interface ThreadPlan {
  workers: number;
  intraOpThreads: number;
  cores: number;
}

/**
 * Workers × intra-op threads never exceed the cores: ONNX Runtime's own pool spins, and two
 * pools fighting for the same core cost more than one thread each gains. Several workers with one
 * thread each beat one worker with several threads on small convolutions (measured in
 * tests/bench/infer.bench.ts), so workers come first.
 */
export function computeThreadPlan(
  opts: { workers?: number; intraOpThreads?: number; cores?: number } = {},
): ThreadPlan {
  const cores = Math.max(1, opts.cores ?? os.availableParallelism());
  if (opts.workers === 0) {
    return { workers: 0, intraOpThreads: Math.max(1, Math.min(cores, opts.intraOpThreads ?? cores)), cores };
  }
  const workers = Math.max(1, Math.min(cores, opts.workers ?? cores));
  const intraOpThreads = Math.max(1, Math.min(Math.floor(cores / workers), opts.intraOpThreads ?? cores));
  return { workers, intraOpThreads, cores };
}
