/** Run `task` over `items` with at most `limit` in flight (writing 100,000 files at once exhausts file handles). */
export async function runWithConcurrency<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const it = items[Symbol.iterator]();
  const worker = async () => {
    for (let n = it.next(); !n.done; n = it.next()) await task(n.value);
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}
