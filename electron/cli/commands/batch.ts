import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { ModelRegistration } from '../../../common/services/review-store';
import { createDigitizer } from '../../engine/batch/digitize-adapter';
import { runBatch } from '../../engine/batch/run-batch';
import { parseShard } from '../../engine/batch/shard';
import { readBeatInputSpec } from '../../engine/beats/model-input';
import { createInferenceService } from '../../engine/infer/inference-service';
import { createRecordClassifier } from '../../engine/sheet/create-record-classifier';
import { openReviewStore } from '../../engine/store/review-store';
import { findRecordModel } from '../../host/record-model-catalog';
import { findPackageRoot } from '../../engine/util/package-root';
import type { CliCommand } from '../command';
import { createProgressLine } from '../progress-bar';

const MODELS_DIR = path.join(findPackageRoot(), 'models');
const DEFAULT_MODEL = path.join(MODELS_DIR, 'beat-resnet34', 'model.json');

export const batchCommand: CliCommand = {
  name: 'batch',
  summary: 'Digitize, find and classify every beat of a folder into a review set (resumable).',
  usage:
    'batch <folder> --out <review-set> [--model <model.json>] [--record-model <model.json>] [--shard i/N] [--no-model] [--json]',
  options: {
    out: { type: 'string', short: 'o', description: 'review set file to create or resume (never inside the folder)' },
    model: { type: 'string', description: 'model manifest (default: the shipped beat model)' },
    'no-model': { type: 'boolean', description: 'digitize and store beats without classifying them' },
    'record-model': {
      type: 'string',
      description: 'record (whole-sheet) model manifest (default: the first installed models/sheet-*)',
    },
    'no-record-model': { type: 'boolean', description: 'do not classify whole 12-lead sheets' },
    shard: { type: 'string', description: 'process only shard i of N (by content hash), e.g. 0/4' },
    workers: { type: 'string', description: 'inference worker threads (default: one per core)' },
    json: { type: 'boolean', description: 'progress as JSON lines (default when stdout is not a terminal)' },
  },
  help: 'Files already finished in the review set (same bytes) are skipped, so an interrupted batch resumes where it stopped.\nRefused files are listed with their reasons; a bad file never stops the batch.',
  async run({ values, positionals, io }) {
    const folder = positionals[0];
    const out = values.out as string | undefined;
    if (!folder || !out) {
      io.err('batch: need a folder and --out <review-set>');
      return 2;
    }
    const src = path.resolve(folder);
    const file = path.resolve(out);
    if (!path.relative(src, file).startsWith('..')) {
      io.err(`batch: the review set may not be written inside the source folder ${src}`);
      return 2;
    }
    const shard = values.shard ? parseShard(values.shard as string) : null;
    const store = openReviewStore(file, { create: true });
    let inference = null;
    let model: ModelRegistration | undefined;
    let inputSpec;
    if (!values['no-model']) {
      const manifestPath = path.resolve((values.model as string | undefined) ?? DEFAULT_MODEL);
      const workers = values.workers ? Number(values.workers) : undefined;
      inference = await createInferenceService(manifestPath, workers !== undefined ? { workers } : {});
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { input: unknown };
      model = { ref: inference.model.ref, manifest };
      inputSpec = readBeatInputSpec(manifest.input);
    }
    const recordModel = values['no-record-model']
      ? null
      : await findRecordModel(MODELS_DIR, (values['record-model'] as string | undefined) ?? null);
    const recordClassifier = recordModel ? await createRecordClassifier(recordModel.manifestPath) : null;
    const json = Boolean(values.json) || !io.isTTY;
    const bar = json ? null : createProgressLine((s) => process.stderr.write(s), 'batch');
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const result = await runBatch({
        folder: src,
        store,
        digitize: createDigitizer(inputSpec ? { beatSpec: inputSpec } : {}),
        inference,
        ...(model ? { model } : {}),
        ...(inputSpec ? { inputSpec } : {}),
        shard,
        recordClassifier,
        signal: abort.signal,
        onProgress: (p) => {
          if (json) io.out(JSON.stringify({ type: 'progress', ...p }));
          else {
            const f = p.files;
            bar?.update(
              f.ok + f.partial + f.refused + f.skipped,
              f.total,
              `${p.beats} beats${p.etaSeconds !== null ? `, ETA ${p.etaSeconds.toFixed(0)} s` : ''}`,
            );
          }
        },
      });
      bar?.end();
      const p = result.progress;
      const usage = process.resourceUsage();
      const peakRssMiB = Math.round(usage.maxRSS / 1024);
      // All threads' CPU (host, digitizer and inference workers): what a batch costs, whatever else runs.
      const cpuSeconds = +((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1);
      const summary = {
        type: 'summary',
        reviewSet: file,
        state: p.state,
        files: p.files,
        beats: p.beats,
        peakRssMiB,
        cpuSeconds,
        refused: result.refusedFiles,
      };
      if (json) io.out(JSON.stringify(summary));
      else {
        io.out(
          `${p.state}: ${p.files.total} files — ${p.files.ok} ok, ${p.files.partial} partial, ${p.files.refused} refused, ${p.files.skipped} skipped; ${p.beats} beats → ${file}`,
        );
        for (const r of result.refusedFiles) io.out(`  ${r.path}: [${r.code}] ${r.message}`);
        for (const im of store.listImages().filter((i) => i.status !== 'ok')) {
          io.out(`  ${im.path}: ${im.status} — ${im.reasons.map((r) => r.message).join('; ')}`);
        }
      }
      return p.state === 'done' ? 0 : 130;
    } finally {
      process.off('SIGINT', onSignal);
      await inference?.close();
      await recordClassifier?.close?.();
      store.close();
    }
  },
};
