import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';

const urls = new Map<string, string>();

export function useImageUrl(sha256: string | undefined): string | null {
  const api = useApi();
  const [url, setUrl] = useState<string | null>(sha256 ? (urls.get(sha256) ?? null) : null);
  useEffect(() => {
    if (!sha256) return setUrl(null);
    const hit = urls.get(sha256);
    if (hit) return setUrl(hit);
    let alive = true;
    api.getImageUrl({ sha256 }).then(
      (r) => {
        urls.set(sha256, r.url);
        if (alive) setUrl(r.url);
      },
      () => alive && setUrl(null),
    );
    return () => {
      alive = false;
    };
  }, [api, sha256]);
  return url;
}
