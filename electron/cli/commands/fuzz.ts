import path from 'node:path';
import { compareWithManifest } from '../../engine/fuzz/check-outcomes';
import {
  FUZZ_DEFAULT_COUNT,
  FUZZ_DEFAULT_SEED,
  FUZZ_MIN_COUNT,
  generateFuzzCorpus,
} from '../../engine/fuzz/generate-corpus';
import { FUZZ_MANIFEST_NAME } from '../../engine/fuzz/fuzz-manifest';
import { observeScan } from '../../engine/fuzz/observe-scan';
import type { CliCommand } from '../command';

function parseInteger(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw Object.assign(new Error(`--${name} must be an integer from ${min} to ${max}, got "${text}"`), {
      code: 'E_USAGE',
    });
  return n;
}

const options = {
  out: { type: 'string', short: 'o', description: 'empty (or new) folder to write the corpus into' },
  count: {
    type: 'string',
    short: 'n',
    description: `manifest entries (default ${FUZZ_DEFAULT_COUNT}, at least ${FUZZ_MIN_COUNT})`,
  },
  seed: {
    type: 'string',
    short: 's',
    description: `random seed (default ${FUZZ_DEFAULT_SEED}); same seed, same bytes`,
  },
  'huge-folder': { type: 'boolean', description: 'also write huge/ with 100,000 tiny distinct PNGs' },
  check: { type: 'boolean', description: 'then scan the corpus and compare every outcome with the manifest' },
} as const;

export const fuzzCommand: CliCommand = {
  name: 'fuzz',
  summary:
    'Write a deterministic corpus of good, damaged and hostile files with a manifest of what the scan must make of each.',
  usage: 'fuzz --out <dir> [--count N] [--seed S] [--huge-folder] [--check]',
  options,
  help: [
    'Kinds: seed images (PNG, JPEG, TIFF, BMP, WebP), wrong extensions, truncated, bit-flipped, empty,',
    'decompression bombs, non-images (PDF, text, ZIP, GIF, random), symlink loops and dangling links,',
    'unreadable files (mode 000, FIFO, folder named *.png), odd and long names, duplicates.',
    `The manifest (${FUZZ_MANIFEST_NAME}) gives each path its kind and expected outcome:`,
    'image-ok | duplicate | refused:<code> | any-refused | any | no-event.',
    '',
    'Example: npm run fuzz -- --out /tmp/ecg-fuzz --count 1000 --seed 7 --check',
  ].join('\n'),
  async run({ values, io }) {
    const out = values.out as string | undefined;
    if (!out) {
      io.err('fuzz: --out <dir> is required');
      return 2;
    }
    let count: number, seed: number;
    try {
      count = parseInteger('count', values.count as string | undefined, FUZZ_DEFAULT_COUNT, 1, 1_000_000);
      seed = parseInteger('seed', values.seed as string | undefined, FUZZ_DEFAULT_SEED, 0, 2 ** 32 - 1);
    } catch (err) {
      io.err(`fuzz: ${(err as Error).message}`);
      return 2;
    }
    if (count < FUZZ_MIN_COUNT)
      io.err(
        `fuzz: --count ${count} is below the ${FUZZ_MIN_COUNT} entries every corpus holds; writing ${FUZZ_MIN_COUNT}`,
      );
    const root = path.resolve(out);
    const t0 = performance.now();
    const manifest = await generateFuzzCorpus({
      out: root,
      count,
      seed,
      hugeFolder: Boolean(values['huge-folder']),
      onProgress: (m) => io.err(`fuzz: ${m}`),
    });
    const kinds = new Map<string, number>();
    for (const f of manifest.files) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    io.out(
      `Wrote ${manifest.files.length} entries to ${root} (seed ${seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (const [k, n] of [...kinds].sort()) io.out(`  ${k.padEnd(20)} ${n}`);
    if (manifest.hugeFolder)
      io.out(`  ${'huge-folder'.padEnd(20)} ${manifest.hugeFolder.files} (in ${manifest.hugeFolder.dir}/)`);
    io.out(`Manifest: ${path.join(root, FUZZ_MANIFEST_NAME)}`);
    for (const n of manifest.notes) io.out(`Note: ${n}`);
    if (!values.check) return 0;

    const scan = await observeScan(root);
    if (scan.crash) {
      io.err(`fuzz: the scan crashed after ${scan.outcomes.length} outcomes: ${scan.crash.message}`);
      return 1;
    }
    const { mismatches } = compareWithManifest(manifest, scan.outcomes, 'scan');
    io.out(`Scan: ${scan.outcomes.length} outcomes, ${mismatches.length} not as the manifest expects`);
    for (const m of mismatches) io.out(`  ${JSON.stringify(m.path)} [${m.kind}] expected ${m.expect}, got ${m.got}`);
    return mismatches.length ? 1 : 0;
  },
};
