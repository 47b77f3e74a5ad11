import { useEffect, useState } from 'react';
import type { RefusedFile } from '../../../../common/schemas/image';
import type { ImageSummary } from '../../../../common/schemas/view';
import { useApi } from '../../api/api-context';
import type { BatchRef } from '../../app/App';
import { useToasts } from '../../app/toasts';
import { formatEta } from '../../ecg/format';
import { useBatchProgress } from '../../hooks/useBatchProgress';
import { FileTable } from './FileTable';
import { StageBars } from './StageBars';

interface Props {
  batch: BatchRef;
  onResume: () => void;
  onReview: () => void;
}

export function BatchScreen({ batch, onResume, onReview }: Props) {
  const api = useApi();
  const toasts = useToasts();
  const progress = useBatchProgress(batch.batchId);
  const [images, setImages] = useState<ImageSummary[]>([]);
  const [refusedFiles, setRefusedFiles] = useState<RefusedFile[]>([]);
  const state = progress?.state ?? 'running';
  const fileCount = progress
    ? progress.files.ok + progress.files.partial + progress.files.refused + progress.files.skipped
    : 0;

  // The file list grows as files finish; refresh it now and then, and once at the end.
  useEffect(() => {
    let alive = true;
    api.listImages({}).then(
      (l) => alive && setImages(l),
      (err) => alive && toasts.showError(err),
    );
    // Files that never became an image are recorded when the batch ends.
    if (state !== 'running') {
      api.listRefusedFiles({}).then(
        (l) => alive && setRefusedFiles(l),
        (err) => alive && toasts.showError(err),
      );
    }
    return () => {
      alive = false;
    };
  }, [api, toasts, state, Math.floor(fileCount / 10)]);

  return (
    <div className="batch" data-testid="batch-screen" data-state={state}>
      <section className="card">
        <header className="row">
          <h1>Batch</h1>
          <span className={`pill pill-${state}`} data-testid="batch-state">
            {state}
          </span>
          <span className="spacer" />
          {state === 'running' && (
            <button type="button" onClick={() => api.cancelBatch({ batchId: batch.batchId }).catch(toasts.showError)}>
              Cancel
            </button>
          )}
          {(state === 'cancelled' || state === 'failed') && (
            <button type="button" onClick={onResume}>
              Resume
            </button>
          )}
          {state !== 'running' && (
            <button type="button" className="primary" onClick={onReview} data-testid="review-beats">
              Review {progress?.beats.toLocaleString() ?? ''} beats
            </button>
          )}
        </header>
        <p className="muted">
          <code>{batch.folder}</code> → <code>{batch.reviewSet}</code>
        </p>
        {!progress && <p className="muted">Starting…</p>}
        {progress && (
          <>
            <StageBars progress={progress} />
            <dl className="facts">
              <div>
                <dt>Files</dt>
                <dd data-testid="files-total">{progress.files.total}</dd>
              </div>
              <div>
                <dt>OK</dt>
                <dd>{progress.files.ok}</dd>
              </div>
              <div>
                <dt>Partial</dt>
                <dd>{progress.files.partial}</dd>
              </div>
              <div>
                <dt>Refused</dt>
                <dd>{progress.files.refused}</dd>
              </div>
              <div>
                <dt>Skipped</dt>
                <dd>{progress.files.skipped}</dd>
              </div>
              <div>
                <dt>Beats</dt>
                <dd data-testid="beats-total">{progress.beats.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Time left</dt>
                <dd>{state === 'running' ? formatEta(progress.etaSeconds) : '—'}</dd>
              </div>
            </dl>
            {progress.currentFile && state === 'running' && (
              <p className="muted small">
                Now: <code>{progress.currentFile}</code>
              </p>
            )}
            {progress.message && <p className={state === 'failed' ? 'error-text' : 'muted'}>{progress.message}</p>}
          </>
        )}
      </section>
      <section className="card">
        <h2>Refused and partial files</h2>
        <FileTable images={images} refusedFiles={refusedFiles} />
      </section>
    </div>
  );
}
