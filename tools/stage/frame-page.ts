/**
 * The app's pages as the stage's frames load them: fetched from the platform's own /app/ or
 * /config/ (so {{{appclient}}} is filled in as there), with a <base> pointing back at that folder
 * for their relative assets, and Crayons' jsDelivr origin replaced by this server, which answers
 * the same path from node_modules (tools/crayons). The stage thus runs the real components offline
 * while the shipped HTML keeps loading Crayons from jsDelivr.
 */
import { CRAYONS_CDN, CRAYONS_PATH } from '../crayons/crayons-files.js';

export const FRAME_PREFIX = '/stage/frame/';

export interface FramePage {
  status: number;
  contentType: string;
  body: string;
}

/** The page under /stage/frame/<app|config>/<name>.html, or undefined for any other path. */
export async function framePage(platformBase: string, url: URL): Promise<FramePage | undefined> {
  const inner = url.pathname.slice(FRAME_PREFIX.length);
  const match = /^(app|config)\/([\w./-]+\.html)$/.exec(inner);
  if (match === null || inner.includes('..')) return undefined;
  const answer = await fetch(`${platformBase}/${inner}${url.search}`);
  const text = await answer.text();
  const contentType = answer.headers.get('content-type') ?? 'text/html; charset=utf-8';
  if (!answer.ok || !contentType.startsWith('text/html')) return { status: answer.status, contentType, body: text };
  return { status: 200, contentType, body: rewritePage(text, `/${match[1] ?? 'app'}/`) };
}

/** Adds <base href=folder> as the head's first child and points Crayons' CDN URLs at CRAYONS_PATH. */
export function rewritePage(html: string, folder: string): string {
  const based = html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}\n<base href="${folder}">`);
  return based.replaceAll(CRAYONS_CDN, CRAYONS_PATH);
}
