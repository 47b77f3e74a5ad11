import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AamiClass } from '../../../common/ecg/aami';
import { getLogger } from '../util/log';
import { getAamiClass } from './aami-map';
import { readAtr, type WfdbAnnotation } from './annotations';
import { parseHeader, type WfdbHeader } from './header';
import { computeChecksum, decodeSamples } from './signal-format';

const log = getLogger('wfdb');

export interface WfdbSignal {
  /** Signal description from the header (the lead name in MIT-BIH: MLII, V1, V5...). */
  name: string;
  channel: number;
  units: string;
  adcGain: number;
  baseline: number;
  /** Raw ADC samples. */
  adc: Int16Array;
  /** Physical values, (adc − baseline) / gain; float64 so they print back as the exact quotients. */
  readonly mv: Float64Array;
  /** The header's checksum matches the samples (null when the header has none). */
  checksumOk: boolean | null;
}

export interface WfdbRecord {
  name: string;
  dir: string;
  header: WfdbHeader;
  fs: number;
  nSamples: number;
  signals: WfdbSignal[];
  /** All annotations of the annotator (beats and non-beats), in file order. */
  annotations: WfdbAnnotation[];
}

export interface WfdbBeat {
  /** Index into record.annotations. */
  annotationIndex: number;
  sample: number;
  symbol: string;
  aami: AamiClass;
}

/** `101`, `/data/mitdb/101` or `/data/mitdb/101.hea` → directory and record name. */
export function resolveRecordRef(ref: string, defaultDir?: string): { dir: string; name: string } {
  const clean = ref.replace(/\.(hea|dat|atr)$/, '');
  if (clean.includes('/') || clean.includes(path.sep))
    return { dir: path.dirname(path.resolve(clean)), name: path.basename(clean) };
  if (!defaultDir) throw new Error(`record "${ref}" has no folder: give a path or a default WFDB folder`);
  return { dir: defaultDir, name: clean };
}

/** Split the interleaved stream of one .dat file into its signals. */
function splitFrames(stream: Int16Array, nSig: number, nSamples: number): Int16Array[] {
  const n = nSamples > 0 ? Math.min(nSamples, Math.floor(stream.length / nSig)) : Math.floor(stream.length / nSig);
  const out = Array.from({ length: nSig }, () => new Int16Array(n));
  for (let i = 0, k = 0; i < n; i++) for (let s = 0; s < nSig; s++) out[s]![i] = stream[k++]!;
  return out;
}

export function convertAdcToMv(adc: Int16Array, baseline: number, gain: number): Float64Array {
  const mv = new Float64Array(adc.length);
  for (let i = 0; i < adc.length; i++) mv[i] = (adc[i]! - baseline) / gain;
  return mv;
}

async function readSignals(dir: string, header: WfdbHeader): Promise<WfdbSignal[]> {
  const out: WfdbSignal[] = [];
  const files = [...new Set(header.signals.map((s) => s.fileName))];
  for (const file of files) {
    const specs = header.signals.map((s, channel) => ({ s, channel })).filter(({ s }) => s.fileName === file);
    const fmt = specs[0]!.s.format;
    if (specs.some(({ s }) => s.format !== fmt || s.samplesPerFrame !== 1)) {
      throw new Error(`WFDB ${header.recordName}: signals of ${file} mix formats or use several samples per frame`);
    }
    const bytes = await readFile(path.join(dir, file));
    const offset = specs[0]!.s.byteOffset;
    const stream = decodeSamples(
      fmt,
      bytes.subarray(offset),
      header.nSamples ? header.nSamples * specs.length : undefined,
    );
    const adcs = splitFrames(stream, specs.length, header.nSamples);
    specs.forEach(({ s, channel }, k) => {
      const adc = adcs[k]!;
      const checksumOk = s.checksum === null ? null : computeChecksum(adc) === s.checksum;
      if (checksumOk === false) log.warn(`${header.recordName} signal ${channel}: checksum mismatch`);
      // mV computed on first use: a batch over many records often needs one channel of each.
      let mv: Float64Array | null = null;
      out[channel] = {
        name: s.description || `ch${channel}`,
        channel,
        units: s.units,
        adcGain: s.adcGain,
        baseline: s.baseline,
        adc,
        get mv() {
          return (mv ??= convertAdcToMv(adc, s.baseline, s.adcGain));
        },
        checksumOk,
      };
    });
  }
  return out;
}

/**
 * Read a WFDB record: header, signals (formats 212 and 16) and, when present, the annotator's
 * file. Paced records read like any other; callers decide whether to evaluate on them.
 */
export async function loadRecord(
  ref: string,
  opts: { dir?: string; annotator?: string | null } = {},
): Promise<WfdbRecord> {
  const { dir, name } = resolveRecordRef(ref, opts.dir);
  const header = parseHeader(await readFile(path.join(dir, `${name}.hea`), 'latin1'));
  const signals = await readSignals(dir, header);
  const annotator = opts.annotator === undefined ? 'atr' : opts.annotator;
  let annotations: WfdbAnnotation[] = [];
  if (annotator) {
    try {
      annotations = readAtr(await readFile(path.join(dir, `${name}.${annotator}`)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      log.info(`${name}: no .${annotator} annotation file`);
    }
  }
  const nSamples = signals[0]?.adc.length ?? 0;
  return { name, dir, header, fs: header.fs, nSamples, signals, annotations };
}

/** The record's beats (annotations with an AAMI class), in time order. */
export function getBeats(record: Pick<WfdbRecord, 'annotations'>): WfdbBeat[] {
  const out: WfdbBeat[] = [];
  record.annotations.forEach((a, annotationIndex) => {
    const aami = getAamiClass(a.symbol);
    if (aami) out.push({ annotationIndex, sample: a.sample, symbol: a.symbol, aami });
  });
  return out;
}
