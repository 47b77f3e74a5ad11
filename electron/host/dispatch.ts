import { API, type ApiMethod, type Envelope } from '../../common/api';
import { AppError, formatIssues } from '../../common/schemas/errors';
import type { EcgService } from '../../common/service';
import { getLogger } from '../engine/util/log';

const log = getLogger('dispatch');

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/**
 * Validate a call's input against the contract, run it, validate the output, and wrap the result
 * so an error keeps its code across any transport. Never throws.
 */
export async function dispatchCall(service: EcgService, method: string, rawInput: unknown): Promise<Envelope> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'E_NOT_FOUND', message: `unknown API method "${method}"` } };
  }
  const spec = API[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const details = formatIssues(parsed.error);
    log.warn(`rejected ${method}: ${details.join('; ')}`);
    return {
      ok: false,
      error: { code: 'E_INVALID_INPUT', message: `invalid input to ${method}: ${details.join('; ')}`, details },
    };
  }
  try {
    const fn = service[method] as (input: unknown) => Promise<unknown>;
    const out = await fn.call(service, parsed.data);
    const checked = spec.output.safeParse(out);
    if (!checked.success) {
      const details = formatIssues(checked.error);
      log.error(`${method} returned a value outside the contract: ${details.join('; ')}`);
      return { ok: false, error: { code: 'E_INTERNAL', message: `${method} produced an invalid result`, details } };
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toPayload() };
    log.error(`${method} failed`, err);
    return { ok: false, error: { code: 'E_INTERNAL', message: (err as Error).message || String(err) } };
  }
}
