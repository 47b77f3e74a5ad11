import type { AppErrorPayload } from '../../../common/schemas/errors';
import type { SessionSignature } from './create-session';
import type { EnsembleBatch, EnsembleBatchResult, EnsembleDims } from './run-ensemble';

/** What an inference worker is started with (its `workerData`). */
export interface InferWorkerInit {
  files: string[];
  intraOpThreads: number;
  signature: SessionSignature;
  dims: EnsembleDims;
}

export type InferWorkerRequest = { kind: 'run'; id: number; batch: EnsembleBatch };

export type InferWorkerReply =
  | { kind: 'ready' }
  | { kind: 'failed'; id: number | null; error: AppErrorPayload }
  | { kind: 'result'; id: number; result: EnsembleBatchResult };
