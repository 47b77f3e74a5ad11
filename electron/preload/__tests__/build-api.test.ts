import { describe, expect, it } from 'vitest';
import { API_METHODS, getChannel, getEventChannel } from '../../../common/api';
import { decodeIpcErrorMessage } from '../../../common/ipc-error';
import { buildEcgApi, type PreloadTransport } from '../build-api';

function makeTransport(reply: (channel: string, input: unknown) => unknown) {
  const calls: Array<[string, unknown]> = [];
  const subs = new Map<string, Set<(p: unknown) => void>>();
  const transport: PreloadTransport = {
    invoke: async (channel, input) => {
      calls.push([channel, input]);
      return reply(channel, input);
    },
    subscribe: (channel, listener) => {
      const set = subs.get(channel) ?? new Set();
      subs.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return { transport, calls, subs };
}

describe('preload window.ecg', () => {
  it('exposes exactly the contract: one function per API method plus on()', () => {
    const api = buildEcgApi(makeTransport(() => ({ ok: true, value: null })).transport);
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'on'].sort());
    for (const key of Object.keys(api))
      expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    // The sheet view's calls ride the same generic bridge.
    for (const m of ['getSheet', 'setRecordLabel'] as const) expect(typeof api[m]).toBe('function');
  });

  it('invokes each method on its ecg: channel and unwraps the envelope', async () => {
    const { transport, calls } = makeTransport(() => ({ ok: true, value: { ok: true } }));
    const api = buildEcgApi(transport);
    await expect(api.setFlag({ beatId: 'x', flagged: true })).resolves.toEqual({ ok: true });
    await api.getStats(undefined as never);
    await api.setRecordLabel({ imageSha256: 'a'.repeat(64), label: 'mi' });
    expect(calls).toEqual([
      [getChannel('setFlag'), { beatId: 'x', flagged: true }],
      [getChannel('getStats'), {}],
      [getChannel('setRecordLabel'), { imageSha256: 'a'.repeat(64), label: 'mi' }],
    ]);
  });

  it('rejects with the AppError code written into the message (the only part contextBridge copies)', async () => {
    const api = buildEcgApi(
      makeTransport(() => ({ ok: false, error: { code: 'E_NOT_FOUND', message: 'no such beat' } })).transport,
    );
    const err = (await api.getBeat({ beatId: 'x' }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('[E_NOT_FOUND] no such beat');
    expect(decodeIpcErrorMessage(`Error invoking: ${err.message}`)).toEqual({
      code: 'E_NOT_FOUND',
      message: 'no such beat',
    });
    const garbled = buildEcgApi(makeTransport(() => 'garbage').transport);
    await expect(garbled.undo({})).rejects.toThrow('[E_INTERNAL]');
  });

  it('subscribes to contract events only and hands the listener the payload alone', () => {
    const { transport, subs } = makeTransport(() => null);
    const api = buildEcgApi(transport);
    const got: unknown[] = [];
    const off = api.on('error', (p) => got.push(p));
    for (const l of subs.get(getEventChannel('error'))!) l({ code: 'E_IO', message: 'disk full' });
    expect(got).toEqual([{ code: 'E_IO', message: 'disk full' }]);
    off();
    expect(subs.get(getEventChannel('error'))!.size).toBe(0);
    expect(() => api.on('shell' as never, () => undefined)).toThrow(/unknown event/);
  });
});
