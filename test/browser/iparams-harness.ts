/**
 * A small harness for the installation page and the diagnostics page: Chromium (playwright-core)
 * loads the real files of config/ and app/ from a routed origin, with `{{{appclient}}}` replaced
 * by a fake FDK client whose calls (invokeTemplate, invoke, data.get) are answered in Node by
 * the test. Crayons' jsDelivr URLs are answered from node_modules (tools/crayons), so the page runs
 * the real components; the icons Crayons fetches from its separate icon package (not installed)
 * get a blank placeholder SVG. Nothing listens on a port and nothing reaches the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { crayonsFile } from '../../tools/crayons/crayons-files.js';
import { CHROMIUM } from './browser-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ORIGIN = 'http://app.test';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What a template answer looks like to the page; throw a TemplateFailure to reject. */
export interface TemplateReply {
  status: number;
  headers?: Record<string, string>;
  response: string;
}

export interface TemplateCall {
  name: string;
  options: { context?: Record<string, string>; body?: string };
}

export interface FakeClient {
  invokeTemplate?: (call: TemplateCall) => Promise<TemplateReply> | TemplateReply;
  invoke?: (name: string, payload: unknown) => Promise<unknown> | unknown;
  currentHost?: unknown;
}

/** A rejection the page receives, shaped like the platform's: { status, headers, response } or { status, message }. */
export class FakeRejection {
  constructor(readonly value: Record<string, unknown>) {}
}

const FAKE_CLIENT_JS = `(function () {
  function call(kind, args) {
    return window.__fdkCall(kind, args).then(function (r) { return r.ok ? r.value : Promise.reject(r.error); });
  }
  var client = {
    request: {
      invokeTemplate: function (name, options) { return call('invokeTemplate', [name, options]); },
      invoke: function (name, payload) { return call('invoke', [name, payload]); }
    },
    data: { get: function (name) { return call('data', [name]); } },
    events: { on: function (name, callback) { if (name === 'app.activated') Promise.resolve().then(callback); } }
  };
  window.app = { initialized: function () { return Promise.resolve(client); } };
})();`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

type Reply = { ok: true; value: unknown } | { ok: false; error: unknown };

async function answer(client: FakeClient, kind: string, args: unknown[]): Promise<Reply> {
  try {
    if (kind === 'invokeTemplate') {
      const [name, options] = args as [string, TemplateCall['options']];
      if (client.invokeTemplate === undefined) throw new FakeRejection({ status: 502, message: 'no template handler' });
      return { ok: true, value: await client.invokeTemplate({ name, options: options ?? {} }) };
    }
    if (kind === 'invoke') {
      if (client.invoke === undefined) throw new FakeRejection({ status: 404, message: 'Requested function not found or registered' });
      return { ok: true, value: await client.invoke(String(args[0]), args[1]) };
    }
    return { ok: true, value: { currentHost: client.currentHost ?? { endpoint_urls: { freshservice: 'https://acme.freshservice.com' } } } };
  } catch (error) {
    return { ok: false, error: error instanceof FakeRejection ? error.value : { status: 500, message: String(error) } };
  }
}

function fileFor(url: URL): string | undefined {
  const path = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
  if (!/^(config|app)\//.test(path) || path.includes('..')) return undefined;
  const file = join(ROOT, path);
  return existsSync(file) ? file : undefined;
}

function serve(): Parameters<BrowserContext['route']>[1] {
  return async (route) => {
    const crayons = crayonsFile(route.request().url());
    if (crayons !== undefined) return route.fulfill({ status: 200, body: crayons.body, contentType: crayons.contentType });
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/__fake/client.js') return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: FAKE_CLIENT_JS });
    const file = fileFor(url);
    if (file === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const raw = readFileSync(file);
    const body = extname(file) === '.html' ? raw.toString('utf8').replace('{{{appclient}}}', '/__fake/client.js') : raw;
    return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body });
  };
}

/**
 * One Chromium page reused across the tests of a file (a new page costs ~0.3 s here): each
 * open() points the fake client at the test's handlers and loads the page afresh.
 */
