import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../../common/api';

interface Props {
  info: ApiOutput<'getAppInfo'> | undefined;
  loading: boolean;
  onStartBatch: (folder: string, reviewSet?: string) => Promise<void>;
  onOpenSet: (path: string) => Promise<void>;
  onContinue: () => void;
}

/** Open a folder of scans (a new batch) or a review set from before. */
export function StartScreen({ info, loading, onStartBatch, onOpenSet, onContinue }: Props) {
  const [folder, setFolder] = useState('');
  const [reviewSet, setReviewSet] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (info?.sampleFolder && !folder) setFolder(info.sampleFolder);
  }, [info?.sampleFolder, folder]);

  async function go(job: () => Promise<void>) {
    setBusy(true);
    try {
      await job();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="start" data-testid="start-screen">
      <section className="card">
        <h1>Open a folder of ECG scans</h1>
        <p className="muted">
          Every image in the folder (and below it) is digitized, its beats found and classified. Originals are only
          read, never changed.
        </p>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (folder.trim()) void go(() => onStartBatch(folder.trim(), reviewSet.trim() || undefined));
          }}
        >
          <label>
            Folder
            <input
              name="folder"
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder="/path/to/scans"
              spellCheck={false}
              required
            />
          </label>
          <details>
            <summary>Where to keep the review set</summary>
            <label>
              Review set file (optional)
              <input
                name="reviewSet"
                value={reviewSet}
                onChange={(e) => setReviewSet(e.target.value)}
                placeholder="default: chosen by the app"
                spellCheck={false}
              />
            </label>
          </details>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !folder.trim()}>
              Start batch
            </button>
          </div>
        </form>
      </section>
      <section className="card">
        <h2>Review sets</h2>
        {loading && !info && <p className="muted">Loading…</p>}
        {info?.reviewSet && (
          <div className="current-set">
            <p>
              Open now: <code>{info.reviewSet.path}</code> — {info.reviewSet.beats.toLocaleString()} beats,{' '}
              {info.reviewSet.labelled.toLocaleString()} labelled
            </p>
            <button type="button" className="primary" onClick={onContinue}>
              Continue reviewing
            </button>
          </div>
        )}
        {info && info.recent.length === 0 && !info.reviewSet && <p className="muted">No review sets yet.</p>}
        {info && info.recent.length > 0 && (
          <ul className="recent" aria-label="Recent review sets">
            {info.recent.map((p) => (
              <li key={p}>
                <button type="button" className="link" disabled={busy} onClick={() => void go(() => onOpenSet(p))}>
                  {p}
                </button>
              </li>
            ))}
          </ul>
        )}
        {info && (
          <p className="muted small">
            ECG Review Desk {info.version} · {info.host}
          </p>
        )}
      </section>
    </div>
  );
}
