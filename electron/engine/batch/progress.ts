import type { BatchProgress } from '../../../common/schemas/batch';

type Stage = keyof BatchProgress['stages'];

/** Keeps per-stage counts and derives an ETA from the rate of finished files. */
export class ProgressTracker {
  private readonly startedAt = Date.now();
  readonly state: BatchProgress;

  constructor(batchId: string, now: () => number = Date.now) {
    this.now = now;
    this.state = {
      batchId,
      state: 'running',
      stages: {
        scan: { done: 0, total: 0 },
        digitize: { done: 0, total: 0 },
        beats: { done: 0, total: 0 },
        classify: { done: 0, total: 0 },
      },
      files: { total: 0, ok: 0, partial: 0, refused: 0, skipped: 0 },
      beats: 0,
      etaSeconds: null,
      currentFile: null,
    };
  }
  private readonly now: () => number;

  setTotal(files: number): void {
    this.state.files.total = files;
    for (const s of ['scan', 'digitize'] as Stage[]) this.state.stages[s].total = files;
  }

  bump(stage: Stage, n = 1): void {
    this.state.stages[stage].done += n;
  }

  addBeats(n: number): void {
    this.state.stages.beats.done += 1;
    this.state.stages.beats.total = this.state.stages.digitize.total;
    this.state.stages.classify.total += n;
    this.state.beats += n;
  }

  snapshot(): BatchProgress {
    const s = this.state;
    const finished = s.files.ok + s.files.partial + s.files.refused + s.files.skipped;
    const elapsed = (this.now() - this.startedAt) / 1000;
    s.etaSeconds = computeEta(finished, s.files.total, elapsed);
    return structuredClone(s);
  }
}

/** Seconds left at the rate so far; null until there is a rate to speak of. */
export function computeEta(done: number, total: number, elapsedSeconds: number): number | null {
  if (done <= 0 || total <= 0 || elapsedSeconds <= 0) return null;
  if (done >= total) return 0;
  return +(((total - done) * elapsedSeconds) / done).toFixed(1);
}
