export interface MapOrderedOptions<T> {
  /** Calls in flight at most (at least 1). */
  width: number;
  /** With `budget`: what one item costs to hold (bytes); an item above the budget still runs, alone. */
  weight?: (item: T) => number;
  budget?: number;
}

/**
 * `fn` over `source` with up to `width` calls in flight, results yielded in source order: the
 * pipeline runs ahead, the consumer still sees files one by one as the walk listed them. The source
 * is pulled only when there is room, so a slow consumer holds the whole pipeline (backpressure).
 * A caller that stops early leaves the calls in flight to finish unobserved; `fn` must not reject.
 */
export async function* mapOrdered<T, R>(
  source: Iterable<T> | AsyncIterable<T>,
  opts: MapOrderedOptions<T>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const width = Math.max(1, opts.width);
  const budget = opts.budget ?? Infinity;
  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const pending: { result: Promise<R>; weight: number }[] = [];
  let held = 0;
  let next: IteratorResult<T> | null = null;
  let done = false;
  try {
    for (;;) {
      while (!done && pending.length < width) {
        next ??= await it.next();
        if (next.done) {
          done = true;
          break;
        }
        const w = opts.weight ? opts.weight(next.value) : 0;
        if (pending.length && held + w > budget) break;
        const result = fn(next.value);
        result.catch(() => {});
        pending.push({ result, weight: w });
        held += w;
        next = null;
      }
      const head = pending.shift();
      if (!head) return;
      held -= head.weight;
      yield await head.result;
    }
  } finally {
    if (!done) await it.return?.();
  }
}
