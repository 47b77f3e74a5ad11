import { existsSync } from 'node:fs';
import path from 'node:path';
import { AAMI_CLASSES, getClassIndex } from '../../../common/ecg/aami';
import type { BeatInference, TtaConfig } from '../../../common/inference';
import { detectQrs } from '../../engine/beats/detect-qrs';
import { buildBeatModelInputs } from '../../engine/infer/build-model-inputs';
import { computeClassificationReport } from '../../engine/infer/compute-metrics';
import { createInferenceService } from '../../engine/infer/inference-service';
import { writeFileAtomic } from '../../engine/util/atomic-write';
import { getBeats, loadRecord, type WfdbBeat } from '../../engine/wfdb/record';
import type { ModelManifest } from '../../../common/schemas/model';
import { findPackageRoot } from '../../engine/util/package-root';
import type { CliCommand } from '../command';

/** The shipped ensemble, relative to the repository root. */
export const ECG_DEFAULT_MODEL_MANIFEST = path.join(findPackageRoot(), 'models', 'beat-resnet34', 'model.json');
/** AAMI EC57 beat-match window: a detection counts for a reference beat within 150 ms. */
const ECG_MATCH_WINDOW_S = 0.15;

const OPTIONS = {
  wfdb: { type: 'string', description: 'WFDB record (path without extension, or a name in $ECG_WFDB_DIR)' },
  beats: { type: 'string', description: 'reference (the .atr beats, default) or detected (engine QRS detector)' },
  model: { type: 'string', description: 'model manifest (default models/beat-resnet34/model.json)' },
  channel: { type: 'string', description: 'signal channel (default 0, the contract lead)' },
  tta: { type: 'string', description: 'on, off or manifest (default: the manifest decision)' },
  rhythm: {
    type: 'string',
    description: 'on (default) or off: classify every beat as a single-beat crop (no rhythm, no template)',
  },
  workers: { type: 'string', description: 'inference worker threads (default one per core)' },
  seconds: {
    type: 'string',
    description: 'classify only the beats of the first N seconds (context still from the whole record)',
  },
  out: { type: 'string', description: 'CSV file to write (required)' },
} as const;

interface Row {
  sample: number;
  ref: WfdbBeat | null;
}

/** Nearest reference beat within the match window of each detection (each reference used once). */
function matchReferences(
  detected: readonly number[],
  reference: readonly WfdbBeat[],
  tol: number,
): (WfdbBeat | null)[] {
  const used = new Set<number>();
  let j = 0;
  return detected.map((s) => {
    while (j < reference.length - 1 && reference[j + 1]!.sample <= s) j++;
    let best: number | null = null;
    for (const k of [j, j + 1]) {
      const r = reference[k];
      if (!r || used.has(k) || Math.abs(r.sample - s) > tol) continue;
      if (best === null || Math.abs(r.sample - s) < Math.abs(reference[best]!.sample - s)) best = k;
    }
    if (best === null) return null;
    used.add(best);
    return reference[best]!;
  });
}

