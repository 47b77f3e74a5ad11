import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EcgService } from '../../common/service';
import { getLogger } from '../engine/util/log';
import { dispatchCall } from './dispatch';
import {
  checkRequestOrigin,
  ECG_MAX_BODY_BYTES,
  ECG_SECURITY_HEADERS,
  ECG_TOKEN_COOKIE,
  hasValidToken,
} from './loopback-security';
import { readStatic } from './static-files';

const log = getLogger('loopback');

export interface LoopbackHostOptions {
  service: EcgService;
  /** Built renderer (index.html + assets). */
  staticDir: string;
  /** Where the bytes of a source image live, by content hash; null when this set has no such image. */
  resolveImage: (sha256: string) => Promise<{ path: string; type: string } | null>;
  port?: number;
  token?: string;
}

export interface LoopbackHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { ...ECG_SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

export function hasDotSegment(rawUrl: string): boolean {
  const rawPath = rawUrl.split('?')[0] ?? '';
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return true;
  }
  return decoded.split(/[/\\]/).some((seg) => seg === '..' || seg === '.');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > ECG_MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { status: 413 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > ECG_MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the renderer and the typed API to a browser on 127.0.0.1 only, behind a random token, so
 * the UI runs (and is tested) in Chromium where Electron is absent.
 */
export async function startLoopbackHost(opts: LoopbackHostOptions): Promise<LoopbackHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const eventClients = new Set<ServerResponse>();
  const unsubscribe = opts.service.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of eventClients) c.write(frame);
  });
  let port = 0;

  const server: Server = createServer(async (req, res) => {
    try {
      const originProblem = checkRequestOrigin(req, port);
      if (originProblem) return send(res, 403, `forbidden: ${originProblem}`);
      // URL parsing would silently resolve dot segments; a request that carries them is refused outright.
      if (hasDotSegment(req.url ?? '/')) return send(res, 400, 'path traversal refused');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (req.method === 'OPTIONS') return send(res, 405, 'no cross-origin requests');
      if (!hasValidToken(req, url, token)) return send(res, 401, 'missing or wrong access token');

      if (url.pathname.startsWith('/api/')) {
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, {
            ...ECG_SECURITY_HEADERS,
            'content-type': 'text/event-stream',
            connection: 'keep-alive',
          });
          res.write(': connected\n\n');
          eventClients.add(res);
          req.on('close', () => eventClients.delete(res));
          return;
        }
        if (req.method !== 'POST') return send(res, 405, 'API calls are POST');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
          return send(res, 415, 'API calls take application/json');
        const raw = await readBody(req);
        let input: unknown;
        try {
          input = raw.length ? JSON.parse(raw) : {};
        } catch {
          return sendJson(res, 400, {
            ok: false,
            error: { code: 'E_INVALID_INPUT', message: 'request body is not valid JSON' },
          });
        }
        const envelope = await dispatchCall(opts.service, url.pathname.slice(5), input);
        const status = envelope.ok
          ? 200
          : envelope.error.code === 'E_INVALID_INPUT'
            ? 400
            : envelope.error.code === 'E_NOT_FOUND'
              ? 404
              : 200;
        return sendJson(res, status, envelope);
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');

      if (url.pathname.startsWith('/images/')) {
        // Images are addressed by content hash only, so no file-system path ever comes from the URL.
        const m = /^\/images\/([0-9a-f]{64})$/.exec(url.pathname);
        if (!m) return send(res, 400, 'image URLs are /images/<sha256>');
        const img = await opts.resolveImage(m[1]!);
        if (!img) return send(res, 404, 'no such image in this review set');
        res.writeHead(200, {
          ...ECG_SECURITY_HEADERS,
          'content-type': img.type,
          'cache-control': 'private, max-age=3600',
        });
        createReadStream(img.path)
          .on('error', () => res.destroy())
          .pipe(res);
        return;
      }

      if (url.searchParams.has('token')) {
        // First load: move the token into a same-site cookie and drop it from the address bar.
        return send(res, 302, '', 'text/plain', {
          'set-cookie': `${ECG_TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          location: url.pathname,
        });
      }
      const file = await readStatic(opts.staticDir, url.pathname);
      if (!file) {
        // Client-side routes fall back to the app shell; anything with an extension is a real 404.
        if (!/\.[a-z0-9]+$/i.test(url.pathname)) {
          const shell = await readStatic(opts.staticDir, '/index.html');
          if (shell) return send(res, 200, shell.body, shell.type);
        }
        return send(res, 404, 'not found');
      }
      return send(res, 200, file.body, file.type);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status === 500) log.error('request failed', err);
      if (!res.headersSent) send(res, status, (err as Error).message);
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      for (const c of eventClients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}
