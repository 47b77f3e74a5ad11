/**
 * Robustness under a fuzzed corpus: 1,200 generated files (good, damaged, hostile) through the scan
 * and, when the batch pipeline is present, through runBatch (digitize, beats; no model); then a
 * 100,000-file folder through the scan. Counts per input kind: tried, crashes, refused with a
 * reason, duplicates, ok. Each phase runs in its own process so its peak RSS is its own.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compareWithManifest } from '../../electron/engine/fuzz/check-outcomes';
import { FUZZ_MANIFEST_NAME, type FuzzManifest } from '../../electron/engine/fuzz/fuzz-manifest';
import { generateFuzzCorpus } from '../../electron/engine/fuzz/generate-corpus';
import { observeScan } from '../../electron/engine/fuzz/observe-scan';
import { removeFuzzCorpus } from '../../electron/engine/fuzz/remove-corpus';
import { FUZZ_HUGE_FOLDER_FILES, writeHugeFolder } from '../../electron/engine/fuzz/write-huge-folder';
import { probeImage } from '../../electron/engine/scan/probe-image';
import { scanFolder } from '../../electron/engine/scan/scan-folder';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SELF = import.meta.filename;
const CORPUS_COUNT = 1200;
const SEED = 1;
const RESULT_MARK = 'FUZZ-PHASE-RESULT ';

const getPeakRssMiB = () => +(process.resourceUsage().maxRSS / 1024).toFixed(1);
const seconds = (t0: number) => +((performance.now() - t0) / 1000).toFixed(2);

async function readManifest(root: string): Promise<FuzzManifest> {
  return JSON.parse(await readFile(path.join(root, FUZZ_MANIFEST_NAME), 'utf8')) as FuzzManifest;
}

/** The scan over the corpus. A throw ends scanFolder, so the files it never reached are probed one by one. */
async function measureScan(root: string) {
  const manifest = await readManifest(root);
  const t0 = performance.now();
  const { outcomes, crash } = await observeScan(root);
  const crashesByKind: Record<string, number> = {};
  if (crash) {
    const seen = new Set(outcomes.map((o) => o.path));
    for (const f of manifest.files.filter((x) => !seen.has(x.path) && x.expect !== 'no-event')) {
      try {
        const r = await probeImage(path.join(root, f.path));
        outcomes.push(
          r.ok ? { path: f.path, type: 'image' } : { path: f.path, type: 'refused', code: r.code, message: r.message },
        );
      } catch {
        crashesByKind[f.kind] = (crashesByKind[f.kind] ?? 0) + 1;
      }
    }
  }
  const { byKind, mismatches } = compareWithManifest(manifest, outcomes, 'scan');
  const kinds = Object.fromEntries(
    Object.entries(byKind).map(([k, t]) => [k, { ...t, crashes: crashesByKind[k] ?? 0 }]),
  );
  return {
    seconds: seconds(t0),
    files: manifest.files.length,
    scanThrew: crash ? crash.message : null,
    byKind: kinds,
    mismatches: mismatches.slice(0, 50),
    mismatchCount: mismatches.length,
    peakRssMiB: getPeakRssMiB(),
  };
}

type BatchTally = {
  tried: number;
  ok: number;
  partial: number;
  refused: number;
  refusedWithReason: number;
  duplicates: number;
  noOutcome: number;
};