export class AppPages {
  private client: FakeClient = {};
  /** Uncaught exceptions and console errors of the page since the last open(). */
  readonly errors: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async start(): Promise<AppPages> {
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 900, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    const pages = new AppPages(browser, page);
    page.on('pageerror', (error) => pages.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pages.errors.push(message.text());
    });
    await page.exposeFunction('__fdkCall', (kind: string, args: unknown[]) => answer(pages.client, kind, args));
    await context.route('**/*', serve());
    return pages;
  }

  /** Loads `path` (e.g. 'config/iparams.html', 'app/diagnostics.html') answered by `client`. */
  async open(path: string, client: FakeClient, viewport = { width: 900, height: 900 }): Promise<Page> {
    this.client = client;
    this.errors.length = 0;
    await this.page.setViewportSize(viewport);
    await this.page.goto(`${ORIGIN}/${path}`);
    return this.page;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * With S4_SCREENSHOTS=1 the tests refresh docs/screenshots/<name>.png at the moment they
 * assert on (the README's admin guide shows them); otherwise nothing is written.
 */
export async function screenshotFor(page: Page, name: string): Promise<void> {
  if (process.env['S4_SCREENSHOTS'] !== '1') return;
  // A viewport as tall as the page, so the status line kept in view at the bottom (position: sticky)
  // sits at the end of the page in the picture instead of across the fields.
  const viewport = page.viewportSize() ?? { width: 900, height: 900 };
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: join(ROOT, 'docs/screenshots', `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(viewport);
}

/** What validateAsOnInstall saw: whether validate() answered a boolean, and the outcome. */
interface InstallPress {
  kind: string;
  passed?: boolean;
  again?: unknown;
}

/**
 * Install as the platform presses it, not assuming it awaits anything: validate() must answer a
 * plain boolean at once. When it says false, the checks it started are awaited (validateAsync(),
 * the page's local/testing aid) and, when they passed, validate() is asked again — the admin's
 * second press — and must then say true at once. Returns whether the page let Install save.
 */
export async function validateAsOnInstall(page: Page): Promise<boolean> {
  const press = (await page.evaluate(`(async () => {
    const first = window.validate();
    if (first !== true && first !== false) return { kind: typeof first };
    if (first) return { kind: 'boolean', passed: true, again: true };
    const passed = await window.validateAsync();
    return { kind: 'boolean', passed, again: passed ? window.validate() : false };
  })()`)) as InstallPress;
  if (press.kind !== 'boolean') throw new Error(`validate() returned ${press.kind}, not a boolean`);
  if (press.again !== press.passed) throw new Error('after its checks passed, validate() did not say true at once');
  return press.passed === true;
}

/** validate() called once, as one press of Install: its value as the page returned it (typeof checked in the page). */
export async function validateOnce(page: Page): Promise<boolean | string> {
  return (await page.evaluate(`(() => {
    const result = window.validate();
    return result === true || result === false ? result : 'not a boolean: ' + typeof result;
  })()`)) as boolean | string;
}

/** Polls `condition` in Node every 20 ms (the page's debounced checks run on real timers). */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The text of a fw-select list's first option once it shows `name`: the name itself, or the offer to add it. */
function shownAs(name: string): RegExp {
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(Use "${quoted}"|${quoted})\\s*$`);
}

/**
 * Chooses (or types and adds) a name in a fw-select as an admin does with the keyboard: a single
 * select's chosen name is cleared first (the click selects its text), then the name is typed; once
 * the list shows it first (fw-select filters after a 300 ms debounce), ArrowDown and Enter pick it.
 */
export async function chooseIn(page: Page, select: Locator, name: string): Promise<void> {
  const input = select.locator('input:not([type=hidden])').first();
  await input.click();
  if ((await select.getAttribute('multiple')) === null) await page.keyboard.press('Backspace');
  await input.pressSequentially(name);
  await select.locator('fw-select-option').first().filter({ hasText: shownAs(name) }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}

/** Sends the test Signl through the page: its button, then "Send the test Signl" in the confirmation; returns what the page says. */
export async function sendTestSignl(page: Page): Promise<string> {
  await page.locator('#send-test-signl').click();
  await page.locator('#test-signl-confirm').getByRole('button', { name: 'Send the test Signl' }).click();
  await page.waitForSelector('#send-test-signl-result:is([data-tone=ok], [data-tone=bad])');
  return (await page.textContent('#send-test-signl-result')) ?? '';
}
