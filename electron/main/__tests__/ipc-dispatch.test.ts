import { describe, expect, it } from 'vitest';
import type { ApiMethod, Envelope } from '../../../common/api';
import { AppError } from '../../../common/schemas/errors';
import { getLogger, setLogLevel } from '../../engine/util/log';
import { ECG_APP_ORIGIN } from '../constants';
import { createIpcDispatcher, IpcRefusedError } from '../ipc-dispatch';

setLogLevel('silent');
const BEAT = `${'a'.repeat(64)}:II:1234`;
const ours = { frameUrl: 'app://renderer/index.html', isMainFrame: true, webContentsId: 1 };
const event = {
  id: 1,
  beatId: BEAT,
  reviewer: 'dr-a',
  at: '2025-01-02T03:04:05.000Z',
  kind: 'label',
  from: null,
  to: 'V',
};

function setup(reply: (method: ApiMethod, input: unknown) => unknown) {
  const forwarded: Array<{ method: ApiMethod; input: unknown }> = [];
  const seen: string[] = [];
  const dispatch = createIpcDispatcher({
    getPolicy: () => ({ origin: ECG_APP_ORIGIN, webContentsIds: new Set([1]) }),
    forward: async (method, input) => {
      forwarded.push({ method, input });
      return reply(method, input);
    },
    afterSuccess: (method) => void seen.push(method),
    log: getLogger('test'),
  });
  return { dispatch, forwarded, seen };
}

describe('IPC dispatcher', () => {
  it('passes a valid call to the engine, with defaults applied, and returns its checked value', async () => {
    const { dispatch, forwarded, seen } = setup(() => ({ ok: true, value: { events: [event] } }));
    const env = await dispatch('setLabel', ours, [{ beatIds: [BEAT], label: 'V' }]);
    expect(env).toEqual({ ok: true, value: { events: [event] } });
    expect(forwarded).toEqual([{ method: 'setLabel', input: { beatIds: [BEAT], label: 'V' } }]);
    expect(seen).toEqual(['setLabel']);

    const page = { total: 0, offset: 0, items: [] };
    const list = setup(() => ({ ok: true, value: page }));
    await list.dispatch('listBeats', ours, [{}]);
    expect(list.forwarded[0]!.input).toEqual({ filter: {}, sort: 'position', offset: 0, limit: 200 });
  });

  it('rejects a malformed payload with a readable E_INVALID_INPUT naming the field, without reaching the engine', async () => {
    const { dispatch, forwarded } = setup(() => ({ ok: true, value: {} }));
    const env = await dispatch('setLabel', ours, [{ beatIds: [BEAT], label: 'Z', extra: 1 }]);
    expect(env.ok).toBe(false);
    const error = (env as Extract<Envelope, { ok: false }>).error;
    expect(error.code).toBe('E_INVALID_INPUT');
    expect(error.message).toMatch(/^invalid input to setLabel: .*label/);
    expect(error.details!.some((d) => d.startsWith('label:'))).toBe(true);
    expect(forwarded).toHaveLength(0);

    const twoArgs = await dispatch('getStats', ours, [{}, {}]);
    expect(twoArgs).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } });
    const badPath = await dispatch('startBatch', ours, [{ folder: 'scans\0/../x' }]);
    expect(badPath).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_INPUT', message: expect.stringContaining('NUL') },
    });
  });

  it('passes record-label calls through the same checks: a record class only, the sheet by sha256', async () => {
    const sha = 'b'.repeat(64);
    const recordEvent = {
      id: 3,
      imageSha256: sha,
      reviewer: 'dr-a',
      at: event.at,
      kind: 'label',
      from: null,
      to: 'mi',
    };
    const { dispatch, forwarded } = setup(() => ({ ok: true, value: { events: [recordEvent] } }));
    expect(await dispatch('setRecordLabel', ours, [{ imageSha256: sha, label: 'mi' }])).toEqual({
      ok: true,
      value: { events: [recordEvent] },
    });
    const bad = await dispatch('setRecordLabel', ours, [{ imageSha256: sha, label: 'V' }]);
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_INPUT', message: expect.stringMatching(/label/) },
    });
    expect(forwarded).toEqual([{ method: 'setRecordLabel', input: { imageSha256: sha, label: 'mi' } }]);
    // An older engine's undo answer (no record events) still fits the contract.
    const undo = setup(() => ({ ok: true, value: { event: null, events: [] } }));
    expect(await undo.dispatch('undo', ours, [{}])).toEqual({
      ok: true,
      value: { event: null, events: [], recordEvents: [] },
    });
  });

  it('throws for a forged sender (other origin, subframe, other window) and never forwards', async () => {
    const { dispatch, forwarded } = setup(() => ({ ok: true, value: { ok: true } }));
    const forged = [
      { ...ours, frameUrl: 'https://evil.example/' },
      { ...ours, isMainFrame: false },
      { ...ours, webContentsId: 2 },
    ];
    for (const sender of forged)
      await expect(dispatch('setFlag', sender, [{ beatId: BEAT, flagged: true }])).rejects.toBeInstanceOf(
        IpcRefusedError,
      );
    expect(forwarded).toHaveLength(0);
  });

  it('keeps the AppError code of an engine failure and refuses engine output outside the contract', async () => {
    const failing = setup(() => ({ ok: false, error: { code: 'E_NOT_FOUND', message: 'no such beat' } }));
    expect(await failing.dispatch('getBeat', ours, [{ beatId: BEAT }])).toEqual({
      ok: false,
      error: { code: 'E_NOT_FOUND', message: 'no such beat' },
    });
    expect(failing.seen).toEqual([]);

    const wrongShape = setup(() => ({ ok: true, value: { events: 'nope' } }));
    expect(await wrongShape.dispatch('undo', ours, [{}])).toMatchObject({
      ok: false,
      error: { code: 'E_INTERNAL', message: 'undo produced an invalid result' },
    });

    const notEnvelope = setup(() => 'garbage');
    expect(await notEnvelope.dispatch('undo', ours, [{}])).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
  });

  it('answers unknown methods with E_NOT_FOUND and runs main-local handlers', async () => {
    const { dispatch } = setup(() => ({ ok: true, value: {} }));
    expect(await dispatch('deleteEverything', ours, [{}])).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });

    const local = createIpcDispatcher({
      getPolicy: () => ({ origin: ECG_APP_ORIGIN, webContentsIds: new Set([1]) }),
      forward: async () => ({ ok: false, error: { code: 'E_INTERNAL', message: 'should not be called' } }),
      local: {
        getImageUrl: async ({ sha256 }) => {
          if (sha256 === 'f'.repeat(64)) throw new AppError('E_NOT_FOUND', 'not in this set');
          return { url: `ecg-image://image/${sha256}` };
        },
      },
      log: getLogger('test'),
    });
    expect(await local('getImageUrl', ours, [{ sha256: 'a'.repeat(64) }])).toEqual({
      ok: true,
      value: { url: `ecg-image://image/${'a'.repeat(64)}` },
    });
    expect(await local('getImageUrl', ours, [{ sha256: 'f'.repeat(64) }])).toEqual({
      ok: false,
      error: { code: 'E_NOT_FOUND', message: 'not in this set' },
    });
  });
});
