/**
 * Crayons (@freshworks/crayons v4) offline: the pages load it from jsDelivr as the marketplace asks
 * (docs/platform-rules.md), and this machine has no internet. The browser tests and the stage answer
 * those same URLs from node_modules, so every page runs the real components.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { ROOT } from '../build.js';

/** The URL prefix the shipped pages use. */
export const CRAYONS_CDN = 'https://cdn.jsdelivr.net/npm/@freshworks/crayons@v4/';
/** The same files' path on a local server (the jsDelivr path without its host). */
export const CRAYONS_PATH = '/npm/@freshworks/crayons@v4/';

const PACKAGE = join(ROOT, 'node_modules', '@freshworks', 'crayons');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface CrayonsFile {
  body: Buffer;
  contentType: string;
}

/**
 * Crayons' components draw icons (fw-toast's marks, fw-modal's close) from its icon package on
 * jsDelivr. That package cannot be installed here (@freshworks/crayons-icon 1.3.1 depends on an "fs"
 * package the registry does not have), so offline every icon is answered with one neutral glyph:
 * their look is not under test, and unanswered they make the components log errors.
 */
export const CRAYONS_ICON_CDN = 'https://cdn.jsdelivr.net/npm/@freshworks/crayons-icon@';
const ICON_PATH = '/npm/@freshworks/crayons-icon@';
const ICON = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="5" fill="currentColor"/></svg>');

/** Whether a URL is one of Crayons' own on jsDelivr (components or icons): the only outside address the pages may use. */
export function isCrayonsUrl(url: string): boolean {
  return url.startsWith(CRAYONS_CDN) || url.startsWith(CRAYONS_ICON_CDN);
}

/** The file behind a Crayons URL (CDN or local path, components or icons), or undefined when there is none. */
export function crayonsFile(urlOrPath: string): CrayonsFile | undefined {
  if (urlOrPath.startsWith(CRAYONS_ICON_CDN) || urlOrPath.startsWith(ICON_PATH)) return /\.svg([?#].*)?$/.test(urlOrPath) ? { body: ICON, contentType: 'image/svg+xml' } : undefined;
  const path = urlOrPath.startsWith(CRAYONS_CDN) ? urlOrPath.slice(CRAYONS_CDN.length) : urlOrPath.startsWith(CRAYONS_PATH) ? urlOrPath.slice(CRAYONS_PATH.length) : undefined;
  if (path === undefined) return undefined;
  const relative = normalize(decodeURIComponent(path.split(/[?#]/)[0] ?? ''));
  if (relative.startsWith('..') || relative.includes(`${sep}..${sep}`)) return undefined;
  const file = join(PACKAGE, relative);
  try {
    if (!statSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const ext = /\.[a-z0-9]+$/.exec(file)?.[0] ?? '';
  return { body: readFileSync(file), contentType: TYPES[ext] ?? 'application/octet-stream' };
}
