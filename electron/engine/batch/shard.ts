/** A deterministic slice of a folder: file i of N by content hash, so N workers cover each image once. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--shard must look like i/N (e.g. 0/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new Error(`--shard ${text}: need 0 ≤ i < N and N ≥ 1`);
  return { index, count };
}

/** Uses the first 52 bits of the sha256, which are uniformly spread, so shards are even in size. */
export function isInShard(sha256: string, shard: Shard | null): boolean {
  if (!shard || shard.count === 1) return true;
  return parseInt(sha256.slice(0, 13), 16) % shard.count === shard.index;
}
