/**
 * config/requests.json beyond its schema (docs/fdk-facts.md §3): hosts are bare domain names (or one
 * <%= context.x %> / <%= iparam.x %> substitution) without scheme, path, trailing slash, port or IP
 * address; https unless explicitly http (which blocks packing); secure installation parameters only
 * in headers, never in host, path or query; manifest and requests.json declare the same templates.
 */
import { isRecord, recordAt, type AppTree } from './app-tree.js';
import { error, jsonPath, warning, type Problem } from './problem.js';

export const REQUESTS_FILE = 'config/requests.json';
const SUBSTITUTION = /<%=\s*(context|iparam)\.([A-Za-z0-9_]+)\s*%>/;
const ANY_TAG = /<%[\s\S]*?%>/g;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const FQDN = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+[A-Za-z]{2,63}$`);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

interface HostIssue {
  message: string;
  fix: string;
}

const BARE = 'write only the host name, e.g. "connect.signl4.com"';

function shapeIssues(host: string): HostIssue[] {
  const issues: HostIssue[] = [];
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(host)) issues.push({ message: `"${host}" has a scheme`, fix: `${BARE}; the protocol goes in schema.protocol (https is the default)` });
  const rest = host.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  if (rest.endsWith('/')) issues.push({ message: `"${host}" ends with a slash`, fix: `${BARE}, without the trailing "/"` });
  else if (rest.includes('/')) issues.push({ message: `"${host}" contains a path`, fix: `${BARE}; move the path into schema.path` });
  return issues;
}

function nameIssues(host: string): HostIssue[] {
  const tags = host.match(ANY_TAG) ?? [];
  if (tags.length > 1 || (tags.length === 1 && !SUBSTITUTION.test(tags[0] ?? ''))) {
    return [{ message: `"${host}" is not a bare host name or a single substitution`, fix: 'use one <%= context.name %> or <%= iparam.name %> substitution, or a fixed domain name' }];
  }
  if (tags.length === 1 && host.trim() === tags[0]) return [];
  const name = host.replace(ANY_TAG, 'sub');
  if (/:\d+$/.test(name)) return [{ message: `"${host}" has a port`, fix: `${BARE}; request templates use the default port` }];
  if (IPV4.test(name) || name.includes(':')) return [{ message: `"${host}" is an IP address`, fix: 'use a domain name; IP addresses are not allowed' }];
  return FQDN.test(name) ? [] : [{ message: `"${host}" is not a fully qualified domain name`, fix: BARE }];
}

export function hostIssues(host: string): HostIssue[] {
  const shape = shapeIssues(host);
  return shape.length > 0 ? shape : nameIssues(host);
}

function secureUses(value: unknown, secure: ReadonlySet<string>): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  const found: string[] = [];
  for (const match of text.matchAll(/iparam\.([A-Za-z0-9_]+)/g)) if (match[1] !== undefined && secure.has(match[1])) found.push(match[1]);
  return [...new Set(found)];
}

function templateProblems(name: string, template: unknown, secure: ReadonlySet<string>): Problem[] {
  const schema = recordAt(template, 'schema');
  const problems: Problem[] = [];
  const path = (...rest: string[]): string => jsonPath([name, 'schema', ...rest]);
  if (typeof schema['host'] === 'string') {
    for (const issue of hostIssues(schema['host'])) problems.push(error(REQUESTS_FILE, path('host'), issue.message, issue.fix));
  }
  if (schema['protocol'] === 'http') {
    problems.push(warning(REQUESTS_FILE, path('protocol'), 'is http, which works only with fdk run and blocks fdk pack', 'use https (or leave protocol out)', true));
  }
  for (const field of ['host', 'path', 'query']) {
    for (const iparam of secureUses(schema[field], secure)) {
      problems.push(
        error(REQUESTS_FILE, path(field), `uses the secure installation parameter "${iparam}"`, 'secure parameters reach templates only through headers; pass the value from serverless code as <%= context.x %> instead'),
      );
    }
  }
  return problems;
}

function declarationProblems(tree: AppTree): Problem[] {
  const inManifest = Object.keys(recordAt(tree.manifest, 'modules', 'common', 'requests'));
  const inFile = Object.keys(recordAt(tree.requests));
  const problems: Problem[] = [];
  for (const name of inManifest.filter((n) => !inFile.includes(n))) {
    problems.push(error('manifest.json', jsonPath(['modules', 'common', 'requests', name]), `is not defined in ${REQUESTS_FILE}`, `add a "${name}" template to ${REQUESTS_FILE}, or remove it here`));
  }
  for (const name of inFile.filter((n) => !inManifest.includes(n))) {
    problems.push(warning(REQUESTS_FILE, jsonPath([name]), 'is not listed in manifest.json modules.common.requests, so the app cannot invoke it', `add "${name}": {} to modules.common.requests, or delete the template`));
  }
  return problems;
}

export function checkRequests(tree: AppTree, secure: ReadonlySet<string>): Problem[] {
  const problems = declarationProblems(tree);
  if (!isRecord(tree.requests)) return problems;
  for (const [name, template] of Object.entries(tree.requests)) problems.push(...templateProblems(name, template, secure));
  return problems;
}
