/**
 * Small apps for the platform's own tests: a manifest, request templates and a hand-written
 * server.js in a temporary folder, plus a tiny loopback HTTP server to stand in for a vendor.
 * The tests do not depend on the real app's behaviour.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPlatform, type Platform, type PlatformOptions } from '../../../tools/platform/create-platform.js';
import { createVirtualClock } from '../../../tools/platform/platform-clock.js';

/** 2026-01-05T10:00:00.000Z: a fixed start so minute windows are predictable. */
export const START = Date.UTC(2026, 0, 5, 10, 0, 0);

export const DEFAULT_HANDLERS = [
  'onAppInstallHandler',
  'onAppUninstallHandler',
  'onExternalEventHandler',
  'onScheduledEventHandler',
  'onTicketCreateHandler',
  'onTicketUpdateHandler',
];

export interface FixtureOptions {
  /** JS source of object-literal members, e.g. `onTicketCreateHandler: async function (args) { … },` */
  handlers?: string;
  /** Extra JS before `exports = …`. */
  prelude?: string;
  requests?: Record<string, unknown>;
  functions?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  /** Replace the whole exports assignment (to test missing handlers). */
  exportsSource?: string;
  files?: Record<string, string>;
  /** Leave onExternalEvent out of the manifest. */
  withoutExternalEvent?: boolean;
}

const roots: string[] = [];

export function makeFixtureApp(options: FixtureOptions = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'fdk-fixture-'));
  roots.push(root);
  const requests = options.requests ?? {};
  const functions = options.functions ?? { echo: {} };
  const manifest = {
    'platform-version': '3.0',
    modules: {
      common: {
        requests: Object.fromEntries(Object.keys(requests).map((name) => [name, {}])),
        functions,
        events: {
          onAppInstall: { handler: 'onAppInstallHandler' },
          onAppUninstall: { handler: 'onAppUninstallHandler' },
          ...(options.withoutExternalEvent === true ? {} : { onExternalEvent: { handler: 'onExternalEventHandler' } }),
          onScheduledEvent: { handler: 'onScheduledEventHandler' },
        },
      },
      service_ticket: {
        location: { ticket_sidebar: { url: 'index.html', icon: 'icon.svg' } },
        events: { onTicketCreate: { handler: 'onTicketCreateHandler' }, onTicketUpdate: { handler: 'onTicketUpdateHandler' } },
      },
    },
    engines: { node: '24.11.0', fdk: '10.1.2' },
    ...(options.dependencies === undefined ? {} : { dependencies: options.dependencies }),
  };
  const overridden = (member: string): boolean => {
    const name = /^(\w+)/.exec(member)?.[1] ?? '';
    return new RegExp(`(^|[\\s,])${name}\\s*[:(]`).test(options.handlers ?? '');
  };
  const defaults = [
    'onAppInstallHandler: function () { renderData(); },',
    'onAppUninstallHandler: function () { renderData(); },',
    'onExternalEventHandler: async function () {},',
    'onScheduledEventHandler: async function () {},',
    'onTicketCreateHandler: async function () {},',
    'onTicketUpdateHandler: async function () {},',
    ...Object.keys(functions).map((name) => `${name}: function (args) { renderData(null, args); },`),
  ]
    .filter((member) => !overridden(member))
    .join('\n  ');
  const server = [
    '"use strict";',
    options.prelude ?? '',
    options.exportsSource ?? `exports = {\n  ${defaults}\n${options.handlers ?? ''}\n};`,
  ].join('\n');
  const files: Record<string, string> = {
    'manifest.json': JSON.stringify(manifest, null, 2),
    'config/requests.json': JSON.stringify(requests, null, 2),
    'server/server.js': server,
    ...(options.files ?? {}),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const platforms: Platform[] = [];
const servers: http.Server[] = [];

export async function startPlatform(root: string, options: Partial<PlatformOptions> = {}): Promise<Platform> {
  const platform = await createPlatform({
    root,
    iparams: { signl4_api_key: 'k-secret', freshservice_api_key: 'fs-secret', subdomain: 'acme', team: 'ops' },
    clock: createVirtualClock(START),
    ...options,
  });
  platforms.push(platform);
  return platform;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LocalServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering with `answer` (called per request, in order). */
export async function startHttpServer(answer: (request: SeenRequest, response: ServerResponse, index: number) => void): Promise<LocalServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      answer(entry, response, seen.length - 1);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Call from an afterEach/after hook: closes platforms and servers, removes fixture folders. */
export async function cleanUp(): Promise<void> {
  await Promise.all(platforms.splice(0).map((platform) => platform.close()));
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          if (server.listening) server.close(() => resolve());
          else resolve();
        }),
    ),
  );
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** The rejection of a promise that must reject (fails the test when it resolves). */
export async function rejects(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Record<string, unknown>;
}
