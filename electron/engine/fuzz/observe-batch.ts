import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDigitizer } from '../batch/digitize-adapter';
import { type BatchResult, runBatch } from '../batch/run-batch';
import { openReviewStore } from '../store/review-store';
import { getRelativePath } from './observe-scan';

export interface BatchOutcome {
  status: string;
  reason: boolean;
  code?: string;
}

/**
 * Run the batch (digitize, beats, store; no model) over a corpus in a throw-away review set and
 * collect every outcome per corpus-relative path: refused files from the batch's list, images from
 * the set with their final status.
 */
export async function observeBatch(
  root: string,
): Promise<{ outcomes: Map<string, BatchOutcome[]>; result: BatchResult | null; threw: string | null }> {
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'ecg-fuzz-set-'));
  const store = openReviewStore(path.join(storeDir, 'fuzz.ecgreview'), { create: true });
  const outcomes = new Map<string, BatchOutcome[]>();
  const add = (p: string, o: BatchOutcome) => outcomes.set(p, [...(outcomes.get(p) ?? []), o]);
  let threw: string | null = null;
  let result: BatchResult | null = null;
  try {
    result = await runBatch({ folder: root, store, digitize: createDigitizer(), inference: null });
    for (const r of result.refusedFiles) {
      add(getRelativePath(root, r.path), {
        status: r.code === 'duplicate' ? 'duplicate' : 'refused',
        reason: Boolean(r.message.trim()),
        code: r.code,
      });
    }
    for (const im of store.listImages()) {
      add(getRelativePath(root, im.path), {
        status: im.status,
        reason: im.status === 'ok' || im.reasons.some((x) => x.message.trim()),
      });
    }
  } catch (err) {
    threw = (err as Error).stack ?? String(err);
  } finally {
    store.close();
    await rm(storeDir, { recursive: true, force: true });
  }
  return { outcomes, result, threw };
}
