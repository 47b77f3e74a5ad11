import { API_METHODS, EVENT_NAMES, getChannel, getEventChannel, type EcgApi, type EventName } from '../../common/api';
import { encodeIpcErrorMessage } from '../../common/ipc-error';

/** The two ipcRenderer operations the bridge needs, so the API can be built and tested without Electron. */
export interface PreloadTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

function unwrapEnvelope(method: string, reply: unknown): unknown {
  const env = reply as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (env && env.ok === true) return env.value;
  if (
    env &&
    env.ok === false &&
    env.error &&
    typeof env.error.code === 'string' &&
    typeof env.error.message === 'string'
  ) {
    throw new Error(encodeIpcErrorMessage({ code: env.error.code as never, message: env.error.message }));
  }
  throw new Error(
    encodeIpcErrorMessage({ code: 'E_INTERNAL', message: `${method}: malformed reply from the main process` }),
  );
}

/**
 * `window.ecg`: exactly one function per API method (invoke on its `ecg:` channel) plus `on` for
 * the contract's events, built by looping over the contract. No ipcRenderer, event object or
 * channel name ever reaches the page.
 */
export function buildEcgApi(transport: PreloadTransport): EcgApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    const channel = getChannel(method);
    api[method] = async (input: unknown) => unwrapEnvelope(method, await transport.invoke(channel, input ?? {}));
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    return transport.subscribe(getEventChannel(event), (payload) => listener(payload));
  };
  return Object.freeze(api) as EcgApi;
}
