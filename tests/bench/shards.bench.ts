/**
 * Scale-out throughput for build/cluster/README.md ("Throughput"): the terms of
 * `T(F, N) ≈ F / s + F / (N · r) + M`, measured in one run on one machine, through the CLI a
 * cluster worker runs. `npm run bench -- shards`
 * - a folder of rendered images (single-beat crops and whole 12-lead sheets, in two subfolders);
 * - `s`: files walked and hashed per second — the scan every shard worker does over the whole
 *   folder (walk + probe with the batch's own read-ahead, in this process; files in page cache), and
 *   the same through the CLI: a resumed shard worker that finds nothing left to do;
 * - `r`: images digitized + classified per second by one shard worker
 *   (`ecg-review batch <folder> --shard 0/N --json`), beat crops and sheets separately; process
 *   start and model loading (until the first progress line) are reported apart, and the steady rate
 *   is taken against the same folder unsharded (0/1), which cancels the worker's warm-up;
 * - N shards run one after another over the whole folder, then `ecg-review merge --union`: the
 *   merge time `M`, and a check that the merged set holds every image exactly once.
 * Figures are rates and ratios within this run; nothing asserts a time. Writes results/shards.md.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { mapOrdered } from '../../electron/engine/batch/map-ordered';
import { ECG_BATCH_PROBE_AHEAD } from '../../electron/engine/batch/prepare-files';
import { probeImage } from '../../electron/engine/scan/probe-image';
import { walkFolder } from '../../electron/engine/scan/walk-folder';
import { mergeReviewSets } from '../../electron/engine/store/merge-review-sets';
import { openReviewDatabase } from '../../electron/engine/store/open-database';
import { generateSynthSet, type SynthKind } from '../../electron/engine/synth';
import { DS1_RECORDS, loadRecord } from '../../electron/engine/wfdb';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RESULTS = path.join(import.meta.dirname, 'results');
const N_BEATS = Number(process.env.ECG_BENCH_SHARD_BEATS ?? 400);
const N_SHEETS = Number(process.env.ECG_BENCH_SHARD_SHEETS ?? 20);
const N_SHARDS = Number(process.env.ECG_BENCH_SHARDS ?? 4);
/** The in-process scan is short: repeated, the median taken. */
const SCAN_REPEATS = 9;
const F = 1_000_000;

const round = (x: number, d = 2) => +x.toFixed(d);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

/** Images only in `dir`; the renderer's truth JSON files go to `truthDir`, outside the folder. */
async function render(kind: SynthKind, records: string[], count: number, dir: string, truthDir: string, seed: number) {
  const recs = await Promise.all(records.map((r) => loadRecord(r, { dir: MITDB_DIR })));
  const t0 = performance.now();
  await generateSynthSet({ kind, records: recs, count, outDir: dir, artifacts: 'mixed', seed });
  const seconds = (performance.now() - t0) / 1000;
  await mkdir(truthDir, { recursive: true });
  for (const f of await readdir(dir)) if (f.endsWith('.json')) await rename(path.join(dir, f), path.join(truthDir, f));
  return round(seconds, 1);
}

/** What a shard worker does to every file of the folder before it knows the file's shard. */
async function scanOnce(folder: string) {
  const t0 = performance.now();
  const files: string[] = [];
  for await (const e of walkFolder(folder)) if (!('code' in e)) files.push(e.path);
  const hashes: string[] = [];
  let bytes = 0;
  const probed = mapOrdered(files, { width: ECG_BATCH_PROBE_AHEAD }, (f) => probeImage(f, { keepBytes: true }));
  for await (const p of probed) {
    if (!p.ok) continue;
    hashes.push(p.image.sha256);
    bytes += p.image.bytes;
  }
  return { files: files.length, bytes, hashes, seconds: (performance.now() - t0) / 1000 };
}

