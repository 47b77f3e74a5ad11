import path from 'node:path';
import { parseOrThrow } from '../../../common/schemas/errors';
import { ExportRequest, type ExportResult } from '../../../common/schemas/export';
import type { z } from 'zod';
import type { ExportLead } from '../store/export-reads';
import type { ReviewStore } from '../store/review-store';
import { writeFileAtomic } from '../util/atomic-write';
import { hashBytes } from '../util/hash';
import { getLogger } from '../util/log';
import { formatFullCsv, formatKaggleCsv } from './csv-export';
import { getEngineVersion } from './engine-version';
import { describeWriteError } from './describe-write-error';
import { checkExportTarget, writeFolderAtomic } from './export-folder';
import { buildExportManifest } from './manifest';
import {
  ECG_RECORDS_CSV,
  ECG_RECORDS_JSON,
  formatRecordComments,
  formatRecordsCsv,
  toRecordJson,
} from './records-export';
import { buildWfdbRecords } from './wfdb-export';

const log = getLogger('export');

export interface ExportDeps {
  now?: () => Date;
  /** Writes one file of the staging folder (fsynced); replaceable to test failure handling. */
  writeFile?: (file: string, data: string | Uint8Array) => Promise<void>;
}

/** Folders that hold the review set's originals: every image's folder and the batch's root, if recorded. */
function getSourceFolders(store: ReviewStore): string[] {
  const folders = new Set(store.listImages().map((i) => path.dirname(path.resolve(i.path))));
  const root = store.getMeta('sourceRoot');
  if (root) folders.add(path.resolve(root));
  return [...folders];
}

/**
 * Export a review set as CSV (Kaggle layout + full table), WFDB records or JSON, each with a
 * manifest.json of provenance and sha256s. Atomic: all files go to a staging folder that is renamed
 * into place at the end; nothing is left behind on failure.
 */
export async function exportReviewSet(
  store: ReviewStore,
  request: z.input<typeof ExportRequest>,
  deps: ExportDeps = {},
): Promise<ExportResult> {
  const req = parseOrThrow(ExportRequest, request, 'export request');
  const target = checkExportTarget(req.outDir, getSourceFolders(store), [store.path]);
  const writeFile = deps.writeFile ?? writeFileAtomic;
  const now = deps.now ?? (() => new Date());
  const beats = store.listExportBeats({ includeUnlabelled: req.includeUnlabelled });
  const leadCache = new Map<string, ExportLead>();
  const getLead = (sha: string, lead: string): ExportLead => {
    const k = `${sha}\n${lead}`;
    let l = leadCache.get(k);
    if (!l) leadCache.set(k, (l = store.getLeadSignal(sha, lead)));
    return l;
  };
  const records = store.listExportRecords({ includeUnlabelled: req.includeUnlabelled });
  const recordBySha = new Map(records.map((r) => [r.imageSha256, r]));
  const reviewers = store.listReviewerActivity();
  const reviewerNames = reviewers.map((r) => r.name);
  const engineVersion = getEngineVersion();
  const createdAt = now().toISOString();
  const files: ExportResult['files'] = [];

  const written = writeFolderAtomic(target, req.force, async (staging) => {
    const put = async (rel: string, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      await writeFile(path.join(staging, rel), bytes);
      files.push({ path: rel, sha256: hashBytes(bytes), bytes: bytes.byteLength });
    };
    // The record-label table goes with CSV and WFDB exports alike (JSON has its own form).
    const putRecordsCsv = async () => {
      if (records.length) await put(ECG_RECORDS_CSV, formatRecordsCsv(records, reviewerNames));
    };
    if (req.format === 'csv') {
      await put('beats.csv', formatKaggleCsv(beats, getLead));
      await put('beats-full.csv', formatFullCsv(beats, reviewerNames));
      await putRecordsCsv();
    } else if (req.format === 'wfdb') {
      const provenance = [
        `exported by ecg-review-desk ${engineVersion} at ${createdAt}`,
        `labels: final labels, AAMI class as MIT code`,
      ];
      const wfdb = buildWfdbRecords(beats, getLead, provenance, (sha) => {
        const r = recordBySha.get(sha);
        return r ? formatRecordComments(r) : [];
      });
      for (const r of wfdb) for (const f of r.files) await put(f.name, f.data);
      await put('RECORDS', wfdb.map((r) => `${r.recordName}\n`).join(''));
      // Headers exist only for leads with exported beats; the table keeps every sheet's record label.
      await putRecordsCsv();
    } else {
      const rows = beats.map((b) => ({
        id: b.id,
        sourceFile: b.file,
        sha256: b.imageSha256,
        lead: b.lead,
        rSample: b.rSample,
        fs: b.fs,
        window: { start: b.windowStart, end: b.windowEnd },
        rhythm: b.rhythm,
        labels: b.labels,
        finalLabel: b.finalLabel,
        model: b.modelId ? { id: b.modelId, predicted: b.predicted, probs: b.probs, entropy: b.entropy } : null,
      }));
      await put('beats.json', `${JSON.stringify(rows)}\n`);
      if (records.length) await put(ECG_RECORDS_JSON, `${JSON.stringify(records.map(toRecordJson))}\n`);
    }
    const manifest = buildExportManifest({
      format: req.format,
      createdAt,
      engineVersion,
      includeUnlabelled: req.includeUnlabelled,
      reviewSet: {
        path: store.path,
        schemaVersion: store.getSchemaVersion(),
        createdAt: store.getMeta('createdAt'),
        mergedFrom: JSON.parse(store.getMeta('mergedFrom') ?? 'null') as unknown,
      },
      sources: store.listImageRecords(),
      models: store.listModelRecords(),
      reviewers,
      beats,
      records,
      files: [...files],
    });
    await put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  });
  await written.catch((err: unknown) => {
    throw describeWriteError(err, req.outDir);
  });
  log.info(`exported ${beats.length} beats and ${records.length} records as ${req.format} to ${target}`);
  return { outDir: target, files, beats: beats.length, records: records.length };
}
