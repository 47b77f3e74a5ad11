import { useEffect, useState } from 'react';
import type { BeatSummary } from '../../../common/schemas/view';
import { useApi } from '../api/api-context';

const cache = new Map<string, BeatSummary[]>();

/** Every beat of one record (image and lead) in position order, for neighbours and the strip's markers. */
export function useRecordBeats(
  imageSha256: string | undefined,
  lead: string | undefined,
  stamp: number,
): BeatSummary[] {
  const api = useApi();
  const key = `${imageSha256}:${lead}:${stamp}`;
  const [beats, setBeats] = useState<BeatSummary[]>(() => cache.get(key) ?? []);
  useEffect(() => {
    if (!imageSha256 || !lead) return;
    const hit = cache.get(key);
    if (hit) {
      setBeats(hit);
      return;
    }
    let alive = true;
    api.listBeats({ filter: { imageSha256 }, sort: 'position', offset: 0, limit: 2000 }).then(
      (page) => {
        const mine = page.items.filter((b) => b.lead === lead);
        if (cache.size > 50) cache.clear();
        cache.set(key, mine);
        if (alive) setBeats(mine);
      },
      () => alive && setBeats([]),
    );
    return () => {
      alive = false;
    };
  }, [api, imageSha256, lead, key]);
  return beats;
}