async function measureScan(folder: string) {
  const runs = [];
  for (let i = 0; i < SCAN_REPEATS; i++) runs.push(await scanOnce(folder));
  const seconds = median(runs.map((r) => r.seconds));
  const { files, bytes, hashes } = runs[0]!;
  return {
    files,
    distinctImages: new Set(hashes).size,
    meanFileKiB: round(bytes / files / 1024, 1),
    secondsMedian: round(seconds, 3),
    secondsRuns: runs.map((r) => round(r.seconds, 3)),
    filesPerSecond: round(files / seconds, 0),
    filesPerSecondRange: [
      round(files / Math.max(...runs.map((r) => r.seconds)), 0),
      round(files / Math.min(...runs.map((r) => r.seconds)), 0),
    ],
    mibPerSecond: round(bytes / 2 ** 20 / seconds, 1),
    hashes,
  };
}

interface BatchSummary {
  state: string;
  files: Record<string, number>;
  beats: number;
  peakRssMiB: number;
}

/**
 * One CLI process, each stdout line timestamped as it arrives: `startup` is the time to the first
 * line (node + tsx, loading the beat and sheet models, the walk), `work` from it to the summary
 * line (hashing every file, digitizing and classifying the shard's images, storing them).
 */
async function runCli(args: string[]) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/ecg-review.js', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: { at: number; text: string }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => lines.push({ at: performance.now(), text }));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`ecg-review ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return { wall, lines, t0 };
}

async function runShardWorker(folder: string, out: string, shard: string) {
  const { wall, lines, t0 } = await runCli(['batch', folder, '--out', out, '--shard', shard, '--json']);
  const last = lines.at(-1)!;
  const summary = JSON.parse(last.text) as BatchSummary;
  const startup = (lines[0]!.at - t0) / 1000;
  const work = (last.at - lines[0]!.at) / 1000;
  return {
    shard,
    wallSeconds: round(wall, 2),
    startupSeconds: round(startup, 2),
    workSeconds: round(work, 2),
    files: summary.files,
    beats: summary.beats,
    peakRssMiB: summary.peakRssMiB,
    ...countSet(out),
  };
}

/** Images (by content hash) and beats in a review set, and images per kind. */
function countSet(file: string) {
  const db = openReviewDatabase(file, { readonly: true });
  try {
    const hashes = db.prepare(`SELECT sha256 FROM images`).pluck().all() as string[];
    const kinds = db.prepare(`SELECT kind, COUNT(*) AS n FROM images GROUP BY kind`).all() as {
      kind: string | null;
      n: number;
    }[];
    const beatRows = db.prepare(`SELECT COUNT(*) FROM beats`).pluck().get() as number;
    return {
      images: hashes.length,
      imagesByKind: Object.fromEntries(kinds.map((k) => [k.kind ?? 'none', k.n])),
      storedBeats: beatRows,
      hashes,
    };
  } finally {
    db.close();
  }
}

/** The merge's own work (no process start), in this process: median of 3 into fresh files. */
function timeMerge(out: string, inputs: string[]) {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const f = `${out}.${i}`;
    const t0 = performance.now();
    mergeReviewSets(f, inputs, { union: true });
    runs.push((performance.now() - t0) / 1000);
    rmSync(f, { force: true });
  }
  return median(runs);
}

/**
 * `r` and the merge cost for one kind of image. Shard 0/N of the kind's folder is what one worker
 * of N does; it is short, so the worker's warm-up (digitizer threads, the first model runs) weighs
 * on it. The same folder unsharded (0/1) has the same warm-up and the same scan of the folder, so
 * the extra images over the extra seconds is the worker's steady rate: that is `r`. The two sets
 * merged (--union; the shard's images are in both) give the merge's own cost per input image.
 */
