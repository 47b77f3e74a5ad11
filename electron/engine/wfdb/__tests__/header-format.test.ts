import { describe, expect, it } from 'vitest';
import { formatHeader, parseHeader } from '../header';
import { computeChecksum, decode16, decode212, encode16, encode212 } from '../signal-format';
import { buildHeader16, convertMvToAdc, encodeDat16 } from '../writer';

const HEA_101 = `101 2 360 650000
101.dat 212 200 11 1024 955 29832 0 MLII
101.dat 212 200 11 1024 992 19589 0 V1
# 75 F 1011 654 x1
# Diapres
`;

describe('WFDB header', () => {
  it('parses the fields of an MIT-BIH header and prints the same text back', () => {
    const h = parseHeader(HEA_101);
    expect(h.fs).toBe(360);
    expect(h.nSamples).toBe(650000);
    expect(h.signals[1]).toMatchObject({
      format: 212,
      adcGain: 200,
      baseline: 1024,
      adcZero: 1024,
      adcResolution: 11,
      initValue: 992,
      checksum: 19589,
      description: 'V1',
      units: 'mV',
    });
    expect(formatHeader(h)).toBe(HEA_101);
  });

  it('reads an explicit baseline and units, a counter frequency and a zero gain', () => {
    const h = parseHeader('x 1 500/1000(3) 10 12:00:00 01/01/2000\nx.dat 16+24 0(-5)/uV 16 0 1 2 0 lead II\n');
    expect(h).toMatchObject({
      fs: 500,
      counterFreq: 1000,
      baseCounter: 3,
      baseTime: '12:00:00',
      baseDate: '01/01/2000',
    });
    expect(h.signals[0]).toMatchObject({
      format: 16,
      byteOffset: 24,
      adcGain: 200,
      baseline: -5,
      units: 'uV',
      description: 'lead II',
    });
    expect(parseHeader(formatHeader(h))).toEqual(h);
  });

  it('refuses a header whose record line announces more signals than it lists', () => {
    expect(() => parseHeader('x 2 360 10\nx.dat 16 200 16 0 0 0 0 a\n')).toThrow(/announces 2 signals/);
  });
});

describe('signal formats', () => {
  it('decodes format 212 bytes by hand (record 101, first frame: 955, 992)', () => {
    expect(Array.from(decode212(new Uint8Array([0xbb, 0x33, 0xe0, 0xff, 0x8f, 0x00])))).toEqual([955, 992, -1, -2048]);
  });

  it('round-trips 12-bit samples through format 212 and int16 through format 16', () => {
    const s = Int16Array.from([0, 1, -1, 2047, -2048, 1234, -999]);
    expect(Array.from(decode212(encode212(s), s.length))).toEqual(Array.from(s));
    const w = Int16Array.from([0, 32767, -32768, -1, 300]);
    expect(Array.from(decode16(encode16(w)))).toEqual(Array.from(w));
  });

  it('computes the checksum as a wrapped signed 16-bit sum', () => {
    expect(computeChecksum([30000, 30000])).toBe(60000 - 65536);
    expect(computeChecksum([-5, 2])).toBe(-3);
  });

  it('writes a format-16 record whose header checksums match its data', () => {
    const adc = [convertMvToAdc([0, 0.5, -1.25, NaN], 200), convertMvToAdc([1, 1, 1, 1], 200)];
    expect(Array.from(adc[0]!)).toEqual([0, 100, -250, -32768]);
    const h = buildHeader16({
      recordName: 'r1',
      fs: 360,
      signals: adc.map((a, i) => ({ name: `s${i}`, adc: a, adcGain: 200 })),
    });
    const back = parseHeader(formatHeader(h));
    const stream = decode16(encodeDat16(adc));
    back.signals.forEach((s, k) => {
      const own = stream.filter((_, i) => i % 2 === k);
      expect(s.checksum).toBe(computeChecksum(own));
      expect(s.initValue).toBe(own[0]);
    });
  });
});
