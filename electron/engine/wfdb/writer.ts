import { writeFileAtomic } from '../util/atomic-write';
import { encodeAtr, type WfdbAnnotation } from './annotations';
import { formatHeader, type WfdbHeader, type WfdbSignalSpec } from './header';
import { computeChecksum, encode16 } from './signal-format';

/** Interleave per-signal ADC arrays (all the same length) into one frame-ordered stream. */
export function interleaveSignals(signals: readonly Int16Array[]): Int16Array {
  const n = signals[0]?.length ?? 0;
  if (signals.some((s) => s.length !== n)) throw new Error('WFDB writer: signals differ in length');
  const out = new Int16Array(n * signals.length);
  for (let i = 0, k = 0; i < n; i++) for (const s of signals) out[k++] = s[i]!;
  return out;
}

/** Format-16 .dat bytes of per-signal ADC arrays. */
export function encodeDat16(signals: readonly Int16Array[]): Uint8Array {
  return encode16(interleaveSignals(signals));
}

/** Convert mV to ADC units with the given gain/baseline, rounding and saturating to int16. */
export function convertMvToAdc(mv: ArrayLike<number>, adcGain: number, baseline = 0): Int16Array {
  const out = new Int16Array(mv.length);
  for (let i = 0; i < mv.length; i++) {
    const v = mv[i]!;
    // NaN (a gap) is stored as WFDB's invalid-sample value for format 16.
    out[i] = Number.isFinite(v) ? Math.max(-32767, Math.min(32767, Math.round(v * adcGain + baseline))) : -32768;
  }
  return out;
}

/**
 * Header of a format-16 record holding `signals`, with checksums and initial values computed
 * from the data, so WFDB tools accept it.
 */
export function buildHeader16(opts: {
  recordName: string;
  fs: number;
  signals: readonly { name: string; adc: Int16Array; adcGain: number; baseline?: number; units?: string }[];
  comments?: string[];
}): WfdbHeader {
  const fileName = `${opts.recordName}.dat`;
  const specs: WfdbSignalSpec[] = opts.signals.map((s) => ({
    fileName,
    format: 16,
    samplesPerFrame: 1,
    skew: 0,
    byteOffset: 0,
    adcGain: s.adcGain,
    baseline: s.baseline ?? 0,
    units: s.units ?? 'mV',
    adcResolution: 16,
    adcZero: 0,
    initValue: s.adc[0] ?? 0,
    checksum: computeChecksum(s.adc),
    blockSize: 0,
    description: s.name,
  }));
  return {
    recordName: opts.recordName,
    nSignals: specs.length,
    fs: opts.fs,
    counterFreq: null,
    baseCounter: null,
    nSamples: opts.signals[0]?.adc.length ?? 0,
    baseTime: null,
    baseDate: null,
    signals: specs,
    comments: opts.comments ?? [],
  };
}

export async function writeHeader(filePath: string, header: WfdbHeader): Promise<void> {
  await writeFileAtomic(filePath, formatHeader(header));
}

export async function writeDat16(filePath: string, signals: readonly Int16Array[]): Promise<void> {
  await writeFileAtomic(filePath, encodeDat16(signals));
}

export async function writeAtr(filePath: string, annotations: readonly WfdbAnnotation[]): Promise<void> {
  await writeFileAtomic(filePath, encodeAtr(annotations));
}
