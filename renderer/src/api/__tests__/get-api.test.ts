import { describe, expect, it } from 'vitest';
import { API_METHODS, type EcgApi } from '../../../../common/api';
import { ApiError } from '../api-error';
import { wrapBridgeApi } from '../get-api';

describe('Electron bridge wrapper', () => {
  const bridge = Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      async () => Promise.reject(new Error(`Error invoking remote method 'ecg:${m}': [E_NOT_FOUND] no beat x`)),
    ]),
  ) as unknown as EcgApi;
  (bridge as { on: EcgApi['on'] }).on = () => () => {};

  it('turns a coded bridge rejection back into an ApiError with its code', async () => {
    const api = wrapBridgeApi(bridge);
    const err = await api.getBeat({ beatId: `${'a'.repeat(64)}:II:1` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('E_NOT_FOUND');
    expect((err as ApiError).message).toBe('no beat x');
  });

  it('passes other errors through untouched', async () => {
    const plain = { ...bridge, getStats: async () => Promise.reject(new Error('boom')) } as EcgApi;
    const err = await wrapBridgeApi(plain)
      .getStats({})
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as Error).message).toBe('boom');
  });
});
