import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_KINDS, type ImageKind } from '../../../common/schemas/image';
import { digitizeImage, type DigitizeResult } from '../../engine/digitize/digitize-image';
import { walkFolder } from '../../engine/scan/walk-folder';
import { writeFileAtomic } from '../../engine/util/atomic-write';
import type { CliCommand } from '../command';

/** Wide CSV: time from each panel's left edge, then one column per lead (empty = gap or past its end). */
function formatSignalsCsv(r: DigitizeResult): string {
  const fs = r.leads[0]?.fs ?? 500;
  const n = Math.max(0, ...r.leads.map((l) => l.samples.length));
  const lines = [['t_s', ...r.leads.map((l) => `${l.name}_mV`)].join(',')];
  for (let k = 0; k < n; k++) {
    lines.push(
      [
        (k / fs).toFixed(4),
        ...r.leads.map((l) => (l.samples[k] === null || l.samples[k] === undefined ? '' : String(l.samples[k]))),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatBeatsCsv(r: DigitizeResult): string {
  const lines = ['lead,r_sample,fs,t_s,window_start,window_end,pre_rr_s,post_rr_s,local_rr_s,record_rr_s'];
  for (const [lead, beats] of Object.entries(r.beats)) {
    for (const b of beats) {
      const rr = b.rhythm;
      lines.push(
        [
          lead,
          b.rSample,
          b.fs,
          (b.rSample / b.fs).toFixed(4),
          b.windowStart,
          b.windowEnd,
          rr?.preRR ?? '',
          rr?.postRR ?? '',
          rr?.localRR ?? '',
          rr?.recordRR ?? '',
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

async function listImages(target: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of walkFolder(target)) if (!('code' in e)) out.push(e.path);
  return out;
}

export const digitizeCommand: CliCommand = {
  name: 'digitize',
  summary: 'Digitize ECG images (single beats, strips, sheets) to calibrated signals in mV and beats.',
  usage: 'digitize <image|folder> --out <dir> [--kind beat|strip|sheet] [--json]',
  options: {
    out: { type: 'string', short: 'o', description: 'folder to write signals and beats to' },
    kind: {
      type: 'string',
      description: 'read every image as this kind (beat, strip or sheet) instead of detecting it',
    },
    json: { type: 'boolean', description: 'print one JSON line per image (default when stdout is not a terminal)' },
  },
  help: [
    'Writes per image <name>-<sha8>.json (kind, status, reasons, calibration, leads with samples and',
    "pixel mapping, beats), <name>-<sha8>.csv (signals: t_s from each panel's left edge, one mV column",
    'per lead, empty = gap) and <name>-<sha8>.beats.csv; and summary.json for the run.',
    'Leads are resampled to 500 Hz (single-beat crops: the 144-sample model window at 180 Hz).',
    'Every file ends ok, partial (what is missing) or refused (why); exit code 0 unless no image was read.',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const target = positionals[0];
    const out = values.out as string | undefined;
    if (!target || !out) {
      io.err('digitize: an image or folder and --out <dir> are required');
      return 2;
    }
    const kind = values.kind as string | undefined;
    if (kind !== undefined && !(IMAGE_KINDS as readonly string[]).includes(kind)) {
      io.err(`digitize: --kind must be one of ${IMAGE_KINDS.join(', ')}`);
      return 2;
    }
    let files: string[];
    try {
      files = await listImages(path.resolve(target));
    } catch (err) {
      io.err(`digitize: ${(err as Error).message}`);
      return 2;
    }
    await mkdir(out, { recursive: true });
    const json = Boolean(values.json) || !io.isTTY;
    const summary: {
      file: string;
      sha256: string;
      kind: string | null;
      status: string;
      reasons: { code: string; message: string }[];
      leads: number;
      beats: number;
      output?: string;
    }[] = [];
    for (const file of files) {
      const r = await digitizeImage(file, kind ? { forceKind: kind as ImageKind } : {});
      const nBeats = Object.values(r.beats).reduce((s, b) => s + b.length, 0);
      const row: (typeof summary)[number] = {
        file,
        sha256: r.sha256,
        kind: r.kind,
        status: r.status,
        reasons: r.reasons,
        leads: r.leads.length,
        beats: nBeats,
      };
      if (r.status !== 'refused') {
        const base = `${path.basename(file).replace(/\.[^.]+$/, '')}-${r.sha256.slice(0, 8)}`;
        await writeFileAtomic(path.join(out, `${base}.json`), JSON.stringify({ file, ...r }));
        await writeFileAtomic(path.join(out, `${base}.csv`), formatSignalsCsv(r));
        await writeFileAtomic(path.join(out, `${base}.beats.csv`), formatBeatsCsv(r));
        row.output = base;
      }
      summary.push(row);
      if (json) io.out(JSON.stringify(row));
      else {
        const why = r.reasons.map((x) => `[${x.code}] ${x.message}`).join('; ');
        io.out(
          `${r.status.padEnd(8)} ${(r.kind ?? '-').padEnd(6)} ${String(r.leads.length).padStart(2)} leads ${String(nBeats).padStart(4)} beats  ${path.relative(process.cwd(), file)}${why ? `  ${why}` : ''}`,
        );
      }
    }
    await writeFileAtomic(path.join(out, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
    const read = summary.filter((s) => s.status !== 'refused').length;
    if (!json) io.out(`${files.length} file(s): ${read} read, ${files.length - read} refused → ${out}`);
    return files.length && !read ? 1 : 0;
  },
};
