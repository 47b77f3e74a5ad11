import { describe, expect, it } from 'vitest';
import { API, API_METHODS, getChannel } from '../api';
import { AppError, parseOrThrow } from '../schemas/errors';
import { BatchProgress } from '../schemas/batch';
import { formatBeatId, parseBeatId } from '../schemas/beat';
import { Lead } from '../schemas/signal';

const SHA = 'a'.repeat(64);

describe('API contract', () => {
  it('gives every call a prefixed, unique channel', () => {
    const channels = API_METHODS.map(getChannel);
    expect(new Set(channels).size).toBe(API_METHODS.length);
    for (const c of channels) expect(c.startsWith('ecg:')).toBe(true);
  });

  it('rejects a label outside N,S,V,F,Q,unsure with a message naming the field', () => {
    const bad = { beatIds: [`${SHA}:MLII:100`], label: 'X' };
    expect(() => parseOrThrow(API.setLabel.input, bad, 'setLabel input')).toThrowError(/label/);
    try {
      parseOrThrow(API.setLabel.input, bad, 'setLabel input');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('E_INVALID_INPUT');
      expect((e as AppError).details?.[0]).toMatch(/^label: /);
    }
  });

  it('rejects a malformed beat id, an empty selection and unknown keys', () => {
    expect(API.setLabel.input.safeParse({ beatIds: ['nope'], label: 'N' }).success).toBe(false);
    expect(API.setLabel.input.safeParse({ beatIds: [], label: 'N' }).success).toBe(false);
    expect(API.setLabel.input.safeParse({ beatIds: [`${SHA}:II:5`], label: 'N', extra: 1 }).success).toBe(false);
    expect(API.setLabel.input.safeParse({ beatIds: [`${SHA}:II:5`], label: 'V' }).success).toBe(true);
  });

  it('refuses a path with a NUL byte and an export without a format', () => {
    expect(API.startBatch.input.safeParse({ folder: '/tmp/a\0b' }).success).toBe(false);
    const r = API.exportSet.input.safeParse({ outDir: '/tmp/x' });
    expect(r.success).toBe(false);
    expect(API.exportSet.input.parse({ format: 'csv', outDir: '/tmp/x' })).toMatchObject({
      force: false,
      includeUnlabelled: false,
    });
  });

  it('checks a lead: probabilities, units and pixel map are enforced', () => {
    const lead = {
      imageSha256: SHA,
      name: 'II',
      fs: 250,
      units: 'mV',
      startTime: 0,
      samples: [0.1, null, 0.3],
      pixelMap: {
        panel: { x: 0, y: 0, width: 10, height: 10 },
        originX: 0,
        originY: 5,
        pxPerSecond: 200,
        pxPerMv: 80,
        rotationDeg: 0,
        rotationCenterX: 0,
        rotationCenterY: 0,
      },
      quality: { coverage: 0.9, flat: false, calibrationPulseFound: true, notes: [] },
    };
    expect(Lead.safeParse(lead).success).toBe(true);
    expect(Lead.safeParse({ ...lead, units: 'uV' }).success).toBe(false);
    expect(Lead.safeParse({ ...lead, fs: -1 }).success).toBe(false);
  });

  it('validates a batch progress event and refuses negative counts', () => {
    const ok = {
      batchId: 'b1',
      state: 'running',
      etaSeconds: 3,
      currentFile: null,
      beats: 0,
      stages: {
        scan: { done: 1, total: 2 },
        digitize: { done: 0, total: 2 },
        beats: { done: 0, total: 2 },
        classify: { done: 0, total: 0 },
      },
      files: { total: 2, ok: 0, partial: 0, refused: 0, skipped: 0 },
    };
    expect(BatchProgress.safeParse(ok).success).toBe(true);
    expect(BatchProgress.safeParse({ ...ok, files: { ...ok.files, ok: -1 } }).success).toBe(false);
  });

  it('round-trips beat ids, including lead names with colons', () => {
    const id = formatBeatId(SHA, 'panel:II', 1234);
    expect(parseBeatId(id)).toEqual({ imageSha256: SHA, lead: 'panel:II', rSample: 1234 });
    expect(() => parseBeatId('abc:II:1')).toThrow(/not a beat id/);
  });

  it('takes a record label only from the four record classes, for one sheet by its sha256', () => {
    expect(API.setRecordLabel.input.safeParse({ imageSha256: SHA, label: 'history_mi' }).success).toBe(true);
    expect(API.setRecordLabel.input.safeParse({ imageSha256: SHA, label: 'N' }).success).toBe(false);
    expect(API.setRecordLabel.input.safeParse({ imageSha256: 'abc', label: 'mi' }).success).toBe(false);
    expect(API.setRecordLabel.input.safeParse({ imageSha256: SHA, label: 'mi', reviewer: 'x' }).success).toBe(false);
    expect(API.getSheet.input.safeParse({ imageSha256: SHA }).success).toBe(true);
    expect(API.getSheet.input.safeParse({}).success).toBe(false);
  });

  it('checks a record prediction: four probabilities, a known class, saliency shares within 0..1', () => {
    const p = {
      imageSha256: SHA,
      modelId: 'sheet-net@1',
      probs: [0.1, 0.2, 0.6, 0.1],
      predicted: 'mi',
      entropy: 1.1,
      abstain: false,
      saliency: [{ lead: 'V2', share: 1, profile: [0, 1] }],
    };
    const sheet = API.getSheet.output;
    const view = {
      image: { sha256: SHA, path: '/a.png', format: 'png', width: 10, height: 10, bytes: 1, status: 'ok', reasons: [] },
      leads: [],
      prediction: p,
      labels: [],
      myLabel: null,
      finalLabel: null,
      disagreement: { reviewers: false, model: false },
    };
    expect(sheet.safeParse(view).success).toBe(true);
    expect(sheet.safeParse({ ...view, prediction: { ...p, probs: [0.5, 0.5] } }).success).toBe(false);
    expect(sheet.safeParse({ ...view, prediction: { ...p, predicted: 'V' } }).success).toBe(false);
    expect(
      sheet.safeParse({ ...view, prediction: { ...p, saliency: [{ lead: 'V2', share: 1.5, profile: [] }] } }).success,
    ).toBe(false);
  });

  it('keeps undo answers from older hosts valid: record events default to none', () => {
    expect(API.undo.output.parse({ event: null, events: [] })).toEqual({ event: null, events: [], recordEvents: [] });
  });
});
