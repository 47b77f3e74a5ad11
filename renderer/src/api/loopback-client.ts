import {
  API_METHODS,
  EVENT_NAMES,
  type ApiMethod,
  type EcgApi,
  type EventName,
  type EventPayload,
} from '../../../common/api';
import { ERROR_CODES, type ErrorCode } from '../../../common/schemas/errors';
import { ApiError } from './api-error';

type Listener = (payload: unknown) => void;

export interface LoopbackClientOptions {
  /** Where the host serves the API; '' means this page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
}

function toErrorCode(code: unknown): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code as string) ? (code as ErrorCode) : 'E_INTERNAL';
}

/** Turn one HTTP answer of the loopback host into the call's value or an ApiError. */
export async function readEnvelope(res: Response, method: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: the host refused before reaching the API (auth, size, method).
  }
  if (body && typeof body === 'object' && 'ok' in body) {
    const env = body as {
      ok: boolean;
      value?: unknown;
      error?: { code?: unknown; message?: unknown; details?: unknown };
    };
    if (env.ok) return env.value;
    const e = env.error ?? {};
    const details = Array.isArray(e.details) ? e.details.map(String) : undefined;
    throw new ApiError(toErrorCode(e.code), typeof e.message === 'string' ? e.message : `${method} failed`, details);
  }
  const code: ErrorCode =
    res.status === 401 || res.status === 403 ? 'E_FORBIDDEN_PATH' : res.status === 404 ? 'E_NOT_FOUND' : 'E_IO';
  throw new ApiError(code, `${method}: the host answered ${res.status}${text ? ` (${text.slice(0, 200)})` : ''}`);
}

/**
 * The browser's `window.ecg`: one POST per API method to the loopback host, and events over a single
 * EventSource opened on first subscription. Built by looping over the contract so it cannot drift.
 */
export function createLoopbackClient(opts: LoopbackClientOptions = {}): EcgApi {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const makeSource = opts.createEventSource ?? ((url: string) => new EventSource(url));
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;

  function openEvents() {
    if (source) return;
    source = makeSource(`${base}/api/events`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (ev) => {
        let payload: unknown;
        try {
          payload = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }

  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = async (input: unknown) => {
      let res: Response;
      try {
        res = await doFetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        throw new ApiError('E_IO', `${method}: the app's host cannot be reached (${(err as Error).message})`);
      }
      return readEnvelope(res, method satisfies ApiMethod);
    };
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    openEvents();
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  };
  return api as EcgApi;
}
