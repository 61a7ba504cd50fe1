/**
 * The platform's HTTP face on 127.0.0.1 (what `fdk run` serves on :10001, reshaped):
 *   POST /__fdk/ext/<installationId>/<token>  external events -> onExternalEvent
 *   POST /__fdk/smi/<name>                    server-method invocation
 *   POST /__fdk/template/<name>               front-end request templates
 *   GET  /__fdk/data/<kind>?…                 client.data.get (currentHost, or the data provider)
 *   GET  /__fdk/iparams                       non-secure iparams for client.iparams.get
 *   GET  /__fdk/client.js                     the front-end client script
 *   GET  /__fdk/status                        metrics, limits and windows as JSON
 *   GET  /app/<path>, /config/<path>          the app's files; HTML gets {{{appclient}}} replaced
 * Other tools mount their own routes with addRoute(method, pathPrefix, handler).
 */
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { LoadedApp } from './load-app.js';

export interface HttpReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

export interface DevServerHooks {
  app: LoadedApp;
  externalEvent(installationId: string, token: string, body: Buffer, headers: Record<string, string>): Promise<HttpReply>;
  method(name: string, payload: unknown): Promise<HttpReply>;
  template(name: string, options: unknown, location: string | undefined): Promise<HttpReply>;
  data(kind: string, query: Record<string, string>): Promise<HttpReply>;
  iparams(): Record<string, unknown>;
  status(): unknown;
  clientScript(): Promise<string>;
}

export interface DevServer {
  readonly server: http.Server;
  readonly listening: boolean;
  addRoute(method: string, pathPrefix: string, handler: RouteHandler): void;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

interface Route {
  method: string;
  prefix: string;
  handler: RouteHandler;
}

/** Hard cap on any request body; the routes apply their own, smaller platform limits. */
const MAX_BODY = 8 * 1024 * 1024;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body ?? null);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(text);
}

function reply(response: ServerResponse, answer: HttpReply): void {
  sendJson(response, answer.status, answer.body, answer.headers);
}

export async function readBody(request: IncomingMessage, max = MAX_BODY): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= max) chunks.push(chunk as Buffer);
  }
  return size > max ? undefined : Buffer.concat(chunks);
}

function lowerHeaders(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function pageLocation(app: LoadedApp, folder: string, relative: string): string {
  if (folder === 'config') return 'installation';
  return app.locations.get(relative) ?? 'unknown';
}

async function serveFile(app: LoadedApp, folder: 'app' | 'config', relative: string, response: ServerResponse): Promise<void> {
  const base = resolve(app.root, folder);
  const file = resolve(join(base, relative));
  if (!file.startsWith(base + sep)) return sendJson(response, 404, { message: 'Not found' });
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return sendJson(response, 404, { message: 'Not found' });
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const script = `/__fdk/client.js?location=${encodeURIComponent(pageLocation(app, folder, relative))}`;
  const body = extname(file).toLowerCase() === '.html' ? Buffer.from(content.toString('utf8').replaceAll('{{{appclient}}}', script)) : content;
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

async function postJson(request: IncomingMessage, response: ServerResponse, run: (value: unknown) => Promise<HttpReply>): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) return sendJson(response, 413, { message: 'Payload too large' });
  const parsed = parseJson(body);
  if (!parsed.ok) return sendJson(response, 400, { message: 'The body must be JSON' });
  reply(response, await run(parsed.value));
}

function segment(path: string, prefix: string): string {
  return decodeURIComponent(path.slice(prefix.length));
}

async function builtIn(hooks: DevServerHooks, request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  const method = request.method ?? 'GET';
  if (method === 'POST' && path.startsWith('/__fdk/ext/')) {
    const [id = '', token = ''] = path.slice('/__fdk/ext/'.length).split('/');
    const body = await readBody(request);
    reply(response, body === undefined ? { status: 413, body: { message: 'Payload too large' } } : await hooks.externalEvent(id, token, body, lowerHeaders(request)));
  } else if (method === 'POST' && path.startsWith('/__fdk/smi/')) {
    await postJson(request, response, (payload) => hooks.method(segment(path, '/__fdk/smi/'), payload));
  } else if (method === 'POST' && path.startsWith('/__fdk/template/')) {
    await postJson(request, response, (value) => {
      const options = (value ?? {}) as Record<string, unknown>;
      const location = typeof options['location'] === 'string' ? options['location'] : undefined;
      return hooks.template(segment(path, '/__fdk/template/'), options, location);
    });
  } else if (method === 'GET' && path.startsWith('/__fdk/data/')) {
    reply(response, await hooks.data(segment(path, '/__fdk/data/'), Object.fromEntries(url.searchParams)));
  } else if (method === 'GET' && path === '/__fdk/iparams') {
    sendJson(response, 200, hooks.iparams());
  } else if (method === 'GET' && path === '/__fdk/status') {
    sendJson(response, 200, hooks.status());
  } else if (method === 'GET' && path === '/__fdk/client.js') {
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    response.end(await hooks.clientScript());
  } else if (method === 'GET' && (path.startsWith('/app/') || path.startsWith('/config/'))) {
    const folder = path.startsWith('/app/') ? 'app' : 'config';
    await serveFile(hooks.app, folder, segment(path, `/${folder}/`), response);
  } else return false;
  return true;
}

export function createDevServer(hooks: DevServerHooks): DevServer {
  const routes: Route[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (await builtIn(hooks, request, response, url)) return;
    const route = routes.filter((r) => (r.method === '*' || r.method === request.method) && url.pathname.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (route !== undefined) await route.handler(request, response, url);
    else sendJson(response, 404, { message: 'Not found' });
  };
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { message: `Local platform error: ${(error as Error).message}` });
      else response.end();
    });
  });
  return {
    server,
    get listening() {
      return server.listening;
    },
    addRoute(method, pathPrefix, handler) {
      routes.push({ method: method.toUpperCase(), prefix: pathPrefix, handler });
    },
    listen(port) {
      return new Promise<number>((resolvePort, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolvePort((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise<void>((resolveClose) => {
        if (!server.listening) return resolveClose();
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
