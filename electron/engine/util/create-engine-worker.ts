import { Worker } from 'node:worker_threads';

/**
 * A worker thread running `<name>.js` beside the calling module (`callerUrl`: its import.meta.url),
 * as in a compiled build, where every module shares its bundle's URL. From TypeScript sources (tsx,
 * vitest) a worker does not inherit the parent's loader hooks, so a two-line bootstrap registers
 * tsx in the worker first and then imports `<name>.ts`.
 */
export function createEngineWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
