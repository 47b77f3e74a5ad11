import { utilityProcess } from 'electron';
import type { WorkerInit } from '../../common/worker-protocol';
import type { Logger } from '../engine/util/log';
import { ECG_WORKER_CALL_TIMEOUT_MS } from './constants';
import { WorkerClient, type WorkerPort } from './worker-client';

/** The engine (digitize, infer, store, export) in an Electron utility process, so the window never waits on it. */
export function startEngineProcess(entryPath: string, init: WorkerInit, log: Logger): WorkerClient {
  const child = utilityProcess.fork(entryPath, [], { serviceName: 'ECG Review Desk engine', stdio: 'inherit' });
  const port: WorkerPort = {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  };
  return new WorkerClient(port, init, log, ECG_WORKER_CALL_TIMEOUT_MS);
}
