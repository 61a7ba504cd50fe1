/**
 * The README's "Try it" steps (the numbered list after "Try it:" in its "Local run" section), as
 * plain sentences for the stage page, so the page and the README say the same thing.
 */
import { readFileSync } from 'node:fs';

/** Markdown emphasis and code marks removed; links reduced to their text. */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|__|`/g, '').replace(/\s+/g, ' ').trim();
}

export function tryItSteps(readme: string): string[] {
  const section = /^## Local run\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const list = /^Try it\b[^\n]*:[ \t]*\n\n?(\d+\.[\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(section)?.[1] ?? '';
  return list.split(/^\d+\.\s+/m).map(plain).filter((step) => step !== '');
}

export function readTryItSteps(readmePath: string): string[] {
  try {
    return tryItSteps(readFileSync(readmePath, 'utf8'));
  } catch {
    return [];
  }
}
