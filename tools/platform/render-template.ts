/**
 * Request-template substitution (docs/fdk-facts.md §3.2): `<%= iparam.x %>`, `<%= context.x %>` and
 * `<%= encode(EXPR) %>` (Base64 of UTF-8), where EXPR is a `+` concatenation of iparam.x,
 * context.x and quoted string literals.
 *
 * Who may put what where (strict: the table in §3.2 is clear):
 * | field   | iparams                | context                                   |
 * | host    | non-secure             | serverless code and the installation page |
 * | path    | non-secure             | any caller                                |
 * | headers | secure and non-secure  | serverless code and the installation page |
 * | query   | non-secure             | any caller                                |
 * A missing value (undefined, null, '') is an error. Every refusal rejects with status 400 and a
 * message naming the template and the field. `<%= access_token %>` (OAuth) is not supported here.
 */
import { refuse } from './platform-rejection.js';

export type TemplateField = 'host' | 'path' | 'headers' | 'query';
/** serverless: $request in server.js; installation: the settings page; frontend: any other app page. */
export type Caller = 'serverless' | 'installation' | 'frontend';

export interface TemplateSchema {
  method: string;
  protocol?: string;
  host: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface RequestTemplate {
  schema: TemplateSchema;
  options?: { maxAttempts?: number; retryDelay?: number; [other: string]: unknown };
}

export interface RenderInput {
  name: string;
  template: RequestTemplate;
  iparams: Readonly<Record<string, unknown>>;
  secure: ReadonlySet<string>;
  context: Readonly<Record<string, unknown>>;
  /** Run-time query parameters; keys defined in the template win. */
  query: Readonly<Record<string, unknown>>;
  caller: Caller;
}

export interface PreparedRequest {
  method: string;
  protocol: 'http' | 'https';
  host: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

interface Site {
  input: RenderInput;
  field: TemplateField;
  label: string;
}

const PLACEHOLDER = /<%=\s*([\s\S]*?)\s*%>/g;
const IPARAM = /^iparam\.([A-Za-z_$][\w$-]*)$/;
const CONTEXT = /^context\.([A-Za-z_$][\w$-]*)$/;
const LITERAL = /^'([^']*)'$|^"([^"]*)"$/;
const ENCODE = /^encode\(([\s\S]*)\)$/;
const FQDN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function fail(site: Site, why: string): never {
  throw refuse(400, `Request template "${site.input.name}": ${site.label}: ${why}`, { errorSource: 'PLATFORM' });
}

function text(value: unknown, site: Site, what: string): string {
  if (value === undefined || value === null || value === '') fail(site, `${what} has no value`);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return fail(site, `${what} must be a string or a number`);
}

function iparamValue(name: string, site: Site): string {
  if (site.input.secure.has(name) && site.field !== 'headers') {
    fail(site, `the secure iparam "${name}" may only be used in headers`);
  }
  return text(site.input.iparams[name], site, `iparam.${name}`);
}

function contextValue(name: string, site: Site): string {
  const contextOnlyServer = site.field === 'host' || site.field === 'headers';
  if (contextOnlyServer && site.input.caller === 'frontend') {
    fail(site, `context.${name} cannot fill the ${site.field} from the front end (only serverless code and the installation page may)`);
  }
  return text(site.input.context[name], site, `context.${name}`);
}

function operand(token: string, site: Site): string {
  const literal = LITERAL.exec(token);
  if (literal) return literal[1] ?? literal[2] ?? '';
  const iparam = IPARAM.exec(token);
  if (iparam) return iparamValue(iparam[1] as string, site);
  const context = CONTEXT.exec(token);
  if (context) return contextValue(context[1] as string, site);
  if (token === 'access_token') fail(site, 'OAuth (access_token) is not supported by the local platform');
  return fail(site, `unsupported expression "${token}"`);
}

/** Splits on `+` outside quotes. */
function operands(expression: string, site: Site): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of expression) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      current += char;
    } else if (char === '+') {
      parts.push(current.trim());
      current = '';
    } else {
      if (char === "'" || char === '"') quote = char;
      current += char;
    }
  }
  parts.push(current.trim());
  if (quote !== undefined || parts.some((part) => part === '')) fail(site, `malformed expression "${expression}"`);
  return parts;
}

function evaluate(expression: string, site: Site): string {
  const encoded = ENCODE.exec(expression);
  const inner = encoded ? (encoded[1] as string).trim() : expression;
  const value = operands(inner, site)
    .map((token) => operand(token, site))
    .join('');
  return encoded ? Buffer.from(value, 'utf8').toString('base64') : value;
}

function substitute(raw: string, site: Site): string {
  if (raw.replace(PLACEHOLDER, '').includes('<%')) fail(site, 'malformed <%= … %> placeholder');
  return raw.replace(PLACEHOLDER, (_match, expression: string) => evaluate(expression.trim(), site));
}

function renderMap(map: Record<string, string> | undefined, input: RenderInput, field: TemplateField): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(map ?? {})) {
    const value = substitute(String(raw), { input, field, label: `${field}.${key}` });
    if (field === 'headers' && /[\r\n]/.test(value)) fail({ input, field, label: `headers.${key}` }, 'a header value cannot contain line breaks');
    out[key] = value;
  }
  return out;
}

function runtimeQuery(input: RenderInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.query)) {
    out[key] = text(value, { input, field: 'query', label: `query.${key}` }, `the run-time query parameter "${key}"`);
  }
  return out;
}

function renderHost(input: RenderInput): string {
  const site: Site = { input, field: 'host', label: 'host' };
  const host = substitute(input.template.schema.host, site);
  const ipLike = /^[\d.]+$/.test(host) || host.includes(':');
  if (!FQDN.test(host) || ipLike) fail(site, `"${host}" is not a fully qualified domain name (no scheme, port, path or IP address)`);
  return host.toLowerCase();
}

function renderPath(input: RenderInput): string {
  const site: Site = { input, field: 'path', label: 'path' };
  const path = substitute(input.template.schema.path ?? '/', site);
  // Messages about the path never echo it: a context value there may be a secret (a webhook token).
  if (!path.startsWith('/')) fail(site, 'the path must start with "/"');
  if (/[\s#?]/.test(path)) fail(site, 'the path cannot contain spaces, "?" or "#" (use query)');
  return path;
}

/** Substitutes a template for one call; throws a PlatformRejection (400) naming template and field. */
export function renderTemplate(input: RenderInput): PreparedRequest {
  const { schema } = input.template;
  return {
    method: schema.method.toUpperCase(),
    protocol: schema.protocol === 'http' ? 'http' : 'https',
    host: renderHost(input),
    path: renderPath(input),
    query: { ...runtimeQuery(input), ...renderMap(schema.query, input, 'query') },
    headers: renderMap(schema.headers, input, 'headers'),
  };
}
