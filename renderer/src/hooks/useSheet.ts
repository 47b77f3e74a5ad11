import { useEffect, useState } from 'react';
import type { SheetView } from '../../../common/schemas/view';
import { useApi } from '../api/api-context';
import { getErrorMessage } from '../api/api-error';

/** One sheet from the API; `stamp` re-reads it after a label change. Keeps the last sheet while the next loads. */
export function useSheet(imageSha256: string, stamp: number) {
  const api = useApi();
  const [sheet, setSheet] = useState<SheetView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    api.getSheet({ imageSha256 }).then(
      (s) => {
        if (!alive) return;
        setSheet(s);
        setError(null);
      },
      (err) => alive && setError(getErrorMessage(err)),
    );
    return () => {
      alive = false;
    };
  }, [api, imageSha256, stamp]);
  return { sheet: sheet?.image.sha256 === imageSha256 ? sheet : null, stale: sheet, error };
}
