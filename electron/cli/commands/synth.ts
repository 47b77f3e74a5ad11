import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../engine/util/atomic-write';
import { loadRecord, type WfdbRecord } from '../../engine/wfdb/record';
import { DS1_RECORDS } from '../../engine/wfdb/records';
import {
  type ArtifactLevel,
  ECG_GRID_COLORS,
  ECG_MAX_DPI,
  ECG_MIN_DPI,
  generateSynthSet,
  type GridColor,
  renderContactSheet,
  type SynthFormat,
  type SynthKind,
} from '../../engine/synth/index';
import { findPackageRoot } from '../../engine/util/package-root';
import type { CliCommand } from '../command';

/** ../shared/data/mitdb beside the repository, unless ECG_MITDB_DIR says otherwise. */
function getDefaultMitdbDir(): string {
  return process.env.ECG_MITDB_DIR ?? path.resolve(findPackageRoot(), '..', 'shared', 'data', 'mitdb');
}

function parseIntOption(v: unknown, name: string, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi)
    throw new Error(`--${name} must be an integer within ${lo}..${hi}, got ${JSON.stringify(v)}`);
  return n;
}

export const synthCommand: CliCommand = {
  name: 'synth',
  summary:
    'Render synthetic ECG images with ground truth (beat crops, rhythm strips, 12-lead sheets) from MIT-BIH records.',
  usage:
    'synth [--kind beat|strip|sheet] [--record <id|path>]... [--count N] [--out DIR] [--artifacts 0..3|mixed] [--seed N] [--contact-sheet]',
  options: {
    kind: {
      type: 'string',
      description: 'beat (128×128 crop), strip (rhythm strip) or sheet (3×4+1 page); default beat',
    },
    record: {
      type: 'string',
      multiple: true,
      description: 'record id in --mitdb or a path to its .hea (repeatable); default the 22 DS1 records',
    },
    mitdb: {
      type: 'string',
      description: 'WFDB folder for record ids (default $ECG_MITDB_DIR or ../shared/data/mitdb)',
    },
    count: { type: 'string', description: 'number of images (default 10)' },
    out: { type: 'string', description: 'output folder (default ./synth-out)' },
    artifacts: { type: 'string', description: 'artefact/shift level 0..3, or "mixed" to cycle them (default 0)' },
    dpi: { type: 'string', description: `strips and sheets: ${ECG_MIN_DPI}..${ECG_MAX_DPI} (default 200)` },
    seed: { type: 'string', description: 'integer seed; the same seed gives the same bytes (default 0)' },
    grid: { type: 'string', description: `grid colour: ${ECG_GRID_COLORS.join(', ')} (default: drawn from the seed)` },
    labels: {
      type: 'string',
      description: 'lead labels: standard (I, II, … V6) or record (MLII, V1); default standard',
    },
    duration: { type: 'string', description: 'strip length in seconds (default 10)' },
    format: {
      type: 'string',
      description: 'png, jpeg or auto (default: JPEG for strips/sheets with artefacts, else PNG)',
    },
    balance: { type: 'boolean', description: 'beats: draw classes uniformly instead of as they occur' },
    'contact-sheet': {
      type: 'boolean',
      description: 'write <out>/contact-sheet.png with every kind at every level instead',
    },
  },
  help: [
    'Each image gets <name>.png (or .jpg) and <name>.json (SynthTruth: true signals, pixel maps, panels, beats);',
    'manifest.json lists them. Paced records (102 104 107 217) are readable but not in the default set.',
    'Examples:',
    '  ecg-review synth --kind beat --count 1000 --artifacts mixed --balance --out /tmp/beats',
    '  ecg-review synth --kind sheet --record 208 --count 5 --artifacts 3 --dpi 300',
    '  ecg-review synth --contact-sheet --out assets',
  ].join('\n'),
  async run({ values, io }) {
    const kind = (values.kind ?? 'beat') as SynthKind;
    if (!['beat', 'strip', 'sheet'].includes(kind))
      throw new Error(`--kind must be beat, strip or sheet, got ${JSON.stringify(kind)}`);
    const artifacts =
      values.artifacts === 'mixed'
        ? 'mixed'
        : (parseIntOption(values.artifacts ?? '0', 'artifacts', 0, 3) as ArtifactLevel);
    const seed = parseIntOption(values.seed ?? '0', 'seed', 0, 2 ** 32 - 1);
    const count = parseIntOption(values.count ?? '10', 'count', 1, 1_000_000);
    const dpi = values.dpi === undefined ? undefined : parseIntOption(values.dpi, 'dpi', ECG_MIN_DPI, ECG_MAX_DPI);
    const grid = values.grid as GridColor | undefined;
    if (grid !== undefined && !ECG_GRID_COLORS.includes(grid))
      throw new Error(`--grid must be one of ${ECG_GRID_COLORS.join(', ')}`);
    const labels = (values.labels ?? 'standard') as 'standard' | 'record';
    if (!['standard', 'record'].includes(labels)) throw new Error('--labels must be standard or record');
    const durationS = values.duration === undefined ? undefined : Number(values.duration);
    if (durationS !== undefined && !(durationS > 0 && durationS <= 60))
      throw new Error('--duration must be within (0, 60] seconds');
    const format = (values.format ?? 'auto') as SynthFormat;
    if (!['png', 'jpeg', 'auto'].includes(format)) throw new Error('--format must be png, jpeg or auto');
    const outDir = path.resolve(String(values.out ?? 'synth-out'));
    const dir = String(values.mitdb ?? getDefaultMitdbDir());
    const refs = (values.record as string[] | undefined) ?? [...DS1_RECORDS];
    const cache = new Map<string, Promise<WfdbRecord>>();
    const load = (ref: string) => cache.get(ref) ?? cache.set(ref, loadRecord(ref, { dir })).get(ref)!;

    if (values['contact-sheet']) {
      const pick = (id: string, k: number) => (values.record ? refs[k % refs.length]! : id);
      const png = await renderContactSheet({
        beatRecord: await load(pick('208', 0)),
        stripRecord: await load(pick('119', 1)),
        sheetRecord: await load(pick('208', 2)),
        seed,
      });
      const file = path.join(outDir, 'contact-sheet.png');
      await mkdir(outDir, { recursive: true });
      await writeFileAtomic(file, png);
      io.out(`wrote ${file} (${(png.length / 1024).toFixed(0)} KiB)`);
      return 0;
    }

    const records = await Promise.all(refs.map(load));
    let last = 0;
    const { items, seconds } = await generateSynthSet({
      kind,
      records,
      count,
      outDir,
      artifacts,
      seed,
      dpi,
      grid,
      labels,
      durationS,
      format,
      balance: Boolean(values.balance),
      onProgress: (done, total) => {
        if (io.isTTY && (done === total || performance.now() - last > 500)) {
          last = performance.now();
          process.stderr.write(`\rsynth ${kind}: ${done}/${total}`);
          if (done === total) process.stderr.write('\n');
        }
      },
    });
    io.out(
      `wrote ${items.length} ${kind} images (+ truth JSON, manifest.json) to ${outDir} in ${seconds.toFixed(1)} s (${(items.length / seconds).toFixed(1)}/s)`,
    );
    return 0;
  },
};
