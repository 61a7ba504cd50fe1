/**
 * $db.update as the FDK CLI applies it (CLI69 lib/api/db.js validations, lib/utils/data-util.js
 * DataStore.update/set/increment/append/remove); every message and status below is the CLI's.
 * - Validation: the action must be set/increment/append/remove; attributes a non-empty object (an
 *   array for remove); increment needs numbers, append non-empty arrays; blank paths are refused.
 * - A missing record: increment/append create it from the attributes as given; set starts from {}
 *   and applies the paths (so top-level paths upsert); remove is refused (400).
 * - set: dot/bracket paths; a missing (or falsy) parent, or a parent created by another path of
 *   the same call, is refused with 400 "One or more paths ... invalid or overlapping ..."; a
 *   primitive parent makes the CLI throw, which it answers 500 "Failed to update data".
 * - increment/append: attribute names are literal top-level keys (no paths); a falsy existing
 *   value is overwritten; a non-number / non-array one is refused 400 "Mandatory attributes missing".
 * - remove: a missing parent is refused as for set; a missing leaf is fine; array items are spliced.
 * An update that is refused leaves the record as it was.
 */
import { isPlainObject, type JsonObject } from './json-value.js';
import { refuse } from './platform-rejection.js';

export type UpdateAction = 'set' | 'increment' | 'append' | 'remove';
export const UPDATE_ACTIONS: readonly UpdateAction[] = ['set', 'increment', 'append', 'remove'];

export const INVALID_PATH = 'One or more paths in the attributes are invalid or overlapping with each other';
const BLANK_PATH = 'Keys or paths inside attributes object cannot be blank';
const WRONG_TYPE = 'Mandatory attributes missing';

type Node = Record<string, unknown> | unknown[];

/** lodash isEmpty as the CLI's isBlank uses it: numbers and booleans by their text. */
export function isBlank(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value) === '';
  if (value === null || value === undefined) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return true;
}

function isNode(value: unknown): value is Node {
  return Array.isArray(value) || isPlainObject(value);
}

function pathParts(path: string): string[] {
  return path.split(/\.|\[|\]/).filter((part) => part !== '');
}

function child(node: unknown, part: string): unknown {
  return isNode(node) ? (node as Record<string, unknown>)[part] : undefined;
}

function setOne(root: JsonObject, original: JsonObject, path: string, value: unknown): void {
  const parts = pathParts(path);
  let node: unknown = root;
  let before: unknown = original;
  parts.forEach((part, index) => {
    if (!node || !before) throw refuse(400, INVALID_PATH);
    if (index < parts.length - 1) {
      node = child(node, part);
      before = child(before, part);
    } else if (Array.isArray(node) && node.length < Number(part)) {
      node.push(value);
    } else if (isNode(node)) {
      (node as Record<string, unknown>)[part] = value;
    } else {
      // The CLI assigns a property on a primitive in strict mode: a TypeError, answered as a 500.
      throw refuse(500, 'Failed to update data');
    }
  });
}

function applySet(current: JsonObject | undefined, attributes: JsonObject): JsonObject {
  const next = structuredClone(current ?? {});
  const original = structuredClone(next);
  for (const [path, value] of Object.entries(attributes)) setOne(next, original, path, structuredClone(value));
  return next;
}

function applyTopLevel(current: JsonObject, attributes: JsonObject, combine: (was: unknown, given: unknown) => unknown): JsonObject {
  const next = structuredClone(current);
  for (const [key, given] of Object.entries(attributes)) {
    const was = next[key];
    next[key] = was ? combine(was, given) : structuredClone(given);
  }
  return next;
}

const increment = (was: unknown, by: unknown): number => {
  if (typeof was !== 'number') throw refuse(400, WRONG_TYPE);
  return was + (by as number);
};

const append = (was: unknown, items: unknown): unknown[] => {
  if (!Array.isArray(was)) throw refuse(400, WRONG_TYPE);
  return [...(was as unknown[]), ...(items as unknown[])];
};

function removeOne(root: JsonObject, path: string): void {
  const parts = pathParts(path);
  let node: unknown = root;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (!last && !child(node, part)) throw refuse(400, INVALID_PATH);
    if (!last) node = child(node, part);
    else if (Array.isArray(node)) node.splice(Number(part), 1);
    else if (isNode(node)) delete (node as Record<string, unknown>)[part];
  });
}

function applyRemove(current: JsonObject | undefined, paths: string[]): JsonObject {
  if (current === undefined) throw refuse(400, 'The specified key for remove operation does not exist in the data store');
  const next = structuredClone(current);
  for (const path of paths) removeOne(next, path);
  return next;
}

/** The CLI's checks of the action and its attributes, in its order. */
function checkAttributes(action: unknown, attributes: unknown): void {
  if (typeof action !== 'string' || !(UPDATE_ACTIONS as readonly string[]).includes(action)) throw refuse(400, `Invalid action ${String(action)} for update`);
  if (isBlank(attributes) || typeof attributes !== 'object') throw refuse(400, 'Attributes object cannot be empty and should be of type JSON or Array');
  const entries = Object.entries(attributes as object);
  if (action === 'remove') {
    if (!Array.isArray(attributes)) throw refuse(400, 'The attributes object passed to remove action should be of type array');
    if (attributes.some((path) => isBlank(path))) throw refuse(422, BLANK_PATH);
    return;
  }
  if (action === 'set') {
    if (entries.some(([path]) => path === '')) throw refuse(422, BLANK_PATH);
    return;
  }
  for (const [key, value] of entries) {
    if (key === '') throw refuse(400, BLANK_PATH);
    if (action === 'increment' && typeof value !== 'number') throw refuse(400, 'The value passed to increment should be of type number');
    if (action === 'append' && (!Array.isArray(value) || value.length === 0)) {
      throw refuse(400, 'The value passed to append should be of type array and should not be an empty array');
    }
  }
}

/** The record after the update; throws a PlatformRejection with the CLI's status and message when refused. */
export function applyDbUpdate(current: JsonObject | undefined, action: unknown, attributes: unknown): JsonObject {
  checkAttributes(action, attributes);
  if (action === 'remove') return applyRemove(current, attributes as string[]);
  const given = attributes as JsonObject;
  if (action === 'set') return applySet(current, given);
  if (current === undefined) return structuredClone(given);
  return applyTopLevel(current, given, action === 'increment' ? increment : append);
}