async function measureKind(dir: string, sets: string, name: string) {
  const shardSet = path.join(sets, `${name}-0.ecgreview`);
  const wholeSet = path.join(sets, `${name}-whole.ecgreview`);
  const shard = await runShardWorker(dir, shardSet, `0/${N_SHARDS}`);
  const whole = await runShardWorker(dir, wholeSet, '0/1');
  const extraImages = whole.images - shard.images;
  const extraSeconds = whole.workSeconds - shard.workSeconds;
  const inputImages = shard.images + whole.images;
  const mergeOwn = timeMerge(path.join(sets, `${name}-merged.ecgreview`), [shardSet, wholeSet]);
  return {
    shard: strip(shard),
    whole: strip(whole),
    beatsPerImage: round(whole.storedBeats / whole.images, 1),
    imagesPerSecondShard: round(shard.images / shard.workSeconds),
    imagesPerSecondWhole: round(whole.images / whole.workSeconds),
    // Steady rate; if noise makes the difference meaningless, the whole folder's own rate.
    imagesPerSecond:
      extraSeconds > 0 && extraImages > 0 ? round(extraImages / extraSeconds) : round(whole.images / whole.workSeconds),
    merge: {
      inputImages,
      seconds: round(mergeOwn, 3),
      msPerInputImage: round((mergeOwn / inputImages) * 1000, 3),
    },
  };
}

const strip = <T extends { hashes: string[] }>({ hashes: _h, ...rest }: T): Omit<T, 'hashes'> => rest;

/** T(F, N) ≈ F / s + F / (N · r) + M, in hours, with each term. */
function estimate(s: number, r: number, mSeconds: number, n: number) {
  const scan = F / s;
  const work = F / (n * r);
  const total = scan + work + mSeconds;
  const terms = { scan, work, merge: mSeconds };
  const dominant = (Object.keys(terms) as (keyof typeof terms)[]).sort((a, b) => terms[b] - terms[a])[0]!;
  return {
    N: n,
    scanHours: round(scan / 3600),
    workHours: round(work / 3600),
    mergeHours: round(mSeconds / 3600),
    totalHours: round(total / 3600, 1),
    dominant,
  };
}

function markdown(res: Record<string, unknown> & { table: string[][] }) {
  const rows = res.table.map((r) => `| ${r.join(' | ')} |`).join('\n');
  return `# Scale-out: shards and merge

Generated by \`npm run bench -- shards\` (tests/bench/shards.bench.ts); figures in tests/bench/results/shards.json, machine facts there. One machine, one run; rates and ratios, no timed assertions.

| figure | value |
| --- | --- |
${rows}
`;
}

