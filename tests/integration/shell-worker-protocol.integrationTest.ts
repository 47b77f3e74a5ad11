import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiMethod, EventName } from '../../common/api';
import { AppError } from '../../common/schemas/errors';
import type { EcgService } from '../../common/service';
import type { WorkerInit } from '../../common/worker-protocol';
import { getLogger, setLogLevel } from '../../electron/engine/util/log';
import { WorkerClient, type WorkerPort } from '../../electron/main/worker-client';
import { startWorkerRuntime, type CreateService } from '../../electron/worker/runtime';

setLogLevel('silent');
const INIT: WorkerInit = { kind: 'init', version: '0.0.0-test', modelsDir: '/tmp/ecg-models', sampleFolder: null };
const BEAT = `${'a'.repeat(64)}:II:1234`;
const progress = {
  batchId: 'b1',
  state: 'running',
  stages: {
    scan: { done: 1, total: 2 },
    digitize: { done: 0, total: 2 },
    beats: { done: 0, total: 2 },
    classify: { done: 0, total: 2 },
  },
  files: { total: 2, ok: 1, partial: 0, refused: 0, skipped: 0 },
  beats: 0,
  etaSeconds: null,
  currentFile: null,
};

/** A service with the few methods these tests call; the rest are absent on purpose. */
function makeService(seenInit: WorkerInit[], init: WorkerInit) {
  seenInit.push(init);
  let emit: (<E extends EventName>(event: E, payload: unknown) => void) | null = null;
  const service = {
    getBeat: async () => {
      throw new AppError('E_NOT_FOUND', 'no such beat');
    },
    setFlag: async () => ({ ok: true }),
    getStats: async () => ({ classes: 'wrong' }),
    subscribe(listener: (event: EventName, payload: unknown) => void) {
      emit = listener as never;
      return () => (emit = null);
    },
  };
  return { service: service as unknown as EcgService, emit: (e: EventName, p: unknown) => emit?.(e, p) };
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

/** Main's client and the worker runtime on the two ends of a real MessageChannel (structured clone). */
function connect(createService: CreateService) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const exitListeners: Array<(code: number | null) => void> = [];
  const exits: number[] = [];
  const simulateExit = (code: number) => {
    exits.push(code);
    for (const l of exitListeners) l(code);
  };
  startWorkerRuntime(
    { post: (m) => port2.postMessage(m), onMessage: (l) => void port2.on('message', l) },
    createService,
    getLogger('worker'),
    simulateExit,
  );
  const port: WorkerPort = {
    postMessage: (m) => port1.postMessage(m),
    onMessage: (l) => void port1.on('message', l),
    onExit: (l) => void exitListeners.push(l),
    kill: () => simulateExit(137),
  };
  const client = new WorkerClient(port, INIT, getLogger('client'), 5_000);
  return { client, simulateExit, exits };
}

describe('engine worker protocol', () => {
  it('initialises the service with main-supplied paths and answers calls in envelopes', async () => {
    const inits: WorkerInit[] = [];
    const { client } = connect((init) => makeService(inits, init).service);
    await client.ready;
    expect(inits).toEqual([INIT]);
    expect(await client.call('setFlag', { beatId: BEAT, flagged: true })).toEqual({ ok: true, value: { ok: true } });
  });

  it('keeps AppError codes, validates input again and refuses output outside the contract', async () => {
    const { client } = connect((init) => makeService([], init).service);
    expect(await client.call('getBeat', { beatId: BEAT })).toEqual({
      ok: false,
      error: { code: 'E_NOT_FOUND', message: 'no such beat' },
    });
    expect(await client.call('setFlag', { beatId: BEAT })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_INPUT' },
    });
    expect(await client.call('getStats', {})).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
    expect(await client.call('listModels' as ApiMethod, {})).toMatchObject({
      ok: false,
      error: { code: 'E_INTERNAL' },
    });
  });

  it('streams contract events and drops malformed ones', async () => {
    const svc = makeService([], INIT);
    const { client } = connect(() => svc.service);
    await client.ready;
    const got: Array<[string, unknown]> = [];
    client.onEvent((e, p) => got.push([e, p]));
    svc.emit('batchProgress', { batchId: 'broken' });
    svc.emit('batchProgress', progress);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual([['batchProgress', progress]]);
  });

  it('answers every call with E_INTERNAL when the service cannot start or the process exits', async () => {
    const failed = connect(() => {
      throw new AppError('E_MODEL_INVALID', 'model.json missing');
    });
    await expect(failed.client.ready).rejects.toThrow('model.json missing');
    expect(await failed.client.call('setFlag', { beatId: BEAT, flagged: true })).toMatchObject({
      ok: false,
      error: { code: 'E_INTERNAL', message: expect.stringContaining('model.json missing') },
    });

    let release!: () => void;
    const slow = connect(
      () =>
        ({
          ...makeService([], INIT).service,
          setFlag: () => new Promise(() => (release = () => undefined)),
        }) as EcgService,
    );
    await slow.client.ready;
    const pending = slow.client.call('setFlag', { beatId: BEAT, flagged: true });
    await new Promise((r) => setTimeout(r, 20));
    slow.simulateExit(3);
    expect(await pending).toMatchObject({
      ok: false,
      error: { code: 'E_INTERNAL', message: expect.stringContaining('exit code 3') },
    });
    expect(slow.client.alive).toBe(false);
    release?.();
  });

  it('shuts down by closing the service first, and kills an engine that does not exit in time', async () => {
    let closed = 0;
    const tidy = connect(() => ({ ...makeService([], INIT).service, close: async () => void closed++ }) as EcgService);
    await tidy.client.ready;
    await tidy.client.shutdown(2_000);
    expect(closed).toBe(1);
    expect(tidy.exits).toEqual([0]);
    expect(tidy.client.alive).toBe(false);

    const stuck = connect(
      () => ({ ...makeService([], INIT).service, close: () => new Promise<void>(() => undefined) }) as EcgService,
    );
    await stuck.client.ready;
    await stuck.client.shutdown(100);
    expect(stuck.exits).toEqual([137]);
  });
});
