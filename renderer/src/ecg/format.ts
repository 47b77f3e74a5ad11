/** "1 h 02 min", "3 min 05 s", "12 s" — how long a batch still needs. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatPercent(done: number, total: number): string {
  if (total <= 0) return '0%';
  return `${Math.round((100 * done) / total)}%`;
}

export function formatKappa(k: number | null): string {
  return k === null || !Number.isFinite(k) ? '—' : k.toFixed(2);
}

/** The last folder names of a path, for tight places; the full path goes in a title. */
export function formatShortPath(p: string, parts = 2): string {
  const segs = p.split(/[\\/]/).filter(Boolean);
  return segs.length <= parts ? p : `…/${segs.slice(-parts).join('/')}`;
}
