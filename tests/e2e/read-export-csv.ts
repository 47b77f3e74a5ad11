import { readFileSync } from 'node:fs';
import { parseCsv as parseEngineCsv } from '../../electron/engine/export/csv';

/** The engine's RFC 4180 parser, without the blank lines a hand-edited file may carry. */
export function parseCsv(text: string): string[][] {
  return parseEngineCsv(text).filter((r) => r.length > 1 || r[0] !== '');
}

/**
 * The label the export gives each beat, keyed by beat id (<sha256>:<lead>:<rSample>). Reads either a
 * beat-id column or the sha256 / lead / R-sample columns, and the final (reviewers') label column.
 */
export function readExportedLabels(file: string): Map<string, string> {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!header) throw new Error(`${file} is empty`);
  const h = header.map((x) => x.trim().toLowerCase());
  const find = (...patterns: RegExp[]) => h.findIndex((name) => patterns.some((p) => p.test(name)));
  const idCol = find(/^beat_?id$/, /^id$/);
  const shaCol = find(/sha256/, /^image/);
  const leadCol = find(/^lead/);
  const rCol = find(/^r_?sample/, /^sample$/, /^r$/);
  const labelCol = find(/^final_?label$/, /^label$/, /^reviewer_?label$/, /^final$/);
  if (labelCol < 0) throw new Error(`no final-label column in ${file}: ${header.join(',')}`);
  if (idCol < 0 && (shaCol < 0 || leadCol < 0 || rCol < 0))
    throw new Error(`no beat identity columns in ${file}: ${header.join(',')}`);
  const out = new Map<string, string>();
  for (const r of rows) {
    const id = idCol >= 0 ? r[idCol]! : `${r[shaCol]}:${r[leadCol]}:${r[rCol]}`;
    out.set(id, r[labelCol] ?? '');
  }
  return out;
}
