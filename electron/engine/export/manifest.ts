import { AAMI_CLASSES, LABEL_VALUES } from '../../../common/ecg/aami';
import type { ExportFormat } from '../../../common/schemas/export';
import type { z } from 'zod';
import { RECORD_CLASSES } from '../../../common/schemas/record';
import type { ExportBeat, ModelRecord, ReviewerActivity } from '../store/export-reads';
import type { ExportRecord } from '../store/record-reads';
import { ECG_AAMI_TO_MIT, ECG_UNLABELLED_MIT } from './aami-to-mit';
import { ECG_KAGGLE_FS, ECG_KAGGLE_LENGTH, ECG_KAGGLE_RR_FACTOR } from './kaggle-beat-row';
import { ECG_RECORDS_CSV, ECG_WFDB_RECORD_KEYS, toRecordJson } from './records-export';
import { ECG_WFDB_EXPORT_GAIN } from './wfdb-export';

export const ECG_EXPORT_MANIFEST_VERSION = 1;

export interface ManifestInput {
  format: z.infer<typeof ExportFormat>;
  createdAt: string;
  engineVersion: string;
  includeUnlabelled: boolean;
  reviewSet: { path: string; schemaVersion: number; createdAt: string | null; mergedFrom: unknown };
  sources: { sha256: string; path: string; format: string; kind: string | null; status: string }[];
  models: ModelRecord[];
  reviewers: ReviewerActivity[];
  beats: readonly ExportBeat[];
  /** Record-level (sheet) labels and predictions; absent in callers that predate them. */
  records?: readonly ExportRecord[];
  files: { path: string; sha256: string; bytes: number }[];
}

function countBy(values: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function countRecords(records: readonly ExportRecord[]) {
  const perClass: Record<string, number> = Object.fromEntries([...RECORD_CLASSES, 'none'].map((c) => [c, 0]));
  for (const r of records) perClass[r.finalLabel ?? 'none']! += 1;
  return { total: records.length, perClass };
}

/** The export's provenance and checksums: what went in (sources, models, reviewers) and what came out. */
export function buildExportManifest(m: ManifestInput): object {
  const perImage = countBy(m.beats.map((b) => b.imageSha256));
  const perClass: Record<string, number> = Object.fromEntries([...LABEL_VALUES, 'none'].map((c) => [c, 0]));
  for (const b of m.beats) perClass[b.finalLabel ?? 'none']! += 1;
  const perReviewer = Object.fromEntries(
    m.reviewers.map((r) => {
      const labels: Record<string, number> = Object.fromEntries(LABEL_VALUES.map((c) => [c, 0]));
      for (const b of m.beats) {
        const l = b.labels[r.name];
        if (l) labels[l]! += 1;
      }
      return [r.name, { role: r.role, labels, events: r.events, firstAt: r.firstAt, lastAt: r.lastAt }];
    }),
  );
  return {
    manifestVersion: ECG_EXPORT_MANIFEST_VERSION,
    format: m.format,
    createdAt: m.createdAt,
    engine: { name: 'ecg-review-desk', version: m.engineVersion },
    reviewSet: m.reviewSet,
    selection: m.includeUnlabelled ? 'all beats (unlabelled included)' : 'beats with a final AAMI class only',
    definitions: {
      finalLabel:
        "an adjudicator's current label if any (the latest adjudicator's); else the reviewers' label when all who labelled agree; else none",
      classes: [...AAMI_CLASSES],
      kaggleCsv: {
        file: 'beats.csv',
        fs: ECG_KAGGLE_FS,
        length: ECG_KAGGLE_LENGTH,
        start: 'at the R peak',
        kept: `${ECG_KAGGLE_RR_FACTOR} x local RR (all ${ECG_KAGGLE_LENGTH} samples without rhythm), zero-padded`,
        scaling: 'min-max to [0,1] per beat',
        label: 'last column, 0..4 = N,S,V,F,Q; -1 = no class',
      },
      wfdb: {
        format: 16,
        adcGainPerMv: ECG_WFDB_EXPORT_GAIN,
        aamiToMit: ECG_AAMI_TO_MIT,
        unlabelledMit: ECG_UNLABELLED_MIT,
      },
    },
    recordLevel: {
      classes: [...RECORD_CLASSES],
      finalLabel: "the same rule as for beats, over the reviewers' record labels",
      selection: m.includeUnlabelled
        ? 'every image with record-level data (a sheet, a record prediction or a record label)'
        : 'records with a final record label only',
      table: ECG_RECORDS_CSV,
      wfdbComments: Object.values(ECG_WFDB_RECORD_KEYS),
    },
    sources: m.sources.map((s) => ({ ...s, beatsExported: perImage[s.sha256] ?? 0 })),
    models: m.models,
    reviewers: m.reviewers.map((r) => ({ name: r.name, role: r.role, firstAt: r.firstAt, lastAt: r.lastAt })),
    records: (m.records ?? []).map(toRecordJson),
    counts: { beats: m.beats.length, perClass, perReviewer, records: countRecords(m.records ?? []) },
    files: m.files,
  };
}
