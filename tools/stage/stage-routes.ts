/**
 * The stage's HTTP routes, mounted on the platform's dev server (same origin as the sidebar and the
 * installation page, so the stage can drive their frames):
 *   GET  /                 -> redirect to /stage/
 *   GET  /stage/           the page; /stage/stage.css; /stage/stage.js (bundled from tools/stage/page)
 *   GET  /stage/frame/app/<page>.html, /stage/frame/config/<page>.html   the app's pages for the
 *        stage's frames, as the platform serves them, with Crayons' jsDelivr origin pointed at this server
 *   GET  /npm/@freshworks/crayons@v4/…   Crayons from node_modules at its jsDelivr path (no internet needed)
 *   GET  /stage/api/meta | snapshot?since= | tickets/:id | settings
 *   POST /stage/api/tickets | signls/:id/:action | settings | faults/:id {on}   PATCH /stage/api/tickets/:id
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../build.js';
import { CRAYONS_PATH, crayonsFile } from '../crayons/crayons-files.js';
import { readBody, sendJson } from '../platform/dev-server.js';
import { framePage } from './frame-page.js';
import { readTryItSteps } from './try-it-steps.js';
import { changeTicket, createTicket, deskChoices, ticketDetail, ticketSummaries } from './desk-data.js';
import { PHONE_USER_ID, phoneAction, signlSummaries } from './phone-data.js';
import type { StageSystem } from './start-system.js';
import type { NewTicket, PhoneAction, StageMeta, StageSnapshot, TicketChange } from './stage-types.js';

const PAGE = (name: string): string => fileURLToPath(new URL(`./page/${name}`, import.meta.url));
const PHONE_ACTIONS: readonly PhoneAction[] = ['acknowledge', 'close', 'annotate', 'escalate'];

export async function bundlePage(): Promise<string> {
  const result = await build({ entryPoints: [PAGE('main.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', logLevel: 'warning' });
  return result.outputFiles[0]?.text ?? '';
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, 1024 * 1024);
  if (body === undefined || body.length === 0) return {};
  const value = JSON.parse(body.toString('utf8')) as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function send(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export async function mountStage(system: StageSystem): Promise<void> {
  const script = await bundlePage();
  const tryIt = readTryItSteps(join(ROOT, 'README.md'));
  const { fs, s4, platform } = system;
  const settle = async (): Promise<void> => {
    await s4.whenIdle();
    await fs.whenIdle();
  };

  platform.addRoute('GET', '/', (_req, res, url) => {
    if (url.pathname !== '/') return sendJson(res, 404, { message: 'Not found' });
    res.writeHead(302, { location: '/stage/' });
    res.end();
  });
  platform.addRoute('GET', '/stage/', async (_req, res, url) => {
    if (url.pathname === '/stage/stage.js') return send(res, 'text/javascript; charset=utf-8', script);
    if (url.pathname === '/stage/stage.css') return send(res, 'text/css; charset=utf-8', await readFile(PAGE('stage.css'), 'utf8'));
    if (url.pathname === '/stage/' || url.pathname === '/stage/index.html') return send(res, 'text/html; charset=utf-8', await readFile(PAGE('index.html'), 'utf8'));
    return sendJson(res, 404, { message: 'Not found' });
  });

  platform.addRoute('GET', CRAYONS_PATH, (_req, res, url) => {
    const file = crayonsFile(url.pathname);
    if (file === undefined) return sendJson(res, 404, { message: 'Not found' });
    res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' });
    res.end(file.body);
  });
  platform.addRoute('GET', '/stage/frame/', async (_req, res, url) => {
    const page = await framePage(platform.baseUrl, url);
    if (page === undefined) return sendJson(res, 404, { message: 'Not found' });
    res.writeHead(page.status, { 'content-type': page.contentType, 'cache-control': 'no-store' });
    res.end(page.body);
  });

  platform.addRoute('GET', '/stage/api/', (_req, res, url) => {
    const path = url.pathname.slice('/stage/api/'.length);
    if (path === 'meta') {
      const meta: StageMeta = { ...deskChoices(fs), phoneUser: s4.users.get(PHONE_USER_ID)?.username ?? '', sidebarPath: '/stage/frame/app/index.html?ticket={id}', iparamsPath: '/stage/frame/config/iparams.html', diagnosticsPath: '/stage/frame/app/diagnostics.html', tryIt };
      return sendJson(res, 200, meta);
    }
    if (path === 'snapshot') {
      const snapshot: StageSnapshot = { tickets: ticketSummaries(fs), signls: signlSummaries(s4), log: system.log.since(Number(url.searchParams.get('since') ?? 0)), install: system.install, faults: system.faults.list() };
      return sendJson(res, 200, snapshot);
    }
    if (path === 'settings') return sendJson(res, 200, { values: system.savedConfigs() });
    const ticket = /^tickets\/(\d+)$/.exec(path);
    const detail = ticket === null ? undefined : ticketDetail(fs, Number(ticket[1]));
    return detail === undefined ? sendJson(res, 404, { ok: false, message: 'No such ticket' }) : sendJson(res, 200, detail);
  });

  platform.addRoute('POST', '/stage/api/', async (req, res, url) => {
    const path = url.pathname.slice('/stage/api/'.length);
    const body = await json(req);
    if (path === 'tickets') {
      system.log.add('stage', 'Desk', 'Freshservice', `create ticket "${String(body['subject'])}" (${String(body['priority'])}, ${String(body['type'])})`);
      const answer = await createTicket(fs, body as unknown as NewTicket);
      await settle();
      return sendJson(res, answer.ok ? 201 : 400, answer);
    }
    const fault = /^faults\/([\w-]+)$/.exec(path);
    if (fault !== null) {
      const answer = system.faults.set(fault[1] ?? '', body['on'] === true);
      return sendJson(res, answer.ok ? 200 : 404, answer);
    }
    if (path === 'settings') {
      const configs = typeof body['configs'] === 'object' && body['configs'] !== null ? (body['configs'] as Record<string, unknown>) : {};
      const outcome = await system.saveSettings(configs);
      return sendJson(res, outcome.ok ? 200 : 400, { ok: outcome.ok, message: outcome.message });
    }
    const signl = /^signls\/([^/]+)\/(\w+)$/.exec(path);
    const action = signl?.[2] as PhoneAction | undefined;
    if (signl === null || action === undefined || !PHONE_ACTIONS.includes(action)) return sendJson(res, 404, { ok: false, message: 'Not found' });
    const id = decodeURIComponent(signl[1] ?? '');
    system.log.add('stage', 'Phone', 'SIGNL4', `${action}${action === 'annotate' ? ` "${String(body['text'] ?? '')}"` : ''}`);
    const answer = await phoneAction(s4, id, action, typeof body['text'] === 'string' ? body['text'] : '');
    await settle();
    return sendJson(res, answer.ok ? 200 : 409, answer);
  });

  platform.addRoute('PATCH', '/stage/api/', async (req, res, url) => {
    const ticket = /^\/stage\/api\/tickets\/(\d+)$/.exec(url.pathname);
    if (ticket === null) return sendJson(res, 404, { ok: false, message: 'Not found' });
    const change = (await json(req)) as TicketChange;
    system.log.add('stage', 'Desk', 'Freshservice', `change ticket #${ticket[1] ?? ''}: ${Object.entries(change).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
    const answer = await changeTicket(fs, Number(ticket[1]), change);
    await settle();
    return sendJson(res, answer.ok ? 200 : 400, answer);
  });
}
