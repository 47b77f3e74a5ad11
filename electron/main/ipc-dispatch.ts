import type { z } from 'zod';
import { API, Envelope, type ApiMethod, type ApiTable } from '../../common/api';
import { AppError, formatIssues } from '../../common/schemas/errors';
import type { Logger } from '../engine/util/log';
import { checkIpcSender, type IpcSenderInfo, type IpcSenderPolicy } from './ipc-sender';

/** Thrown (so the renderer's invoke rejects) when a message does not come from our main frame. */
export class IpcRefusedError extends Error {
  constructor(reason: string) {
    super(`IPC refused: ${reason}`);
    this.name = 'IpcRefusedError';
  }
}

export type ParsedInput<M extends ApiMethod> = z.output<ApiTable[M]['input']>;
export type LocalHandlers = { [M in ApiMethod]?: (input: ParsedInput<M>) => Promise<unknown> };

export interface IpcDispatcherOptions {
  /** Read on every call: the window (and so its webContents id) can be recreated. */
  getPolicy: () => IpcSenderPolicy;
  /** Runs a validated call in the engine process; resolves to its envelope. */
  forward: (method: ApiMethod, input: unknown) => Promise<unknown>;
  /** Calls main answers itself (e.g. getImageUrl, whose URL scheme only main knows). */
  local?: LocalHandlers;
  /** Told about every successful call, e.g. to learn which folders the reviewer opened. */
  afterSuccess?: (method: ApiMethod, input: unknown, value: unknown) => Promise<void> | void;
  log: Logger;
}

export type IpcDispatcher = (method: string, sender: IpcSenderInfo, args: readonly unknown[]) => Promise<Envelope>;

function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

function fail(code: 'E_INVALID_INPUT' | 'E_NOT_FOUND' | 'E_INTERNAL', message: string, details?: string[]): Envelope {
  return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}

/**
 * The checks every renderer → main message goes through: sender frame and origin, then the
 * contract's zod input schema, then (on the way back) the envelope and the output schema. Errors
 * come back as envelopes carrying their AppError code; only a forged sender gets a rejection.
 */
export function createIpcDispatcher(opts: IpcDispatcherOptions): IpcDispatcher {
  const { log } = opts;
  return async (method, sender, args) => {
    const senderCheck = checkIpcSender(sender, opts.getPolicy());
    if (!senderCheck.ok) {
      log.warn(`refused ${method} from ${sender.frameUrl ?? '(no frame)'}: ${senderCheck.reason}`);
      throw new IpcRefusedError(senderCheck.reason);
    }
    if (!isApiMethod(method)) return fail('E_NOT_FOUND', `unknown API method "${method}"`);
    if (args.length > 1)
      return fail('E_INVALID_INPUT', `invalid input to ${method}: expected one argument, got ${args.length}`);
    const spec = API[method];
    const parsed = spec.input.safeParse(args[0] ?? {});
    if (!parsed.success) {
      const details = formatIssues(parsed.error);
      log.warn(`rejected ${method}: ${details.join('; ')}`);
      return fail('E_INVALID_INPUT', `invalid input to ${method}: ${details.join('; ')}`, details);
    }

    let envelope: Envelope;
    try {
      const local = opts.local?.[method] as ((input: unknown) => Promise<unknown>) | undefined;
      if (local) {
        envelope = { ok: true, value: await local(parsed.data) };
      } else {
        const raw = await opts.forward(method, parsed.data);
        const checked = Envelope.safeParse(raw);
        if (!checked.success) {
          log.error(`${method}: engine reply is not an envelope`, formatIssues(checked.error));
          return fail('E_INTERNAL', `${method}: the engine sent a malformed reply`);
        }
        envelope = checked.data;
      }
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toPayload() };
      log.error(`${method} failed`, err);
      return fail('E_INTERNAL', (err as Error).message || String(err));
    }
    if (!envelope.ok) return envelope;

    const output = spec.output.safeParse(envelope.value);
    if (!output.success) {
      const details = formatIssues(output.error);
      log.error(`${method} returned a value outside the contract: ${details.join('; ')}`);
      return fail('E_INTERNAL', `${method} produced an invalid result`, details);
    }
    try {
      await opts.afterSuccess?.(method, parsed.data, output.data);
    } catch (err) {
      log.warn(`after ${method}`, err);
    }
    return { ok: true, value: output.data };
  };
}
