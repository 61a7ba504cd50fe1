/**
 * $db.update semantics (fdk-platform.md §4.6): `set` with dot paths (nested), `increment` and
 * `append` at the top level (both create the record when absent), `remove` of a list of paths.
 * The platform is DynamoDB-backed; where the docs are silent (a `set` below a missing or
 * non-object parent) this refuses, as DynamoDB does, so the app does not rely on auto-created
 * parents (UNCONFIRMED; the stricter reading).
 */
import { isPlainObject, type JsonObject } from './json-value.js';
import { refuse } from './platform-rejection.js';

export type UpdateAction = 'set' | 'increment' | 'append' | 'remove';
export const UPDATE_ACTIONS: readonly UpdateAction[] = ['set', 'increment', 'append', 'remove'];

function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (path === '' || parts.some((part) => part === '')) throw refuse(400, `Invalid attribute path "${path}"`);
  return parts;
}

function parentOf(root: JsonObject, parts: string[], path: string): JsonObject {
  let node: JsonObject = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isPlainObject(next)) throw refuse(400, `The document path "${path}" is invalid for update: "${part}" is not an object`);
    node = next;
  }
  return node;
}

function attributesOf(attributes: unknown, action: UpdateAction): JsonObject {
  if (!isPlainObject(attributes) || Object.keys(attributes).length === 0) {
    throw refuse(400, `$db.update "${action}" needs a non-empty object of attributes`);
  }
  return attributes;
}

function topLevel(name: string, action: UpdateAction): string {
  if (name === '' || name.includes('.')) throw refuse(400, `$db.update "${action}" works on top-level attributes only, not "${name}"`);
  return name;
}

function applySet(current: JsonObject | undefined, attributes: unknown): JsonObject {
  if (current === undefined) throw refuse(404, 'Record not found');
  const next = structuredClone(current);
  for (const [path, value] of Object.entries(attributesOf(attributes, 'set'))) {
    const parts = splitPath(path);
    parentOf(next, parts, path)[parts[parts.length - 1] as string] = value;
  }
  return next;
}

function applyIncrement(current: JsonObject | undefined, attributes: unknown): JsonObject {
  const next = structuredClone(current ?? {});
  for (const [name, by] of Object.entries(attributesOf(attributes, 'increment'))) {
    const key = topLevel(name, 'increment');
    const was = next[key] ?? 0;
    if (typeof by !== 'number' || !Number.isFinite(by)) throw refuse(400, `$db.update "increment" needs a number for "${key}"`);
    if (typeof was !== 'number') throw refuse(400, `$db.update "increment": "${key}" is not a number`);
    next[key] = was + by;
  }
  return next;
}

function applyAppend(current: JsonObject | undefined, attributes: unknown): JsonObject {
  const next = structuredClone(current ?? {});
  for (const [name, items] of Object.entries(attributesOf(attributes, 'append'))) {
    const key = topLevel(name, 'append');
    const was = next[key] ?? [];
    if (!Array.isArray(items)) throw refuse(400, `$db.update "append" needs an array for "${key}"`);
    if (!Array.isArray(was)) throw refuse(400, `$db.update "append": "${key}" is not an array`);
    next[key] = [...(was as unknown[]), ...(items as unknown[])];
  }
  return next;
}

function applyRemove(current: JsonObject | undefined, paths: unknown): JsonObject {
  if (current === undefined) throw refuse(404, 'Record not found');
  if (!Array.isArray(paths) || paths.length === 0 || paths.some((path) => typeof path !== 'string')) {
    throw refuse(400, '$db.update "remove" needs a non-empty array of attribute paths');
  }
  const next = structuredClone(current);
  for (const path of paths as string[]) {
    const parts = splitPath(path);
    let node: unknown = next;
    for (const part of parts.slice(0, -1)) node = isPlainObject(node) ? node[part] : undefined;
    if (isPlainObject(node)) delete node[parts[parts.length - 1] as string];
  }
  return next;
}

/** The record after the update; throws a PlatformRejection (400/404) when the update is refused. */
export function applyDbUpdate(current: JsonObject | undefined, action: unknown, attributes: unknown): JsonObject {
  switch (action) {
    case 'set':
      return applySet(current, attributes);
    case 'increment':
      return applyIncrement(current, attributes);
    case 'append':
      return applyAppend(current, attributes);
    case 'remove':
      return applyRemove(current, attributes);
    default:
      throw refuse(400, `Invalid $db.update action "${String(action)}": use one of ${UPDATE_ACTIONS.join(', ')}`);
  }
}
