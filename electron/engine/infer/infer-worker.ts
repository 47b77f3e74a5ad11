import { parentPort, workerData } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import { AppError } from '../../../common/schemas/errors';
import { checkSessionSignature, createFoldSession } from './create-session';
import { runEnsembleBatch } from './run-ensemble';
import type { InferWorkerInit, InferWorkerReply, InferWorkerRequest } from './worker-messages';

/** Worker entry: holds one session per fold and runs whole batches through all of them. */
const init = workerData as InferWorkerInit;
const port = parentPort!;

function toPayload(err: unknown) {
  return err instanceof AppError
    ? err.toPayload()
    : { code: 'E_INTERNAL' as const, message: (err as Error).message ?? String(err) };
}

function reply(msg: InferWorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

let sessions: InferenceSession[] = [];
try {
  for (const file of init.files) {
    const s = await createFoldSession(file, init.intraOpThreads);
    sessions.push(s);
    await checkSessionSignature(s, file, init.signature);
  }
  reply({ kind: 'ready' });
} catch (err) {
  await Promise.all(sessions.map((s) => s.release()));
  sessions = [];
  reply({ kind: 'failed', id: null, error: toPayload(err) });
}

port.on('message', async (msg: InferWorkerRequest) => {
  try {
    const result = await runEnsembleBatch(sessions, msg.batch, init.dims);
    reply({ kind: 'result', id: msg.id, result }, [
      result.foldProbs.buffer,
      result.cam.buffer,
      result.embedding.buffer,
    ] as ArrayBuffer[]);
  } catch (err) {
    reply({ kind: 'failed', id: msg.id, error: toPayload(err) });
  }
});
