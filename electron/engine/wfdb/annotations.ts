import { getMitSymbol } from './aami-map';

/**
 * MIT annotation format (.atr): a stream of little-endian 16-bit words, each a 6-bit code A and a
 * 10-bit value I. Codes 1..49 are annotations whose I is the interval from the previous one; the
 * pseudo-codes below modify the annotation just written or the reader's state.
 */
const WFDB_ANN_SKIP = 59; // I = 0, then a 32-bit interval (PDP-11 order: high word first)
const WFDB_ANN_NUM = 60; // I = num, which persists for the following annotations
const WFDB_ANN_SUB = 61; // I = subtype of the current annotation
const WFDB_ANN_CHN = 62; // I = chan, which persists for the following annotations
const WFDB_ANN_AUX = 63; // I = byte count, then the bytes padded to an even count
const WFDB_ANN_MAX_INTERVAL = 1023;

export interface WfdbAnnotation {
  /** Sample index in the record (at the record's frame rate). */
  sample: number;
  /** MIT code number (1..49). */
  code: number;
  symbol: string;
  subtype: number;
  chan: number;
  num: number;
  /** Auxiliary bytes exactly as stored (their count is the AUX length); null when absent. */
  aux: Uint8Array | null;
}

/** The aux bytes as text (rhythm labels such as "(AFIB"), without trailing NULs. */
export function getAuxText(a: WfdbAnnotation): string {
  if (!a.aux) return '';
  let end = a.aux.length;
  while (end > 0 && a.aux[end - 1] === 0) end--;
  return Buffer.from(a.aux.subarray(0, end)).toString('latin1');
}

/** Decode a whole .atr file. Stops at the logical end-of-file word (0) or the physical end. */
export function readAtr(bytes: Uint8Array): WfdbAnnotation[] {
  const nWords = bytes.length >> 1;
  const word = (i: number) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  const out: WfdbAnnotation[] = [];
  let time = 0;
  let chan = 0;
  let num = 0;
  let cur: WfdbAnnotation | null = null;
  for (let i = 0; i < nWords;) {
    const w = word(i++);
    const a = w >> 10;
    const v = w & 0x3ff;
    if (w === 0) break;
    switch (a) {
      case WFDB_ANN_SKIP: {
        if (i + 2 > nWords) throw new Error('WFDB annotations: truncated SKIP');
        time += (word(i) << 16) | word(i + 1) | 0;
        i += 2;
        break;
      }
      case WFDB_ANN_NUM:
        num = v;
        if (cur) cur.num = v;
        break;
      case WFDB_ANN_SUB:
        if (cur) cur.subtype = v;
        break;
      case WFDB_ANN_CHN:
        chan = v;
        if (cur) cur.chan = v;
        break;
      case WFDB_ANN_AUX: {
        const nw = (v + 1) >> 1;
        if (i + nw > nWords) throw new Error('WFDB annotations: truncated AUX');
        if (cur) cur.aux = bytes.slice(2 * i, 2 * i + v);
        i += nw;
        break;
      }
      default:
        time += v;
        cur = { sample: time, code: a, symbol: getMitSymbol(a), subtype: 0, chan, num, aux: null };
        out.push(cur);
    }
  }
  return out;
}

/**
 * Encode annotations the way WFDB's putann does (SKIP for long or negative intervals, then SUB,
 * CHN and NUM when they differ from the previous annotation, then AUX), ending with the EOF word.
 * readAtr → encodeAtr reproduces the bytes of files that WFDB wrote.
 */
export function encodeAtr(annotations: readonly WfdbAnnotation[]): Uint8Array {
  const words: number[] = [];
  const auxChunks = new Map<number, Uint8Array>();
  let prevTime = 0;
  let prevChan = 0;
  let prevNum = 0;
  for (const ann of annotations) {
    if (!(ann.code >= 1 && ann.code <= 49)) throw new Error(`WFDB annotations: code ${ann.code} cannot be written`);
    let delta = ann.sample - prevTime;
    if (delta > WFDB_ANN_MAX_INTERVAL || delta < 0) {
      words.push(WFDB_ANN_SKIP << 10, (delta >>> 16) & 0xffff, delta & 0xffff);
      delta = 0;
    }
    words.push((ann.code << 10) | delta);
    if (ann.subtype !== 0) words.push((WFDB_ANN_SUB << 10) | (ann.subtype & 0x3ff));
    if (ann.chan !== prevChan) words.push((WFDB_ANN_CHN << 10) | (ann.chan & 0x3ff));
    if (ann.num !== prevNum) words.push((WFDB_ANN_NUM << 10) | (ann.num & 0x3ff));
    if (ann.aux && ann.aux.length > 0) {
      if (ann.aux.length > 255) throw new Error('WFDB annotations: aux longer than 255 bytes');
      words.push((WFDB_ANN_AUX << 10) | ann.aux.length);
      // Placeholder words, filled with the (NUL-padded) bytes below.
      auxChunks.set(words.length, ann.aux);
      for (let k = 0; k < (ann.aux.length + 1) >> 1; k++) words.push(0);
    }
    prevTime = ann.sample;
    prevChan = ann.chan;
    prevNum = ann.num;
  }
  words.push(0);
  const out = new Uint8Array(words.length * 2);
  for (let i = 0; i < words.length; i++) {
    out[2 * i] = words[i]! & 0xff;
    out[2 * i + 1] = words[i]! >> 8;
  }
  for (const [at, aux] of auxChunks) out.set(aux, at * 2);
  return out;
}
