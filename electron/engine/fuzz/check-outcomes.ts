import type { FuzzEntry, FuzzKind, FuzzManifest } from './fuzz-manifest';

/** What a consumer (scan or batch) made of one path, relative to the corpus root with '/' separators. */
export interface ObservedOutcome {
  path: string;
  type: 'image' | 'duplicate' | 'refused';
  code?: string;
  message?: string;
  /** For duplicates: the relative path of the first copy. */
  of?: string;
  format?: string;
  width?: number;
  height?: number;
}

export interface OutcomeMismatch {
  path: string;
  kind: FuzzKind | 'huge-folder' | 'unlisted';
  expect: string;
  got: string;
}

export interface KindTally {
  tried: number;
  ok: number;
  duplicates: number;
  refused: number;
  /** Refused with an empty message: a refusal without its reason. */
  refusedWithoutReason: number;
  mismatches: number;
}

export interface OutcomeComparison {
  mismatches: OutcomeMismatch[];
  byKind: Record<string, KindTally>;
}

export function describeOutcomes(events: readonly ObservedOutcome[]): string {
  if (!events.length) return 'no-event';
  return events
    .map((e) =>
      e.type === 'refused' ? `refused:${e.code}` : e.type === 'image' ? 'image-ok' : `duplicate of ${e.of ?? '?'}`,
    )
    .join(' + ');
}

/**
 * Does one entry's outcome meet its expectation? At the scan stage, entries that only decoding
 * must refuse (refusedBy 'decode') may also pass as images.
 */
export function meetsExpectation(
  entry: FuzzEntry,
  events: readonly ObservedOutcome[],
  stage: 'scan' | 'batch',
): boolean {
  if (entry.expect === 'no-event') return events.length === 0;
  if (events.length !== 1) return false;
  const e = events[0]!;
  const refusedWithReason = e.type === 'refused' && Boolean(e.message?.trim());
  const mayPassScan = stage === 'scan' && entry.refusedBy === 'decode';
  switch (entry.expect) {
    case 'image-ok':
      return (
        e.type === 'image' &&
        (e.format === undefined || entry.format === undefined || e.format === entry.format) &&
        (e.width === undefined || entry.width === undefined || (e.width === entry.width && e.height === entry.height))
      );
    case 'duplicate':
      return e.type === 'duplicate' && (e.of === undefined || e.of === entry.duplicateOf);
    case 'any':
      return e.type !== 'refused' || refusedWithReason;
    case 'any-refused':
      return refusedWithReason || (mayPassScan && e.type !== 'refused');
    default:
      return (refusedWithReason && `refused:${e.code}` === entry.expect) || (mayPassScan && e.type !== 'refused');
  }
}

function tally(byKind: Record<string, KindTally>, kind: string, events: readonly ObservedOutcome[], ok: boolean): void {
  const t = (byKind[kind] ??= { tried: 0, ok: 0, duplicates: 0, refused: 0, refusedWithoutReason: 0, mismatches: 0 });
  t.tried++;
  for (const e of events) {
    if (e.type === 'image') t.ok++;
    else if (e.type === 'duplicate') t.duplicates++;
    else {
      t.refused++;
      if (!e.message?.trim()) t.refusedWithoutReason++;
    }
  }
  if (!ok) t.mismatches++;
}

/**
 * Check every manifest entry against what was observed: each entry has exactly its expected
 * outcome (once), and nothing was observed that the manifest does not list.
 */
export function compareWithManifest(
  manifest: FuzzManifest,
  observed: readonly ObservedOutcome[],
  stage: 'scan' | 'batch' = 'scan',
): OutcomeComparison {
  const byPath = new Map<string, ObservedOutcome[]>();
  for (const o of observed) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o]);
  const mismatches: OutcomeMismatch[] = [];
  const byKind: Record<string, KindTally> = {};
  for (const entry of manifest.files) {
    const events = byPath.get(entry.path) ?? [];
    byPath.delete(entry.path);
    const ok = meetsExpectation(entry, events, stage);
    tally(byKind, entry.kind, events, ok);
    if (!ok)
      mismatches.push({ path: entry.path, kind: entry.kind, expect: entry.expect, got: describeOutcomes(events) });
  }
  const huge = manifest.hugeFolder;
  for (const [p, events] of byPath) {
    if (huge && p.startsWith(`${huge.dir}/`)) {
      const ok = events.length === 1 && events[0]!.type === 'image' && events[0]!.width === huge.width;
      tally(byKind, 'huge-folder', events, ok);
      if (!ok) mismatches.push({ path: p, kind: 'huge-folder', expect: huge.expect, got: describeOutcomes(events) });
    } else {
      tally(byKind, 'unlisted', events, false);
      mismatches.push({ path: p, kind: 'unlisted', expect: 'not in the manifest', got: describeOutcomes(events) });
    }
  }
  if (huge) {
    const seen = byKind['huge-folder']?.tried ?? 0;
    if (seen !== huge.files)
      mismatches.push({
        path: `${huge.dir}/`,
        kind: 'huge-folder',
        expect: `${huge.files} files`,
        got: `${seen} files`,
      });
  }
  return { mismatches, byKind };
}
