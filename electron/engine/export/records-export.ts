import { RECORD_CLASSES, RecordClass } from '../../../common/schemas/record';
import type { ExportRecord } from '../store/record-reads';
import { formatCsvRow, parseCsv } from './csv';

/** The record-level table, written beside the beat tables (and with WFDB records, whose headers only reach sheets with beats). */
export const ECG_RECORDS_CSV = 'records.csv';
export const ECG_RECORDS_JSON = 'records.json';
/**
 * WFDB header comment keys, one short line each (header lines stay far below WFDB's line limit):
 * the final label, one line per reviewer (name JSON-quoted), the record model's call and probabilities.
 */
export const ECG_WFDB_RECORD_KEYS = {
  label: 'record_label',
  reviewer: 'record_reviewer',
  model: 'record_model',
  probs: 'record_probs',
} as const;

/** A record as records.json and the export manifest carry it. */
export function toRecordJson(r: ExportRecord) {
  return {
    sha256: r.imageSha256,
    sourceFile: r.file,
    kind: r.kind,
    labels: r.labels,
    finalLabel: r.finalLabel,
    model: r.modelId
      ? { id: r.modelId, predicted: r.predicted, probs: r.probs, entropy: r.entropy, abstain: r.abstain }
      : null,
  };
}

/** records.csv: one row per sheet with every reviewer's record label, the final label and the record model's output. */
export function formatRecordsCsv(records: readonly ExportRecord[], reviewers: readonly string[]): string {
  const header = [
    'sha256',
    'source_file',
    'kind',
    ...reviewers.map((r) => `record_label_${r}`),
    'final_record_label',
    'record_model_id',
    'record_predicted',
    ...RECORD_CLASSES.map((c) => `p_${c}`),
    'record_entropy',
    'record_abstain',
  ];
  const lines = [formatCsvRow(header)];
  for (const r of records) {
    lines.push(
      formatCsvRow([
        r.imageSha256,
        r.file,
        r.kind ?? '',
        ...reviewers.map((name) => r.labels[name] ?? ''),
        r.finalLabel ?? '',
        r.modelId ?? '',
        r.predicted ?? '',
        ...RECORD_CLASSES.map((_, i) => (r.probs ? r.probs[i]! : '')),
        r.entropy ?? '',
        r.abstain === null ? '' : r.abstain ? 1 : 0,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface ParsedRecordRow {
  sha256: string;
  labels: Record<string, RecordClass>;
  finalLabel: RecordClass | null;
  modelId: string | null;
  predicted: RecordClass | null;
  probs: number[] | null;
  abstain: boolean | null;
}

const asClass = (v: string | undefined): RecordClass | null => {
  const r = RecordClass.safeParse(v);
  return r.success ? r.data : null;
};

/** Read records.csv back (for training code and round-trip checks); reviewer columns by their header. */
export function parseRecordsCsv(text: string): ParsedRecordRow[] {
  const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  const col = (name: string) => header.indexOf(name);
  const reviewerCols = header
    .map((h, i) => ({ h, i }))
    .filter((x) => x.h.startsWith('record_label_'))
    .map((x) => ({ name: x.h.slice('record_label_'.length), i: x.i }));
  const pCols = RECORD_CLASSES.map((c) => col(`p_${c}`));
  return rows.map((r) => {
    const labels: Record<string, RecordClass> = {};
    for (const { name, i } of reviewerCols) {
      const l = asClass(r[i]);
      if (l) labels[name] = l;
    }
    const hasProbs = pCols.every((i) => r[i] !== undefined && r[i] !== '');
    const abstain = r[col('record_abstain')] ?? '';
    return {
      sha256: r[col('sha256')]!,
      labels,
      finalLabel: asClass(r[col('final_record_label')]),
      modelId: r[col('record_model_id')] || null,
      predicted: asClass(r[col('record_predicted')]),
      probs: hasProbs ? pCols.map((i) => Number(r[i])) : null,
      abstain: abstain === '' ? null : abstain === '1',
    };
  });
}

/** The record-level lines of a WFDB header for the sheet a lead came from (comment text, without '#'). */
export function formatRecordComments(r: ExportRecord): string[] {
  const K = ECG_WFDB_RECORD_KEYS;
  const lines = [`${K.label}: ${r.finalLabel ?? 'none'}`];
  for (const [name, label] of Object.entries(r.labels)) lines.push(`${K.reviewer}: ${JSON.stringify(name)} ${label}`);
  if (r.modelId) {
    lines.push(
      `${K.model}: ${JSON.stringify(r.modelId)} ${r.predicted ?? 'none'} abstain=${r.abstain ? 1 : 0} entropy=${r.entropy ?? ''}`,
    );
    if (r.probs) lines.push(`${K.probs}: ${RECORD_CLASSES.map((c, i) => `${c}=${r.probs![i]}`).join(' ')}`);
  }
  return lines;
}

export interface ParsedRecordComments {
  finalLabel: RecordClass | null;
  labels: Record<string, RecordClass>;
  model: { id: string; predicted: RecordClass | null; probs: number[] | null; abstain: boolean } | null;
}

/** Read the record-level lines back from a WFDB header's comments; null when the record has none. */
export function parseRecordComments(comments: readonly string[]): ParsedRecordComments | null {
  const K = ECG_WFDB_RECORD_KEYS;
  const value = (key: string) => comments.filter((c) => c.startsWith(`${key}: `)).map((c) => c.slice(key.length + 2));
  const [label] = value(K.label);
  if (label === undefined) return null;
  const labels: Record<string, RecordClass> = {};
  for (const v of value(K.reviewer)) {
    const m = /^(".*") (\S+)$/.exec(v);
    const l = asClass(m?.[2]);
    if (m && l) labels[JSON.parse(m[1]!) as string] = l;
  }
  let model: ParsedRecordComments['model'] = null;
  const [mv] = value(K.model);
  const mm = mv ? /^(".*") (\S+) abstain=([01])/.exec(mv) : null;
  if (mm) {
    const [pv] = value(K.probs);
    const probs = pv
      ? RECORD_CLASSES.map((c) => Number(new RegExp(`(?:^| )${c}=(\\S+)`).exec(pv)?.[1] ?? Number.NaN))
      : null;
    model = {
      id: JSON.parse(mm[1]!) as string,
      predicted: asClass(mm[2]),
      probs: probs && probs.every(Number.isFinite) ? probs : null,
      abstain: mm[3] === '1',
    };
  }
  return { finalLabel: asClass(label), labels, model };
}
