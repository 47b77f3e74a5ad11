import type { BeatPage, BeatSummary } from '../../../common/schemas/view';

export const ECG_PAGE_SIZE = 500;
/** 60 pages × 500 beats keeps a 30,000-beat window in memory whatever the set's size. */
export const ECG_MAX_CACHED_PAGES = 60;

export type PageFetcher = (offset: number, limit: number) => Promise<BeatPage>;

/**
 * Pages of one (filter, sort) view of the review set, fetched as the grid scrolls and evicted least
 * recently used first. A new filter or sort gets a new cache, so stale answers never mix in.
 */
export class BeatCache {
  total: number | null = null;
  /** Bumped on every change so React can re-render cheaply. */
  version = 0;
  private pages = new Map<number, BeatSummary[]>();
  private inflight = new Map<number, Promise<void>>();
  private disposed = false;

  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly onChange: () => void,
    private readonly onError: (err: unknown) => void = () => {},
    readonly pageSize = ECG_PAGE_SIZE,
    private readonly maxPages = ECG_MAX_CACHED_PAGES,
  ) {}

  get(index: number): BeatSummary | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  has(index: number): boolean {
    return this.get(index) !== undefined;
  }

  /** Index of a loaded beat, or -1. */
  indexOf(id: string): number {
    for (const [p, items] of this.pages) {
      const i = items.findIndex((b) => b.id === id);
      if (i >= 0) return p * this.pageSize + i;
    }
    return -1;
  }

  /** Load every page overlapping [from, to); resolves when they are in. */
  ensure(from: number, to: number): Promise<void> {
    const last = this.total === null ? to : Math.min(to, this.total);
    const first = Math.max(0, from);
    const jobs: Promise<void>[] = [];
    for (let p = Math.floor(first / this.pageSize); p * this.pageSize < Math.max(last, first + 1); p++) {
      const items = this.pages.get(p);
      if (items) {
        // Touch for LRU order.
        this.pages.delete(p);
        this.pages.set(p, items);
        continue;
      }
      jobs.push(this.load(p));
    }
    return Promise.all(jobs).then(() => undefined);
  }

  /** Re-fetch the loaded pages (after labels changed), keeping the old items on screen meanwhile. */
  async refresh(): Promise<void> {
    await Promise.all([...this.pages.keys()].map((p) => this.load(p, true)));
  }

  /** Change loaded beats in place (e.g. the label just set) before the server's copy comes back. */
  patch(ids: ReadonlySet<string>, update: (b: BeatSummary) => BeatSummary): void {
    let changed = false;
    for (const items of this.pages.values()) {
      for (let i = 0; i < items.length; i++) {
        if (ids.has(items[i]!.id)) {
          items[i] = update(items[i]!);
          changed = true;
        }
      }
    }
    if (changed) this.bump();
  }

  dispose(): void {
    this.disposed = true;
  }

  private load(p: number, force = false): Promise<void> {
    const running = this.inflight.get(p);
    if (running && !force) return running;
    const job = this.fetchPage(p * this.pageSize, this.pageSize)
      .then((page) => {
        if (this.disposed) return;
        this.total = page.total;
        this.pages.delete(p);
        this.pages.set(p, page.items);
        while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value!);
        this.bump();
      })
      .catch((err) => {
        if (!this.disposed) this.onError(err);
      })
      .finally(() => {
        if (this.inflight.get(p) === job) this.inflight.delete(p);
      });
    this.inflight.set(p, job);
    return job;
  }

  private bump() {
    this.version++;
    this.onChange();
  }
}
