/**
 * Reads the app tree the FDK would see: the JSON files (with parse errors as Problems) and the
 * file listing of app/, config/ and server/ (TypeScript sources and node_modules left aside).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { error, type Problem } from './problem.js';

export interface AppTree {
  root: string;
  /** Every file under app/, config/ and server/ (relative, forward slashes), node_modules excluded. */
  files: Set<string>;
  manifest: unknown;
  requests: unknown;
  iparamsJson: unknown;
  problems: Problem[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export async function listFiles(root: string, dir: string): Promise<string[]> {
  if (!existsSync(join(root, dir))) return [];
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const rel = posix.join(dir, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : listFiles(root, rel);
      return entry.isFile() ? [rel] : [];
    }),
  );
  return nested.flat().sort();
}

export async function readText(root: string, rel: string): Promise<string | undefined> {
  if (!existsSync(join(root, rel))) return undefined;
  return readFile(join(root, rel), 'utf8');
}

function lineOf(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (position?.[1] === undefined) return '(file)';
  return `line ${text.slice(0, Number(position[1])).split('\n').length}`;
}

/** Parses a JSON file; a missing file is `undefined` (the caller decides whether that is a problem). */
export async function readJson(root: string, rel: string, problems: Problem[]): Promise<unknown> {
  const text = await readText(root, rel);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    problems.push(error(rel, lineOf(text, message), `is not valid JSON (${message})`, 'fix the JSON syntax'));
    return undefined;
  }
}

export async function loadAppTree(root: string): Promise<AppTree> {
  const problems: Problem[] = [];
  const listed = await Promise.all(['app', 'config', 'server'].map((dir) => listFiles(root, dir)));
  const files = new Set(listed.flat());
  const manifest = await readJson(root, 'manifest.json', problems);
  if (manifest === undefined && !existsSync(join(root, 'manifest.json'))) {
    problems.push(error('manifest.json', '(file)', 'is missing', 'add manifest.json at the app root'));
  }
  const requests = await readJson(root, 'config/requests.json', problems);
  const iparamsJson = await readJson(root, 'config/iparams.json', problems);
  return { root, files, manifest, requests, iparamsJson, problems };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Walks plain JSON objects by key; anything else yields undefined. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function recordAt(value: unknown, ...keys: string[]): Record<string, unknown> {
  const found = at(value, ...keys);
  return isRecord(found) ? found : {};
}
