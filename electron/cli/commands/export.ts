import path from 'node:path';
import { AppError } from '../../../common/schemas/errors';
import { EXPORT_FORMATS } from '../../../common/schemas/export';
import { exportReviewSet } from '../../engine/export/export-review-set';
import { openReviewStore } from '../../engine/store/review-store';
import type { CliCommand } from '../command';

const USAGE = 'export <review-set> --format csv|wfdb|json --out <dir> [--force] [--include-unlabelled]';

const options = {
  format: { type: 'string', short: 'f', description: `csv | wfdb | json` },
  out: { type: 'string', short: 'o', description: 'folder to create (written atomically)' },
  force: { type: 'boolean', description: 'replace an existing, non-empty output folder' },
  'include-unlabelled': { type: 'boolean', description: 'also export beats without a final class' },
  json: { type: 'boolean', description: 'print the result as JSON' },
} as const;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export a review set as a training dataset: Kaggle-layout CSV, WFDB records or JSON, with a manifest.',
  usage: USAGE,
  options,
  help: [
    'csv:  beats.csv (187 samples at 125 Hz from the R peak, scaled to [0,1], label 0..4 = N,S,V,F,Q last, no header)',
    "      and beats-full.csv (beat id, source, every reviewer's label, final label, model probabilities).",
    'wfdb: one record per image lead: .hea + format-16 .dat of the extracted signal, .atr of final labels.',
    "json: beats.json with every beat's labels and model output.",
    'Every export carries manifest.json (provenance and sha256 of each file). Only beats with a final',
    'class are exported unless --include-unlabelled. The output may not be inside a source folder.',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const [reviewSet, ...extra] = positionals;
    const format = values.format as string | undefined;
    const out = values.out as string | undefined;
    if (!reviewSet || extra.length || !format || !out) {
      io.err(`export: usage: ecg-review ${USAGE}`);
      return 2;
    }
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new AppError('E_INVALID_INPUT', `unknown format "${format}" (use ${EXPORT_FORMATS.join(', ')})`);
    }
    const store = openReviewStore(path.resolve(reviewSet), { readonly: true });
    try {
      const result = await exportReviewSet(store, {
        format: format as (typeof EXPORT_FORMATS)[number],
        outDir: path.resolve(out),
        force: Boolean(values.force),
        includeUnlabelled: Boolean(values['include-unlabelled']),
      });
      if (values.json) io.out(JSON.stringify(result));
      else {
        io.out(`Exported ${result.beats} beats as ${format} to ${result.outDir}`);
        for (const f of result.files) io.out(`  ${f.sha256}  ${String(f.bytes).padStart(10)}  ${f.path}`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
