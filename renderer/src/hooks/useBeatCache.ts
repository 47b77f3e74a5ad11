import { useEffect, useMemo, useState } from 'react';
import type { BeatFilter, BeatSort } from '../../../common/schemas/view';
import type { z } from 'zod';
import { useApi } from '../api/api-context';
import { useToasts } from '../app/toasts';
import { BeatCache } from '../state/beat-cache';

export type SortOrder = z.infer<typeof BeatSort>;

/** One page cache per (filter, sort); `version` changes whenever a page arrives or a beat is patched. */
export function useBeatCache(filter: BeatFilter, sort: SortOrder, source: 'beats' | 'disagreements' = 'beats') {
  const api = useApi();
  const toasts = useToasts();
  const [version, setVersion] = useState(0);
  const key = JSON.stringify([filter, sort, source]);
  const cache = useMemo(
    () =>
      new BeatCache(
        (offset, limit) =>
          source === 'disagreements'
            ? api.listDisagreements({ offset, limit })
            : api.listBeats({ filter, sort, offset, limit }),
        () => setVersion((v) => v + 1),
        toasts.showError,
      ),
    // The key stands for filter, sort and source.
    [api, key, toasts],
  );
  useEffect(() => () => cache.dispose(), [cache]);
  return { cache, version };
}
