import { EVENTS, type ApiMethod, type Envelope, type EventName } from '../../common/api';
import { formatIssues } from '../../common/schemas/errors';
import { WorkerReply, type WorkerInit, type WorkerRequest } from '../../common/worker-protocol';
import type { Logger } from '../engine/util/log';

/** The transport under the client: Electron's UtilityProcess in the app, a forked Node child in tests. */
export interface WorkerPort {
  postMessage(message: WorkerRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

type Pending = { resolve: (e: Envelope) => void; timer: ReturnType<typeof setTimeout> };

/**
 * Main's side of the engine process: numbered calls answered by envelopes, events checked against
 * the contract before anyone sees them. A call never hangs: the engine exiting or a timeout settles
 * it with an E_INTERNAL envelope.
 */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: EventName, payload: unknown) => void>();
  private exitCode: number | null | undefined;
  readonly ready: Promise<void>;

  constructor(
    private readonly port: WorkerPort,
    init: WorkerInit,
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {
    let markReady!: () => void;
    let markFailed!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // Callers await `ready` through call(); keep an early fatal from being an unhandled rejection.
    this.ready.catch(() => undefined);
    port.onMessage((raw) => {
      const parsed = WorkerReply.safeParse(raw);
      if (!parsed.success)
        return this.log.error('malformed message from the engine process', formatIssues(parsed.error));
      const msg = parsed.data;
      if (msg.kind === 'ready') markReady();
      else if (msg.kind === 'fatal') {
        this.log.error(`engine process failed to start: ${msg.error.message}`);
        markFailed(new Error(msg.error.message));
      } else if (msg.kind === 'result') this.settle(msg.id, msg.envelope);
      else this.emit(msg.event, msg.payload);
    });
    port.onExit((code) => {
      this.exitCode = code;
      markFailed(new Error(`engine process exited with code ${code}`));
      for (const id of [...this.pending.keys()]) {
        this.settle(id, {
          ok: false,
          error: { code: 'E_INTERNAL', message: `the engine process stopped (exit code ${code})` },
        });
      }
    });
    port.postMessage(init);
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async call(method: ApiMethod, input: unknown): Promise<Envelope> {
    try {
      await this.ready;
    } catch (err) {
      return {
        ok: false,
        error: { code: 'E_INTERNAL', message: `the engine is not available: ${(err as Error).message}` },
      };
    }
    if (!this.alive) return { ok: false, error: { code: 'E_INTERNAL', message: 'the engine process has stopped' } };
    const id = this.nextId++;
    return new Promise<Envelope>((resolve) => {
      const timer = setTimeout(
        () =>
          this.settle(id, {
            ok: false,
            error: { code: 'E_INTERNAL', message: `${method} did not answer within ${this.timeoutMs} ms` },
          }),
        this.timeoutMs,
      );
      this.pending.set(id, { resolve, timer });
      this.port.postMessage({ kind: 'call', id, method, input });
    });
  }

  /** Ask the engine to close its review set and exit; kill it if it has not exited within `graceMs`. */
  async shutdown(graceMs: number): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.port.onExit(() => resolve()));
    this.port.postMessage({ kind: 'shutdown' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.log.warn(`engine did not exit within ${graceMs} ms; killing it`);
      this.dispose();
    }
  }

  dispose(): void {
    this.port.kill();
  }

  private settle(id: number, envelope: Envelope): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(envelope);
  }

  private emit(event: EventName, payload: unknown): void {
    const checked = EVENTS[event].safeParse(payload);
    if (!checked.success)
      return this.log.error(`engine event ${event} outside the contract`, formatIssues(checked.error));
    for (const l of this.eventListeners) l(event, checked.data);
  }
}
