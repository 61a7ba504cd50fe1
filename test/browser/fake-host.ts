/**
 * A small stand-in for the FDK host page, for sidebar tests that need exact control over what the
 * server methods answer (a held answer, a rejection, a state the real flow reaches only after hours).
 * It serves app/ with {{{appclient}}} replaced by a fake client script that forwards every client
 * call to this server, where the test decides the answer. The end-to-end tests use the real platform.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ROOT } from '../../tools/build.js';

export type FakeAnswer = { response: unknown } | { error: { status: number; message: string } };
export type InvokeHandler = (name: string, payload: Record<string, unknown>) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeCall {
  name: string;
  payload: Record<string, unknown>;
}

const CLIENT_JS = `(function () {
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json(); });
  }
  var listeners = {};
  var client = {
    events: { on: function (name, cb) {
      (listeners[name] = listeners[name] || []).push(cb);
      if (name === 'app.activated') setTimeout(function () { cb(); }, 0);
    } },
    data: { get: function (name) { return post('/__fake/data/' + name); } },
    request: { invoke: function (name, payload) {
      return post('/__fake/invoke/' + name, payload).then(function (a) {
        if (a.error) throw Object.assign({ requestID: 'fake' }, a.error);
        return { requestID: 'fake', response: a.response };
      });
    } },
    interface: { trigger: function (action, options) { return post('/__fake/interface/' + action, options); } },
    instance: { resize: function (options) { post('/__fake/resize', options); } }
  };
  window.__fakeActivate = function () { (listeners['app.activated'] || []).forEach(function (cb) { cb(); }); };
  window.app = { initialized: function () { return Promise.resolve(client); } };
})();`;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export class FakeHost {
  ticket: unknown = { ticket: { id: 42, subject: 'Mail server down' } };
  /** What client.data.get('loggedInUser') resolves (the FDK's { loggedInUser: … } wrapper). */
  user: unknown = { loggedInUser: { id: 7, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' } };
  invoke: InvokeHandler = (name) => ({ error: { status: 500, message: `no fake answer for ${name}` } });
  readonly calls: FakeCall[] = [];
  readonly notices: Array<{ type: string; message: string }> = [];
  readonly resizes: number[] = [];
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/app/index.html`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.notices.length = 0;
    this.resizes.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST') return this.api(path, await readJson(req), res);
    if (path === '/__fake/client.js') return send(res, 200, TYPES['.js'] as string, CLIENT_JS);
    return this.file(path, res);
  }

  private async api(path: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const [, , kind, name = ''] = path.split('/');
    if (kind === 'data') return json(res, name === 'loggedInUser' ? this.user : this.ticket);
    if (kind === 'invoke') {
      this.calls.push({ name, payload: body });
      return json(res, await this.invoke(name, body));
    }
    if (kind === 'interface') this.notices.push({ type: String(body['type']), message: String(body['message']) });
    if (kind === 'resize') this.resizes.push(Number(body['height']));
    return json(res, {});
  }

  private async file(path: string, res: ServerResponse): Promise<void> {
    const relative = normalize(path).replace(/^\/+/, '');
    if (!relative.startsWith('app/') || relative.includes('..')) return send(res, 404, 'text/plain', 'not found');
    const body = await readFile(join(ROOT, relative)).catch(() => undefined);
    if (body === undefined) return send(res, 404, 'text/plain', 'not found');
    const type = TYPES[extname(relative)] ?? 'application/octet-stream';
    if (relative.endsWith('.html')) return send(res, 200, type, body.toString('utf8').replaceAll('{{{appclient}}}', '/__fake/client.js'));
    return send(res, 200, type, body);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function json(res: ServerResponse, body: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
