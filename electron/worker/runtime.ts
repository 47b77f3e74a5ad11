import type { EcgService } from '../../common/service';
import { AppError, formatIssues, type AppErrorPayload } from '../../common/schemas/errors';
import { WorkerRequest, type WorkerInit, type WorkerReply } from '../../common/worker-protocol';
import { dispatchCall } from '../host/dispatch';
import type { Logger } from '../engine/util/log';

/** The worker's link to main: Electron's parentPort in a utility process, process.send in a Node fork. */
export interface ParentChannel {
  post(message: WorkerReply): void;
  onMessage(listener: (message: unknown) => void): void;
}

export type CreateService = (init: WorkerInit) => Promise<EcgService> | EcgService;

function toPayload(err: unknown): AppErrorPayload {
  if (err instanceof AppError) return err.toPayload();
  return { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/**
 * The engine process's loop: one `init` builds the service (the same one the CLI and the loopback
 * host use), then each `call` is validated and run by the shared dispatcher and answered with an
 * envelope; the service's events are forwarded as they come. Calls run concurrently, so a batch
 * started here never blocks a label write behind it for longer than one engine step.
 */
export function startWorkerRuntime(
  channel: ParentChannel,
  createService: CreateService,
  log: Logger,
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  let service: EcgService | null = null;
  let initialising = false;

  const post = (message: WorkerReply): void => {
    try {
      channel.post(message);
    } catch (err) {
      log.error(`could not send ${message.kind} to main`, err);
      if (message.kind === 'result') {
        channel.post({
          kind: 'result',
          id: message.id,
          envelope: { ok: false, error: { code: 'E_INTERNAL', message: 'result could not be sent' } },
        });
      }
    }
  };

  channel.onMessage(async (raw) => {
    const parsed = WorkerRequest.safeParse(raw);
    if (!parsed.success) return log.error('malformed request from main', formatIssues(parsed.error));
    const msg = parsed.data;
    if (msg.kind === 'init') {
      if (service || initialising) return log.warn('second init ignored');
      initialising = true;
      try {
        const created = await createService(msg);
        created.subscribe((event, payload) => post({ kind: 'event', event, payload }));
        service = created;
        post({ kind: 'ready' });
      } catch (err) {
        log.error('service failed to start', err);
        post({ kind: 'fatal', error: toPayload(err) });
      } finally {
        initialising = false;
      }
      return;
    }
    if (msg.kind === 'shutdown') {
      const closable = service as (EcgService & { close?: () => Promise<void> }) | null;
      try {
        await closable?.close?.();
        exit(0);
      } catch (err) {
        log.error('service did not close cleanly', err);
        exit(1);
      }
      return;
    }
    if (!service) {
      return post({
        kind: 'result',
        id: msg.id,
        envelope: { ok: false, error: { code: 'E_INTERNAL', message: 'the engine is not initialised' } },
      });
    }
    post({ kind: 'result', id: msg.id, envelope: await dispatchCall(service, msg.method, msg.input) });
  });
}
