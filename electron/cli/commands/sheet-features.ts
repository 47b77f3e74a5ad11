import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { digitizeImage } from '../../engine/digitize/digitize-image';
import { walkFolder } from '../../engine/scan/walk-folder';
import { computeSheetFeatures } from '../../engine/sheet/compute-sheet-features';
import { ECG_SHEET_LEADS } from '../../engine/sheet/place-sheet-leads';
import { ECG_SHEET_FEATURES, ECG_SHEET_FEATURES_VERSION } from '../../engine/sheet/sheet-feature-spec';
import { ECG_TEMPLATE_FS, ECG_TEMPLATE_R_INDEX } from '../../engine/sheet/compute-lead-templates';
import { writeFileAtomic } from '../../engine/util/atomic-write';
import type { CliCommand } from '../command';

interface Row {
  file: string;
  label: string | null;
  expectSha: string | null;
}

/** labels.tsv rows (path, class, sha256; path relative to the file), else every image in the folder. */
async function listRows(target: string, labels: string | undefined): Promise<Row[]> {
  if (labels) {
    const lines = (await readFile(labels, 'utf8')).trim().split('\n');
    const head = lines[0]!.split('\t');
    const [ip, ic, is] = ['path', 'class', 'sha256'].map((k) => head.indexOf(k));
    if (ip! < 0 || ic! < 0) throw new Error(`${labels}: needs the columns path and class`);
    return lines.slice(1).map((l) => {
      const c = l.split('\t');
      return {
        file: path.resolve(path.dirname(labels), c[ip!]!),
        label: c[ic!]!,
        expectSha: is! >= 0 ? c[is!]! : null,
      };
    });
  }
  const out: Row[] = [];
  for await (const e of walkFolder(target))
    if (!('code' in e)) out.push({ file: e.path, label: null, expectSha: null });
  return out;
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null);

export const sheetFeaturesCommand: CliCommand = {
  name: 'sheet-features',
  summary: 'Digitize 12-lead sheets and write the record classifier’s features and median beats (training input).',
  usage: 'sheet-features <folder> --out <dir> [--labels labels.tsv]',
  options: {
    out: { type: 'string', short: 'o', description: 'folder to write features.jsonl and features.json to' },
    labels: {
      type: 'string',
      description: 'TSV with path, class, sha256 (paths relative to it); default: every image',
    },
  },
  help: [
    'Writes features.jsonl (one line per sheet: sha256, path, label, digitization status, features in',
    'the order of features.json, null = not measurable, and each lead’s median beat at 250 Hz) and',
    'features.json (feature names, version, template grid). models/sheet/ trains on these.',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const target = positionals[0];
    const out = values.out as string | undefined;
    const labels = values.labels as string | undefined;
    if ((!target && !labels) || !out) {
      io.err('sheet-features: a folder (or --labels) and --out <dir> are required');
      return 2;
    }
    const rows = await listRows(path.resolve(target ?? '.'), labels && path.resolve(labels));
    await mkdir(out, { recursive: true });
    const lines: string[] = [];
    const t0 = performance.now();
    for (const [i, row] of rows.entries()) {
      const r = await digitizeImage(row.file);
      if (row.expectSha && row.expectSha !== r.sha256) {
        io.err(`sheet-features: ${row.file}: sha256 ${r.sha256} differs from labels (${row.expectSha})`);
        return 1;
      }
      const f = r.status === 'refused' ? null : computeSheetFeatures(r.leads);
      lines.push(
        JSON.stringify({
          sha256: r.sha256,
          path: path.relative(path.dirname(labels ?? target!), row.file),
          label: row.label,
          status: r.status,
          reasons: r.reasons.map((x) => x.code),
          leads: r.leads.map((l) => l.name),
          beatSource: f?.templates.beatSource ?? 'none',
          beats: f?.templates.beatTimes.length ?? 0,
          features: f ? Array.from(f.values, round) : null,
          templates: f
            ? Object.fromEntries(
                ECG_SHEET_LEADS.map((n) => [
                  n,
                  f.templates.leads.get(n) ? Array.from(f.templates.leads.get(n)!.samples, round) : null,
                ]),
              )
            : null,
        }),
      );
      if ((i + 1) % 20 === 0 || i + 1 === rows.length)
        io.err(`sheet-features: ${i + 1}/${rows.length} sheets (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await writeFileAtomic(path.join(out, 'features.jsonl'), `${lines.join('\n')}\n`);
    await writeFileAtomic(
      path.join(out, 'features.json'),
      `${JSON.stringify(
        {
          version: ECG_SHEET_FEATURES_VERSION,
          names: ECG_SHEET_FEATURES.map((f) => f.name),
          specs: ECG_SHEET_FEATURES,
          templates: { fs: ECG_TEMPLATE_FS, rIndex: ECG_TEMPLATE_R_INDEX, leads: ECG_SHEET_LEADS },
        },
        null,
        1,
      )}\n`,
    );
    io.out(`${rows.length} sheet(s) → ${path.join(out, 'features.jsonl')}`);
    return 0;
  },
};
