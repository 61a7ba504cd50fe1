/**
 * The request methods of platform 2.x that took a URL (`client.request.get(url, options)`,
 * `$request.post(url, options)`, ...). CLI 6.9 sends them through its dprouter proxy route
 * (hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/api/proxy.js`); platform 2.3 replaced them by request
 * templates and `invokeTemplate` (freshworks-developers/request-method-samples `UserGuide.md`).
 */
import type * as ESTree from 'estree';
import { memberPath } from './member-path.js';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** 'client.request.get', '$request.post', ... for such a call; undefined otherwise. */
export function requestMethodCall(node: ESTree.CallExpression): string | undefined {
  const path = memberPath(node.callee);
  const verb = path[path.length - 1] ?? '';
  if (!VERBS.has(verb)) return undefined;
  const isServer = path.length === 2 && path[0] === '$request';
  const isClient = path.length >= 3 && path[path.length - 2] === 'request';
  return isServer || isClient ? path.join('.') : undefined;
}
