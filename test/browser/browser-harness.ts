/// <reference lib="dom" />
/**
 * Shared set-up of the browser tests: the system Chromium through playwright-core, with a fresh
 * profile, no network beyond loopback (as on a machine without internet) except Crayons' jsDelivr URLs,
 * answered from node_modules (tools/crayons), and a record of page errors and of every request that
 * tried to leave the machine.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildFrontEnds, buildServer, ROOT } from '../../tools/build.js';
import { crayonsFile } from '../../tools/crayons/crayons-files.js';
import { startSystem, type StageSystem } from '../../tools/stage/start-system.js';

export const CHROMIUM = process.env['S4_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * In a before hook: the browser tests need Chromium. Without it they fail, naming what to install;
 * they never skip (a run without them would pass while proving nothing about the pages).
 */
export function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(`browser tests need Chromium at ${CHROMIUM} (install Debian's chromium package, or set S4_CHROMIUM to its path)`);
}

export interface PageRecord {
  page: Page;
  /** Uncaught exceptions and console errors of the page. */
  errors: string[];
  /** URLs the page tried to reach outside loopback (all refused). */
  external: string[];
}

export class Browser {
  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 's4-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 360, height: 640 },
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    return new Browser(context, profile);
  }

  async newPage(viewport = { width: 360, height: 640 }): Promise<PageRecord> {
    const page = await this.context.newPage();
    await page.setViewportSize(viewport);
    const record: PageRecord = { page, errors: [], external: [] };
    page.on('pageerror', (error) => record.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) record.errors.push(message.text());
    });
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => {
      const url = route.request().url();
      record.external.push(url);
      const file = crayonsFile(url);
      if (file !== undefined) return route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
      return route.abort('internetdisconnected');
    });
    return record;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** Milliseconds between the sidebar's 's4-client-ready' and 's4-state-shown' marks, in its frame. */
export async function firstRenderMs(page: Page, frameUrlPart?: string): Promise<number> {
  const frame = frameUrlPart === undefined ? page.mainFrame() : page.frames().find((f) => f.url().includes(frameUrlPart));
  if (frame === undefined) throw new Error(`no frame with ${frameUrlPart ?? ''}`);
  await frame.waitForFunction(() => performance.getEntriesByName('s4-first-render').length > 0);
  return frame.evaluate(() => (performance.getEntriesByName('s4-first-render')[0] as PerformanceEntry).duration);
}

let built: Promise<unknown> | undefined;

/** Builds the app once per test run (server.js and the front-end scripts). */
export function buildOnce(): Promise<unknown> {
  built ??= (async () => {
    await buildServer();
    await buildFrontEnds();
  })();
  return built;
}

/**
 * The whole system as npm start runs it, on free ports: simulated Freshservice and SIGNL4, the
 * local platform with the built app installed (simulator settings), the stage page. The platform
 * clock is virtual, so tests move it to fire the retry schedule.
 */
export async function startStage(options: { iparams?: Record<string, unknown> } = {}): Promise<StageSystem> {
  await buildOnce();
  return startSystem({ root: ROOT, clock: 'virtual', ...(options.iparams === undefined ? {} : { iparams: options.iparams }) });
}

export const SCREENSHOTS = process.env['S4_SCREENSHOTS'] === '1';

/** Saves a screenshot of the page's content (not the empty viewport below it) when S4_SCREENSHOTS=1. */
export async function screenshot(page: Page, file: string): Promise<void> {
  if (!SCREENSHOTS) return;
  const height = await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  const width = page.viewportSize()?.width ?? 360;
  await page.screenshot({ path: join(ROOT, 'docs/screenshots', file), clip: { x: 0, y: 0, width, height: Math.min(height, 2000) } });
}
