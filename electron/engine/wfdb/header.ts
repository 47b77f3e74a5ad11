/** One signal line of a WFDB header. */
export interface WfdbSignalSpec {
  fileName: string;
  /** Storage format: 212 (two 12-bit samples in 3 bytes) or 16 (little-endian int16). */
  format: number;
  samplesPerFrame: number;
  skew: number;
  byteOffset: number;
  /** ADC units per physical unit; WFDB reads 0 as the default 200. */
  adcGain: number;
  /** ADC value that corresponds to 0 physical units. */
  baseline: number;
  units: string;
  adcResolution: number;
  adcZero: number;
  initValue: number | null;
  /** 16-bit sum of all samples of the signal, as written by WFDB (null when absent). */
  checksum: number | null;
  blockSize: number;
  description: string;
}

export interface WfdbHeader {
  recordName: string;
  nSignals: number;
  fs: number;
  counterFreq: number | null;
  baseCounter: number | null;
  nSamples: number;
  baseTime: string | null;
  baseDate: string | null;
  signals: WfdbSignalSpec[];
  /** Comment lines without their leading '#'. */
  comments: string[];
}

export const WFDB_DEFAULT_GAIN = 200;
export const WFDB_DEFAULT_FS = 250;

function toInt(s: string | undefined, what: string, fallback: number): number {
  if (s === undefined || s === '') return fallback;
  const v = Number(s);
  if (!Number.isInteger(v)) throw new Error(`WFDB header: ${what} is not an integer: ${JSON.stringify(s)}`);
  return v;
}

function toNum(s: string | undefined, what: string, fallback: number): number {
  if (s === undefined || s === '') return fallback;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`WFDB header: ${what} is not a number: ${JSON.stringify(s)}`);
  return v;
}

function parseRecordLine(line: string): Omit<WfdbHeader, 'signals' | 'comments'> {
  const p = line.trim().split(/\s+/);
  const [name, nsig, freq, nsamp, time, date] = p;
  if (!name || name.includes('/'))
    throw new Error(`WFDB header: multi-segment or unnamed record: ${JSON.stringify(line)}`);
  const m = /^([0-9.eE+-]+)(?:\/([0-9.eE+-]+)(?:\(([0-9.eE+-]+)\))?)?$/.exec(freq ?? '');
  if (freq !== undefined && !m) throw new Error(`WFDB header: bad sampling frequency ${JSON.stringify(freq)}`);
  const fs = m ? toNum(m[1], 'sampling frequency', WFDB_DEFAULT_FS) : WFDB_DEFAULT_FS;
  if (!(fs > 0)) throw new Error(`WFDB header: sampling frequency must be positive, got ${fs}`);
  return {
    recordName: name,
    nSignals: toInt(nsig, 'number of signals', 0),
    fs,
    counterFreq: m?.[2] !== undefined ? toNum(m[2], 'counter frequency', 0) : null,
    baseCounter: m?.[3] !== undefined ? toNum(m[3], 'base counter', 0) : null,
    nSamples: toInt(nsamp, 'number of samples', 0),
    baseTime: time ?? null,
    baseDate: date ?? null,
  };
}

function parseSignalLine(line: string): WfdbSignalSpec {
  const p = line.trim().split(/\s+/);
  const fmt = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/.exec(p[1] ?? '');
  if (!p[0] || !fmt) throw new Error(`WFDB header: bad signal line ${JSON.stringify(line)}`);
  let adcGain = WFDB_DEFAULT_GAIN;
  let baseline: number | null = null;
  let units = 'mV';
  if (p[2] !== undefined) {
    const g = /^([0-9.eE+-]+)(?:\((-?\d+)\))?(?:\/(\S+))?$/.exec(p[2]);
    if (!g) throw new Error(`WFDB header: bad gain field ${JSON.stringify(p[2])}`);
    adcGain = toNum(g[1], 'ADC gain', WFDB_DEFAULT_GAIN) || WFDB_DEFAULT_GAIN;
    if (g[2] !== undefined) baseline = Number(g[2]);
    if (g[3] !== undefined) units = g[3];
  }
  const adcZero = toInt(p[4], 'ADC zero', 0);
  return {
    fileName: p[0],
    format: Number(fmt[1]),
    samplesPerFrame: toInt(fmt[2], 'samples per frame', 1),
    skew: toInt(fmt[3], 'skew', 0),
    byteOffset: toInt(fmt[4], 'byte offset', 0),
    adcGain,
    // WFDB: the baseline defaults to the ADC zero when the header does not give one.
    baseline: baseline ?? adcZero,
    units,
    adcResolution: toInt(p[3], 'ADC resolution', 12),
    adcZero,
    initValue: p[5] !== undefined ? toInt(p[5], 'initial value', 0) : null,
    checksum: p[6] !== undefined ? toInt(p[6], 'checksum', 0) : null,
    blockSize: toInt(p[7], 'block size', 0),
    description: p.slice(8).join(' '),
  };
}

/** Parse the text of a `.hea` file (single-segment records). */
export function parseHeader(text: string): WfdbHeader {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  const body: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('#')) comments.push(line.slice(1).trimStart());
    else if (line) body.push(line);
  }
  if (!body[0]) throw new Error('WFDB header: no record line');
  const rec = parseRecordLine(body[0]);
  const signals = body.slice(1, 1 + rec.nSignals).map(parseSignalLine);
  if (signals.length !== rec.nSignals) {
    throw new Error(`WFDB header: record line announces ${rec.nSignals} signals, found ${signals.length}`);
  }
  return { ...rec, signals, comments };
}

function formatGain(s: WfdbSignalSpec): string {
  const base = s.baseline !== s.adcZero ? `(${s.baseline})` : '';
  const units = base || s.units !== 'mV' ? `/${s.units}` : '';
  return `${s.adcGain}${base}${units}`;
}

/** The `.hea` text of a header; parseHeader(formatHeader(h)) gives h back. */
export function formatHeader(h: WfdbHeader): string {
  let freq = `${h.fs}`;
  if (h.counterFreq !== null) freq += `/${h.counterFreq}${h.baseCounter !== null ? `(${h.baseCounter})` : ''}`;
  const rec = [h.recordName, h.nSignals, freq, h.nSamples, h.baseTime, h.baseDate].filter((v) => v !== null);
  const lines = [rec.join(' ')];
  for (const s of h.signals) {
    let fmt = `${s.format}`;
    if (s.samplesPerFrame !== 1) fmt += `x${s.samplesPerFrame}`;
    if (s.skew) fmt += `:${s.skew}`;
    if (s.byteOffset) fmt += `+${s.byteOffset}`;
    const fields: (string | number)[] = [s.fileName, fmt, formatGain(s), s.adcResolution, s.adcZero];
    fields.push(s.initValue ?? 0, s.checksum ?? 0, s.blockSize);
    if (s.description) fields.push(s.description);
    lines.push(fields.join(' '));
  }
  for (const c of h.comments) lines.push(`# ${c}`);
  return `${lines.join('\n')}\n`;
}