/** runBatch over the corpus when the batch pipeline exists (checked here, at run time). */
async function measureBatch(root: string) {
  const runBatchFile = path.join(ROOT, 'electron/engine/batch/run-batch.ts');
  if (!existsSync(runBatchFile)) return { ran: false, reason: 'electron/engine/batch/run-batch.ts does not exist yet' };
  const batchMod = await import('../../electron/engine/batch/run-batch').catch((e: Error) => e);
  const digitizeMod = await import('../../electron/engine/digitize/index').catch((e: Error) => e);
  const storeMod = await import('../../electron/engine/store/review-store').catch((e: Error) => e);
  for (const m of [batchMod, digitizeMod, storeMod])
    if (m instanceof Error) return { ran: false, reason: `cannot load the batch pipeline: ${m.message}` };
  const { observeBatch } = await import('../../electron/engine/fuzz/observe-batch');
  const manifest = await readManifest(root);
  const t0 = performance.now();
  const { outcomes, result, threw } = await observeBatch(root);
  const elapsed = seconds(t0);

  const byKind: Record<string, BatchTally> = {};
  let multiple = 0;
  for (const f of manifest.files) {
    if (f.expect === 'no-event') continue;
    const t = (byKind[f.kind] ??= {
      tried: 0,
      ok: 0,
      partial: 0,
      refused: 0,
      refusedWithReason: 0,
      duplicates: 0,
      noOutcome: 0,
    });
    t.tried++;
    const seen = outcomes.get(f.path) ?? [];
    if (seen.length > 1) multiple++;
    const o = seen[0];
    if (!o) t.noOutcome++;
    else if (o.status === 'ok') t.ok++;
    else if (o.status === 'partial') t.partial++;
    else if (o.status === 'duplicate') t.duplicates++;
    else {
      t.refused++;
      if (o.reason) t.refusedWithReason++;
    }
  }
  const decodeStage = manifest.files.filter((f) => f.refusedBy === 'decode');
  return {
    ran: true,
    note: 'inference: none (digitize + beats + store) through the engine’s own digitizer adapter',
    seconds: elapsed,
    runBatchThrew: threw,
    progress: result?.progress.files ?? null,
    beats: result?.progress.beats ?? null,
    byKind,
    pathsWithMoreThanOneOutcome: multiple,
    decodeStageRefused: `${decodeStage.filter((f) => outcomes.get(f.path)?.[0]?.status === 'refused').length}/${decodeStage.length}`,
    peakRssMiB: getPeakRssMiB(),
  };
}

async function measureHugeScan(dir: string) {
  const t0 = performance.now();
  const counts: Record<string, number> = {};
  let threw: string | null = null;
  try {
    for await (const e of scanFolder(dir)) counts[e.type] = (counts[e.type] ?? 0) + 1;
  } catch (err) {
    threw = (err as Error).message;
  }
  const s = seconds(t0);
  const files = Object.values(counts).reduce((a, b) => a + b, 0);
  return { seconds: s, filesPerSecond: +(files / s).toFixed(0), counts, threw, peakRssMiB: getPeakRssMiB() };
}

const PHASES = { scan: measureScan, batch: measureBatch, huge: measureHugeScan } as const;

/** A phase that dies (a crash of the consumer, not of one file) is reported, and the other phases still run. */
async function runPhaseInChild(phase: keyof typeof PHASES, dir: string): Promise<unknown> {
  try {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', SELF, '--phase', phase, dir], {
      cwd: ROOT,
      maxBuffer: 256 * 2 ** 20,
    });
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
    if (!line) throw new Error(`phase ${phase} printed no result`);
    return JSON.parse(line.slice(RESULT_MARK.length));
  } catch (err) {
    return { processCrashed: true, error: String((err as Error).message).slice(0, 2000) };
  }
}

export async function run(): Promise<object> {
  const corpus = await mkdtemp(path.join(os.tmpdir(), 'ecg-fuzz-bench-'));
  const huge = await mkdtemp(path.join(os.tmpdir(), 'ecg-fuzz-huge-'));
  try {
    let t0 = performance.now();
    const manifest = await generateFuzzCorpus({ out: corpus, count: CORPUS_COUNT, seed: SEED, onProgress: () => {} });
    const generateSeconds = seconds(t0);
    t0 = performance.now();
    await writeHugeFolder(huge, FUZZ_HUGE_FOLDER_FILES, 64);
    const hugeWriteSeconds = seconds(t0);
    return {
      corpus: {
        entries: manifest.files.length,
        seed: SEED,
        generateSeconds,
        runningAsRoot: manifest.runningAsRoot,
        encoders: manifest.encoders,
      },
      scan: await runPhaseInChild('scan', corpus),
      batch: await runPhaseInChild('batch', corpus),
      hugeFolder: {
        files: FUZZ_HUGE_FOLDER_FILES,
        writeSeconds: hugeWriteSeconds,
        writeConcurrency: 64,
        scan: await runPhaseInChild('huge', huge),
      },
      notes: [
        'peakRssMiB is process.resourceUsage().maxRSS of the child process that ran the phase (tsx loader included).',
        'scan byKind: ok/duplicates/refused count scan events; mismatches are entries whose outcome differs from the manifest (known scan gaps: truncated WebP reported as corrupt; FIFO skipped).',
        'batch byKind: outcome per manifest entry (refusedFiles of runBatch, then the image records of the review set); noOutcome = the batch reported nothing for that path.',
      ],
    };
  } finally {
    await removeFuzzCorpus(corpus);
    await removeFuzzCorpus(huge);
  }
}

if (process.argv[2] === '--phase') {
  const phase = process.argv[3] as keyof typeof PHASES;
  const result = await PHASES[phase](process.argv[4]!);
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}
