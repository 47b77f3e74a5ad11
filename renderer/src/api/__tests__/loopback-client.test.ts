import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../../common/api';
import { ApiError } from '../api-error';
import { createLoopbackClient, readEnvelope } from '../loopback-client';

describe('loopback client', () => {
  it('has one function per API method plus on()', () => {
    const api = createLoopbackClient({ fetch: async () => new Response('{}') });
    for (const m of API_METHODS) expect(typeof api[m]).toBe('function');
    expect(typeof api.on).toBe('function');
    // The sheet view's calls come from the same table.
    expect(API_METHODS).toEqual(expect.arrayContaining(['getSheet', 'setRecordLabel']));
  });

  it('POSTs JSON to /api/<method> and returns the envelope value', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const api = createLoopbackClient({
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init! });
        return new Response(JSON.stringify({ ok: true, value: { total: 0, offset: 40, items: [] } }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const page = await api.listBeats({ offset: 40, limit: 20 });
    expect(page).toEqual({ total: 0, offset: 40, items: [] });
    expect(seen[0]!.url).toBe('/api/listBeats');
    expect(seen[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ offset: 40, limit: 20 });
  });

  it('turns an error envelope into an ApiError with the AppError code and message', async () => {
    const res = new Response(
      JSON.stringify({
        ok: false,
        error: { code: 'E_EXPORT_EXISTS', message: '/out already holds an export', details: ['a'] },
      }),
      { status: 200 },
    );
    const err = await readEnvelope(res, 'exportSet').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'E_EXPORT_EXISTS', message: '/out already holds an export', details: ['a'] });
  });

  it('reports a refusal before the API (plain-text 401) readably', async () => {
    const err = (await readEnvelope(new Response('missing or wrong access token', { status: 401 }), 'getStats').catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err.code).toBe('E_FORBIDDEN_PATH');
    expect(err.message).toContain('401');
    expect(err.message).toContain('missing or wrong access token');
  });

  it('an unreachable host is an E_IO error, not an unhandled TypeError', async () => {
    const api = createLoopbackClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(api.getStats({})).rejects.toMatchObject({ code: 'E_IO' });
  });

  it('delivers named SSE events to their listeners only, until unsubscribed', () => {
    const handlers = new Map<string, (ev: MessageEvent) => void>();
    let opened = '';
    const api = createLoopbackClient({
      fetch: async () => new Response('{}'),
      createEventSource: (url) => {
        opened = url;
        return {
          addEventListener: (name: string, h: (ev: MessageEvent) => void) => handlers.set(name, h),
        } as unknown as EventSource;
      },
    });
    const got: unknown[] = [];
    const off = api.on('batchProgress', (p) => got.push(p.batchId));
    expect(opened).toBe('/api/events');
    handlers.get('batchProgress')!({ data: JSON.stringify({ batchId: 'b1' }) } as MessageEvent);
    handlers.get('error')!({ data: JSON.stringify({ code: 'E_IO', message: 'x' }) } as MessageEvent);
    handlers.get('batchProgress')!({ data: 'not json' } as MessageEvent);
    off();
    handlers.get('batchProgress')!({ data: JSON.stringify({ batchId: 'b2' }) } as MessageEvent);
    expect(got).toEqual(['b1']);
  });
});
