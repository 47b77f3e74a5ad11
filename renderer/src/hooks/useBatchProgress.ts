import { useEffect, useState } from 'react';
import type { BatchProgress } from '../../../common/schemas/batch';
import { useApi } from '../api/api-context';
import { useToasts } from '../app/toasts';

/** Progress of one batch from its events, with a slow poll in case an event was missed. */
export function useBatchProgress(batchId: string): BatchProgress | null {
  const api = useApi();
  const toasts = useToasts();
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const take = (p: BatchProgress) => alive && p.batchId === batchId && setProgress(p);
    const off = api.on('batchProgress', take);
    const poll = async () => {
      try {
        const p = await api.getBatchProgress({ batchId });
        take(p);
        if (alive && p.state === 'running') timer = setTimeout(poll, 1500);
      } catch (err) {
        if (alive) toasts.showError(err);
      }
    };
    void poll();
    return () => {
      alive = false;
      off();
      clearTimeout(timer);
    };
  }, [api, batchId, toasts]);
  return progress;
}