export async function run(): Promise<object> {
  if (!hasSharedData(MITDB_DIR)) return { skipped: `no MIT-BIH records at ${MITDB_DIR}` };
  const work = await mkdtemp(path.join(os.tmpdir(), 'ecg-bench-shards-'));
  try {
    const folder = path.join(work, 'in');
    const beatsDir = path.join(folder, 'beats');
    const sheetsDir = path.join(folder, 'sheets');
    const renderSeconds = {
      beats: await render('beat', [...DS1_RECORDS], N_BEATS, beatsDir, path.join(work, 'truth', 'beats'), 71),
      sheets: await render(
        'sheet',
        ['119', '208', '209', '223'],
        N_SHEETS,
        sheetsDir,
        path.join(work, 'truth', 'sheets'),
        72,
      ),
    };

    // s: the scan of the whole folder that every worker repeats, and of each kind's files alone.
    const scanAll = await measureScan(folder);
    const scanBeats = await measureScan(beatsDir);
    const scanSheets = await measureScan(sheetsDir);

    // r: one worker per kind, through the CLI.
    const sets = path.join(work, 'sets');
    await mkdir(sets);
    const beats = await measureKind(beatsDir, sets, 'beats');
    const sheets = await measureKind(sheetsDir, sets, 'sheets');

    // N shards over the whole folder, one after another, then the merge.
    const shardFiles: string[] = [];
    const shards = [];
    for (let i = 0; i < N_SHARDS; i++) {
      const f = path.join(sets, `shard-${i}.ecgreview`);
      shards.push(await runShardWorker(folder, f, `${i}/${N_SHARDS}`));
      shardFiles.push(f);
    }
    // A shard worker restarted after it finished: every file is hashed again and skipped — the scan
    // term through the CLI.
    const resumed = await runShardWorker(folder, shardFiles[0]!, `0/${N_SHARDS}`);
    const merged = path.join(sets, 'merged.ecgreview');
    const mergeRun = await runCli(['merge', merged, ...shardFiles, '--union', '--json']);
    const mergeReport = JSON.parse(mergeRun.lines.at(-1)!.text) as { images: number; beats: number };
    const mergedSet = countSet(merged);

    // Every image exactly once: shards disjoint, their union the folder, the merged set the same.
    const folderHashes = new Set(scanAll.hashes);
    const shardHashes = shards.flatMap((x) => x.hashes);
    const mergedHashes = new Set(mergedSet.hashes);
    const check = {
      folderFiles: scanAll.files,
      folderDistinctImages: folderHashes.size,
      imagesOverShards: shardHashes.length,
      distinctOverShards: new Set(shardHashes).size,
      mergedImages: mergedSet.images,
      mergedMissing: [...folderHashes].filter((h) => !mergedHashes.has(h)).length,
      mergedBeats: mergedSet.storedBeats,
      beatsOverShards: shards.reduce((n, x) => n + x.storedBeats, 0),
      exactlyOnce: false,
    };
    check.exactlyOnce =
      check.imagesOverShards === check.folderDistinctImages &&
      check.distinctOverShards === check.folderDistinctImages &&
      check.mergedImages === check.folderDistinctImages &&
      check.mergedMissing === 0 &&
      check.mergedBeats === check.beatsOverShards;
    if (!check.exactlyOnce) throw new Error(`merged shards do not hold every image once: ${JSON.stringify(check)}`);

    // The same merge in this process: its own work; the rest of M is starting the CLI process.
    const mergeOwn = timeMerge(path.join(sets, 'merged-again.ecgreview'), shardFiles);
    const start = Math.max(mergeRun.wall - mergeOwn, 0);
    // M for a million images of one kind: process start + the per-image cost of that kind's merge.
    const m1M = {
      beatCrops: start + (F * beats.merge.msPerInputImage) / 1000,
      sheets: start + (F * sheets.merge.msPerInputImage) / 1000,
    };
    const estimates = {
      note: 'T(F,N) ≈ F/s + F/(N·r) + M for F = 1,000,000 images all of one kind, with s, r and the merge cost per image from this run (one machine, 2 cores, loaded, files in page cache). Workers run at once, each at this r. crossoverN = s/r: beyond it the scan term is larger than the work term.',
      beatCrops: {
        crossoverN: round(scanBeats.filesPerSecond / beats.imagesPerSecond, 0),
        mergeSeconds: round(m1M.beatCrops, 0),
        T: [10, 100].map((n) => estimate(scanBeats.filesPerSecond, beats.imagesPerSecond, m1M.beatCrops, n)),
      },
      sheets: {
        crossoverN: round(scanSheets.filesPerSecond / sheets.imagesPerSecond, 0),
        mergeSeconds: round(m1M.sheets, 0),
        T: [10, 100].map((n) => estimate(scanSheets.filesPerSecond, sheets.imagesPerSecond, m1M.sheets, n)),
      },
    };

    const result = {
      N: N_SHARDS,
      images: { beatCrops: N_BEATS, sheets: N_SHEETS, total: scanAll.files },
      renderSeconds,
      s: {
        note: 'files walked and hashed per second: walk + probe (read once, sha256, header) at the batch read-ahead, in this process, median of 9 passes (range: slowest and fastest pass; the machine is shared); files in page cache',
        folder: strip(scanAll),
        beatCrops: strip(scanBeats),
        sheets: strip(scanSheets),
        throughCli: {
          note: 'shard 0 worker started again after it finished: every file hashed and skipped; files / work seconds (short: a cross-check only)',
          ...strip(resumed),
          filesPerSecond: round(resumed.files.total! / resumed.workSeconds, 0),
        },
      },
      r: {
        note: '`ecg-review batch <kind folder> --shard 0/N --json` and the same folder unsharded (0/1); work = first progress line (after process start, model loading and the walk) to the summary line. imagesPerSecond = (whole − shard images) / (whole − shard work seconds): the steady rate, warm-up and folder scan cancelled; imagesPerSecondShard is the short shard run as is.',
        beatCrops: beats,
        sheets,
        sheetTimeOverBeatTime: round(beats.imagesPerSecond / sheets.imagesPerSecond, 1),
      },
      shards: {
        note: 'shard i/N of the whole folder (beat crops and sheets), run one after another',
        runs: shards.map(strip),
        imagesMinMax: [Math.min(...shards.map((x) => x.images)), Math.max(...shards.map((x) => x.images))],
      },
      merge: {
        note: 'M: `ecg-review merge merged shard-0 … shard-(N-1) --union --json`, wall time of the process; ownSeconds: the same merge in this process (median of 3); processStart: the difference',
        seconds: round(mergeRun.wall, 2),
        ownSeconds: round(mergeOwn, 3),
        processStartSeconds: round(start, 2),
        report: { images: mergeReport.images, beats: mergeReport.beats },
        msPerImage: round((mergeOwn / mergedSet.images) * 1000, 3),
      },
      check,
      estimates,
    };

    const h = (e: ReturnType<typeof estimate>) =>
      `N=${e.N}: ${e.totalHours} h (scan ${e.scanHours} + work ${e.workHours} + merge ${e.mergeHours}; ${e.dominant} dominates)`;
    const table = [
      ['N (shards, run one after another)', `${N_SHARDS}`],
      ['images', `${N_BEATS} beat crops + ${N_SHEETS} sheets = ${scanAll.files}`],
      [
        's, files walked + hashed per second (median of passes; range)',
        `beat crops ${scanBeats.filesPerSecond} (${scanBeats.filesPerSecondRange.join('–')}; ${scanBeats.meanFileKiB} KiB each), sheets ${scanSheets.filesPerSecond} (${scanSheets.filesPerSecondRange.join('–')}; ${scanSheets.meanFileKiB} KiB each), whole folder ${scanAll.filesPerSecond} (${scanAll.filesPerSecondRange.join('–')}); resumed worker through the CLI ${result.s.throughCli.filesPerSecond}`,
      ],
      [
        'r, images per second, one worker (steady)',
        `beat crops ${beats.imagesPerSecond}, sheets ${sheets.imagesPerSecond} (a sheet takes ${result.r.sheetTimeOverBeatTime}× a beat crop)`,
      ],
      [
        'r as the short shard 0/N run',
        `beat crops ${beats.imagesPerSecondShard} (${beats.shard.images} in ${beats.shard.workSeconds} s), sheets ${sheets.imagesPerSecondShard} (${sheets.shard.images} in ${sheets.shard.workSeconds} s)`,
      ],
      [
        'worker start (node, tsx, models, walk); peak RSS',
        `${beats.whole.startupSeconds} s / ${sheets.whole.startupSeconds} s; ${beats.whole.peakRssMiB} MiB (beat crops) / ${sheets.whole.peakRssMiB} MiB (sheets)`,
      ],
      [
        'shards of the whole folder',
        shards.map((x) => `${x.shard}: ${x.images} images, ${x.wallSeconds} s, ${x.peakRssMiB} MiB`).join('; '),
      ],
      [
        'M, merge of the N shard sets',
        `${result.merge.seconds} s for ${mergedSet.images} images / ${mergedSet.storedBeats} beats: ${result.merge.ownSeconds} s merging, the rest starting the process`,
      ],
      [
        'merge cost per image (own work, each kind alone)',
        `beat crops ${beats.merge.msPerInputImage} ms, sheets ${sheets.merge.msPerInputImage} ms (${sheets.beatsPerImage} beats each)`,
      ],
      ['every image exactly once', `${check.exactlyOnce} (${check.mergedImages} of ${check.folderDistinctImages})`],
      [
        'T(1M beat crops)',
        `${estimates.beatCrops.T.map(h).join('; ')}; scan ≥ work beyond N ≈ ${estimates.beatCrops.crossoverN}`,
      ],
      [
        'T(1M sheets)',
        `${estimates.sheets.T.map(h).join('; ')}; scan ≥ work beyond N ≈ ${estimates.sheets.crossoverN}`,
      ],
    ];
    await writeFile(path.join(RESULTS, 'shards.md'), markdown({ table }));
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
