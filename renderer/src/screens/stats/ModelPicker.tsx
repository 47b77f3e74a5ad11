import { useState } from 'react';
import type { ApiOutput } from '../../../../common/api';
import { useApi } from '../../api/api-context';
import { getErrorMessage } from '../../api/api-error';
import { useAsync } from '../../hooks/useAsync';

type RerunResult = ApiOutput<'rerunInference'>;

/** Installed models with the active one marked, and a re-run of the open review set under the chosen one. */
export function ModelPicker({ onRerun }: { onRerun: () => void }) {
  const api = useApi();
  const models = useAsync(() => api.listModels({}), [api]);
  const [busy, setBusy] = useState<'switching' | 'running' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (kind: 'switching' | 'running', work: () => Promise<string>) => {
    setBusy(kind);
    setError(null);
    try {
      setNote(await work());
    } catch (err) {
      setError(getErrorMessage(err));
    } finally {
      setBusy(null);
      models.reload();
    }
  };
  const choose = (id: string) =>
    act('switching', async () => {
      const r = await api.setActiveModel({ id });
      if (r.hasPredictions) onRerun();
      return r.hasPredictions
        ? `Showing ${r.modelId}.`
        : `${id} is active: re-run inference to classify this review set with it.`;
    });
  const rerun = () =>
    act('running', async () => {
      const r: RerunResult = await api.rerunInference({});
      onRerun();
      return `Done: ${r.beats.toLocaleString()} beats classified by ${r.modelId} in ${r.seconds.toFixed(1)} s, ${r.changed.toLocaleString()} changed class. Labels are unchanged.`;
    });

  const list = models.value ?? [];
  const active = list.find((m) => m.active);
  return (
    <section className="card" data-testid="model-picker">
      <h1>Model</h1>
      <label>
        Active model{' '}
        <select
          value={active?.id ?? ''}
          disabled={busy !== null || list.length === 0}
          onChange={(e) => void choose(e.target.value)}
          data-testid="model-select"
        >
          {list.length === 0 && <option value="">no model installed</option>}
          {list.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} {m.version}
              {m.active ? ' (active)' : ''}
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        disabled={busy !== null || !active}
        onClick={() => void rerun()}
        data-testid="rerun-inference"
      >
        {busy === 'running' ? 'Re-running inference…' : 'Re-run inference'}
      </button>
      <p className="muted" aria-live="polite" data-testid="model-picker-status">
        {busy === 'running' ? 'Classifying every beat of this review set with the active model…' : note}
      </p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