function formatCsv(rows: readonly Row[], preds: readonly BeatInference[], fs: number): string {
  const head = [
    'sample',
    'time_s',
    'reference_code',
    'reference_aami',
    ...AAMI_CLASSES.map((c) => `p_${c}`),
    'predicted',
    'entropy',
    'mutual_info',
    'abstain',
    'rhythm_used',
  ];
  const lines = [head.join(',')];
  rows.forEach((r, i) => {
    const p = preds[i]!;
    const code = r.ref ? (/[",]/.test(r.ref.symbol) ? `"${r.ref.symbol.replace(/"/g, '""')}"` : r.ref.symbol) : '';
    lines.push(
      [
        r.sample,
        (r.sample / fs).toFixed(4),
        code,
        r.ref?.aami ?? '',
        ...Array.from(p.probs, (v) => v.toFixed(6)),
        p.predicted,
        p.entropy.toFixed(6),
        p.mutualInfo.toFixed(6),
        p.abstain,
        p.rhythmUsed,
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

/** `on` uses the shifts the manifest measured (−2, +2 samples when it names none). */
function parseTta(v: string | undefined, manifestTta: ModelManifest['tta']): TtaConfig | false | undefined {
  if (v === undefined || v === 'manifest') return undefined;
  if (v === 'off') return false;
  if (v === 'on') return { shifts: manifestTta?.shift_samples ?? [-2, 2], scales: manifestTta?.scales ?? [] };
  throw new Error(`--tta must be on, off or manifest (got "${v}")`);
}

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'Classify every beat of a WFDB record with the ONNX ensemble and write one CSV row per beat.',
  usage: 'classify --wfdb <record> [--beats reference|detected] [--model <manifest>] --out <csv>',
  options: OPTIONS,
  help: [
    'Columns: sample, time_s, reference_code, reference_aami, p_N … p_Q (ensemble mean), predicted, entropy,',
    "mutual_info (nats), abstain, rhythm_used (the beat's context reached the model). Rhythm features come from",
    "the R times of all beats of the record; a contract v2 model also gets each beat's template, the median of",
    "its neighbours' windows (manifest input.template), over the same reference or detected beats.",
    'With --beats detected, a reference beat within 150 ms of a detection gives its code.',
    'Example: ecg-review classify --wfdb ../shared/data/mitdb/208 --out /tmp/208.csv',
  ].join('\n'),
  async run({ values, io }) {
    const ref = values.wfdb as string | undefined;
    const out = values.out as string | undefined;
    if (!ref || !out) {
      io.err('classify: --wfdb <record> and --out <csv> are required');
      return 2;
    }
    const mode = (values.beats as string | undefined) ?? 'reference';
    if (mode !== 'reference' && mode !== 'detected') {
      io.err(`classify: --beats must be reference or detected (got "${mode}")`);
      return 2;
    }
    const rhythmOpt = (values.rhythm as string | undefined) ?? 'on';
    if (rhythmOpt !== 'on' && rhythmOpt !== 'off') {
      io.err(`classify: --rhythm must be on or off (got "${rhythmOpt}")`);
      return 2;
    }
    const ttaOpt = values.tta as string | undefined;
    if (ttaOpt !== undefined && !['on', 'off', 'manifest'].includes(ttaOpt)) {
      io.err(`classify: --tta must be on, off or manifest (got "${ttaOpt}")`);
      return 2;
    }
    const limitS = values.seconds === undefined ? Infinity : Number(values.seconds);
    if (!(limitS > 0)) {
      io.err(`classify: --seconds must be a positive number (got "${String(values.seconds)}")`);
      return 2;
    }
    const channel = Number((values.channel as string | undefined) ?? 0);
    const manifest = path.resolve((values.model as string | undefined) ?? ECG_DEFAULT_MODEL_MANIFEST);
    if (!existsSync(manifest)) {
      io.err(`classify: no model manifest at ${manifest} (train one with \`npm run train\` or pass --model)`);
      return 1;
    }

    const record = await loadRecord(ref, { dir: process.env.ECG_WFDB_DIR ?? process.cwd() });
    const signal = record.signals[channel];
    if (!signal) {
      io.err(`classify: record ${record.name} has no channel ${channel} (it has ${record.signals.length})`);
      return 2;
    }
    const reference = getBeats(record);
    let rows: Row[];
    if (mode === 'reference') {
      if (!reference.length) {
        io.err(`classify: record ${record.name} has no reference beat annotations; use --beats detected`);
        return 1;
      }
      rows = reference.map((b) => ({ sample: b.sample, ref: b }));
    } else {
      const detected = detectQrs(signal.mv, record.fs).rSamples;
      const refs = matchReferences(detected, reference, Math.round(ECG_MATCH_WINDOW_S * record.fs));
      rows = detected.map((sample, i) => ({ sample, ref: refs[i]! }));
    }

    const workers = values.workers === undefined ? undefined : Number(values.workers);
    const service = await createInferenceService(manifest, {
      ...(workers === undefined ? {} : { workers }),
    });
    try {
      const tta = parseTta(ttaOpt, service.loaded.manifest.tta);
      const ttaUsed = tta === undefined ? service.model.tta : tta;
      const all = buildBeatModelInputs(
        signal.mv,
        record.fs,
        rows.map((r) => r.sample),
        service.loaded.spec,
        { rhythm: rhythmOpt === 'on' },
      );
      const kept = rows.flatMap((r, i) => (r.sample < limitS * record.fs ? [i] : []));
      rows = kept.map((i) => rows[i]!);
      const inputs = kept.map((i) => all[i]!);
      const t0 = performance.now();
      // The CSV holds no saliency: skip the maps and their per-beat reference rows.
      const preds = await service.classify(inputs, { saliency: false, ...(tta === undefined ? {} : { tta }) });
      const seconds = (performance.now() - t0) / 1000;
      await writeFileAtomic(path.resolve(out), formatCsv(rows, preds, record.fs));
      io.out(
        `${record.name}: ${rows.length} ${mode} beats classified with ${service.model.id} (${service.loaded.folds.length} folds, tta ${ttaUsed ? `shifts ${ttaUsed.shifts.join(',')}` : 'off'}) in ${seconds.toFixed(2)} s (${Math.round(rows.length / seconds)} beats/s) → ${out}`,
      );
      const scored = rows.map((r, i) => ({ r, p: preds[i]! })).filter((x) => x.r.ref);
      if (scored.length) {
        const rep = computeClassificationReport(
          scored.map((x) => getClassIndex(x.r.ref!.aami)),
          scored.map((x) => x.p.predictedIndex),
        );
        const f1 = AAMI_CLASSES.map((c) => `${c} ${rep.perClass[c]!.f1.toFixed(3)}`).join(' ');
        io.out(
          `  vs reference (${rep.n} beats): accuracy ${(100 * rep.accuracy).toFixed(2)} %, macro-F1 (NSVF) ${rep.macroF1.toFixed(3)}; F1 ${f1}`,
        );
      }
      const abstained = preds.filter((p) => p.abstain).length;
      io.out(
        `  abstained ${abstained} (${((100 * abstained) / Math.max(1, preds.length)).toFixed(1)} %), context (rhythm, template) used for ${preds.filter((p) => p.rhythmUsed).length}`,
      );
    } finally {
      await service.close();
    }
    return 0;
  },
};
