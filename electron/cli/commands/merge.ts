import { mergeReviewSets } from '../../engine/store/merge-review-sets';
import type { CliCommand } from '../command';

const USAGE = 'merge <out> <a> <b> [...] [--union] [--force]';

const options = {
  union: { type: 'boolean', description: 'join shards of one folder (the sets may hold different images)' },
  force: { type: 'boolean', description: 'replace an existing output file' },
  json: { type: 'boolean', description: 'print the merge report as JSON' },
} as const;

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: "Join reviewers' copies of a review set into one, keeping every reviewer's labels, predictions and images.",
  usage: USAGE,
  options,
  help: [
    'Beats are matched by image content hash, lead and R sample (within 50 ms). Label events are kept',
    'from every set (duplicates dropped) and final labels recomputed. Sets of different images are',
    'refused (E_MISMATCHED_SETS) unless --union. The output is written to a temporary file and renamed.',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const [out, ...inputs] = positionals;
    if (!out || inputs.length < 2) {
      io.err(`merge: usage: ecg-review ${USAGE}`);
      return 2;
    }
    const report = mergeReviewSets(out, inputs, { union: Boolean(values.union), force: Boolean(values.force) });
    if (values.json) io.out(JSON.stringify(report));
    else {
      io.out(`Merged ${report.inputs.length} review sets into ${report.out}`);
      io.out(`  images: ${report.images}  beats: ${report.beats}  events: ${report.events}`);
      io.out(`  beats re-attached within tolerance: ${report.reattached}  beats only some sets had: ${report.added}`);
      for (const n of report.notes) io.out(`  note: ${n}`);
    }
    return 0;
  },
};
