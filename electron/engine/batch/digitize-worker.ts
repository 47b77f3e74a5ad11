import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { digitizeBytes } from './digitize-bytes';
import type { DigitizeWorkerInit, DigitizeWorkerReply, DigitizeWorkerRequest } from './digitize-messages';

/** Worker entry: decodes and digitizes one image per request, the leads' samples going back by transfer. */
const init = workerData as DigitizeWorkerInit;
const port = parentPort!;

sharp.concurrency(init.sharpConcurrency);

function reply(msg: DigitizeWorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

port.on('message', async (msg: DigitizeWorkerRequest) => {
  try {
    const result = await digitizeBytes(msg.bytes, msg.opts);
    const buffers = result.leads.map((l) => (l.samples as Float32Array).buffer as ArrayBuffer);
    reply({ kind: 'result', id: msg.id, result }, buffers);
  } catch (err) {
    reply({ kind: 'failed', id: msg.id, message: (err as Error).message ?? String(err) });
  }
});

reply({ kind: 'ready' });
