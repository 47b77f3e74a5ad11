import { API_METHODS, type EcgApi } from '../../../common/api';
import { decodeIpcErrorMessage } from '../../../common/ipc-error';
import { ApiError } from './api-error';
import { createLoopbackClient } from './loopback-client';

declare global {
  interface Window {
    ecg?: EcgApi;
  }
}

/**
 * Electron's bridge rejects with a plain Error whose message carries the code ("[E_X] words");
 * turn it back into an ApiError so screens branch on codes the same way under both hosts.
 */
export function wrapBridgeApi(bridge: EcgApi): EcgApi {
  const wrapped: Record<string, unknown> = { on: bridge.on.bind(bridge) };
  for (const m of API_METHODS) {
    const call = bridge[m] as (input: unknown) => Promise<unknown>;
    wrapped[m] = (input: unknown) =>
      call(input).catch((err: unknown) => {
        const decoded = decodeIpcErrorMessage(err instanceof Error ? err.message : String(err));
        throw decoded ? new ApiError(decoded.code, decoded.message) : err;
      });
  }
  return wrapped as EcgApi;
}

let api: EcgApi | null = null;

/** Electron's preload provides `window.ecg`; in a browser the page talks to the loopback host itself. */
export function getApi(): EcgApi {
  api ??= window.ecg ? wrapBridgeApi(window.ecg) : createLoopbackClient();
  return api;
}
