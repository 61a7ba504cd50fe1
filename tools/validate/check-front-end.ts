/**
 * The front ends as the FDK serves them (docs/fdk-facts.md §1.2, §5): every location's page and icon
 * exists under app/; every page loads {{{appclient}}}; Crayons comes from jsDelivr, never unpkg
 * (unpkg anywhere in a packed file is a lint error); every local script, style or image a page
 * references exists. Also lists the scripts each page runs, for the other checks.
 */
import { posix } from 'node:path';
import { recordAt, type AppTree } from './app-tree.js';
import { error, jsonPath, type Problem } from './problem.js';

export interface InlineScript {
  file: string;
  line: number;
  code: string;
}

export interface PageReport {
  problems: Problem[];
  /** Local scripts the page loads, relative to the app root. */
  scripts: string[];
  inline: InlineScript[];
}

const JSDELIVR = 'https://cdn.jsdelivr.net/';
const OLD_CLIENT = 'static.freshdev.io/fdk';

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attributes);
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}

function isExternal(url: string): boolean {
  return /^(?:[a-z]+:|\/\/|#|\{\{)/i.test(url);
}

interface Reference {
  tag: string;
  url: string;
  line: number;
}

function references(html: string): Reference[] {
  const refs: Reference[] = [];
  for (const match of html.matchAll(/<(script|link|img|source)\b([^>]*)>/gi)) {
    const tag = (match[1] ?? '').toLowerCase();
    const url = attribute(match[2] ?? '', tag === 'link' ? 'href' : 'src');
    if (url !== undefined) refs.push({ tag, url, line: lineAt(html, match.index) });
  }
  return refs;
}

function inlineScripts(file: string, html: string): InlineScript[] {
  const scripts: InlineScript[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const code = match[2] ?? '';
    const type = attribute(attributes, 'type') ?? '';
    const isJs = type === '' || /javascript|module/i.test(type);
    if (attribute(attributes, 'src') === undefined && isJs && code.trim() !== '') scripts.push({ file, line: lineAt(html, match.index), code });
  }
  return scripts;
}

function cdnProblems(file: string, ref: Reference): Problem[] {
  const where = `line ${ref.line} <${ref.tag}>`;
  if (/unpkg\.com/i.test(ref.url)) return [error(file, where, `loads ${ref.url} from unpkg, which the marketplace lint rejects`, `load it from jsDelivr (${JSDELIVR}npm/...)`)];
  if (/crayons/i.test(ref.url) && !ref.url.startsWith(JSDELIVR)) {
    return [error(file, where, `loads Crayons from ${ref.url}`, `load Crayons from ${JSDELIVR}npm/@freshworks/crayons@v4/dist/crayons/crayons.esm.js (and crayons.js)`)];
  }
  if (ref.url.includes(OLD_CLIENT)) return [error(file, where, 'loads the pre-2.3 static fresh_client.js', 'load <script src="{{{appclient}}}"></script> instead')];
  return [];
}

export function checkPage(tree: AppTree, file: string, html: string): PageReport {
  const problems: Problem[] = [];
  const scripts: string[] = [];
  const refs = references(html);
  if (!refs.some((ref) => ref.tag === 'script' && ref.url.trim() === '{{{appclient}}}')) {
    problems.push(error(file, '<head>', 'does not load the FDK client', 'add <script src="{{{appclient}}}"></script> before the app scripts'));
  }
  for (const ref of refs) {
    problems.push(...cdnProblems(file, ref));
    if (isExternal(ref.url)) continue;
    const target = posix.normalize(posix.join(posix.dirname(file), ref.url.split(/[?#]/)[0] ?? ''));
    if (!tree.files.has(target)) {
      problems.push(error(file, `line ${ref.line} <${ref.tag}>`, `references ${ref.url}, which does not exist (${target})`, 'run npm run build for built scripts, or correct the path'));
    } else if (ref.tag === 'script') {
      scripts.push(target);
    }
  }
  const unpkgInline = /unpkg\.com/i.test(html.replace(/<(?:script|link|img|source)\b[^>]*>/gi, ''));
  if (unpkgInline) problems.push(error(file, '(text)', 'mentions unpkg.com, which the marketplace lint rejects', 'load third-party files from jsDelivr'));
  return { problems, scripts, inline: inlineScripts(file, html) };
}

/** Every location's url and icon must exist under app/. */
export function checkLocations(tree: AppTree): Problem[] {
  const problems: Problem[] = [];
  for (const [moduleName, moduleValue] of Object.entries(recordAt(tree.manifest, 'modules'))) {
    for (const [placeholder, spec] of Object.entries(recordAt(moduleValue, 'location'))) {
      for (const key of ['url', 'icon']) {
        const value = recordAt(spec)[key];
        if (typeof value !== 'string' || value === '') continue;
        const target = posix.normalize(posix.join('app', value));
        if (!tree.files.has(target)) {
          problems.push(error('manifest.json', jsonPath(['modules', moduleName, 'location', placeholder, key]), `"${value}" does not exist (${target})`, `add ${target}, or correct the path (relative to app/)`));
        }
      }
    }
  }
  return problems;
}

/** unpkg in a packed script or style sheet. */
export function checkUnpkg(file: string, text: string): Problem[] {
  const index = text.search(/unpkg\.com/i);
  return index < 0 ? [] : [error(file, `line ${lineAt(text, index)}`, 'refers to unpkg.com, which the marketplace lint rejects', 'load third-party files from jsDelivr (https://cdn.jsdelivr.net/npm/...)')];
}
