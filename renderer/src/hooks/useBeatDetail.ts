import { useEffect, useState } from 'react';
import type { BeatDetail } from '../../../common/schemas/view';
import { useApi } from '../api/api-context';
import { getErrorMessage } from '../api/api-error';

/**
 * The detail of the focused beat. Waits a moment before asking, so holding an arrow key through the
 * grid does not queue a request per beat; `stamp` re-fetches after a label change.
 */
export function useBeatDetail(beatId: string | undefined, stamp: number, delayMs = 60) {
  const api = useApi();
  const [detail, setDetail] = useState<BeatDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!beatId) {
      setDetail(null);
      return;
    }
    let alive = true;
    const t = setTimeout(() => {
      api.getBeat({ beatId }).then(
        (d) => {
          if (!alive) return;
          setDetail(d);
          setError(null);
        },
        (err) => alive && setError(getErrorMessage(err)),
      );
    }, delayMs);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [api, beatId, stamp, delayMs]);
  return { detail, error, stale: !!detail && detail.summary.id !== beatId };
}
