/**
 * The `GET /api/v2/tickets/filter?query="..."` language (docs/freshservice-facts.md §2.4):
 * `field:value`, `field:>value` (>=), `field:<value` (<=), AND / OR, parentheses, `null`,
 * numbers and 'quoted strings'; the whole query sits in double quotes, at most 512 chars.
 */
import type { FsState } from './fs-state.js';
import type { Ticket } from './types.js';

export type TicketPredicate = (ticket: Ticket) => boolean;

type Token = { kind: 'open' | 'close' | 'and' | 'or' } | { kind: 'term'; field: string; op: ':' | '>' | '<'; value: string | number | null };

const TERM = /^([a-z_][a-z0-9_]*):([<>]?)(null|-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.)*')/i;

export function parseFilterQuery(raw: string, state: FsState): TicketPredicate | string {
  if (raw.length > 514 || !/^".*"$/s.test(raw)) return 'The query should be enclosed in double quotes and be at most 512 characters';
  const tokens = tokenize(raw.slice(1, -1));
  if (typeof tokens === 'string') return tokens;
  const parser = new Parser(tokens, state);
  const predicate = parser.or();
  return parser.done() ? predicate : 'Invalid query syntax';
}

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const keyword = /^(AND|OR)\b/.exec(rest);
    const term = TERM.exec(rest);
    let consumed: number;
    if (rest[0] === '(' || rest[0] === ')') {
      tokens.push({ kind: rest[0] === '(' ? 'open' : 'close' });
      consumed = 1;
    } else if (keyword) {
      tokens.push({ kind: keyword[1] === 'AND' ? 'and' : 'or' });
      consumed = keyword[0].length;
    } else if (term) {
      tokens.push({ kind: 'term', field: (term[1] as string).toLowerCase(), op: (term[2] || ':') as ':' | '>' | '<', value: literal(term[3] as string) });
      consumed = term[0].length;
    } else {
      return `Invalid query near: ${rest.slice(0, 20)}`;
    }
    rest = rest.slice(consumed).trim();
  }
  return tokens;
}

function literal(text: string): string | number | null {
  if (text === 'null') return null;
  if (text.startsWith("'")) return text.slice(1, -1).replace(/\\'/g, "'");
  return Number(text);
}

class Parser {
  #at = 0;
  #failed = false;

  constructor(private readonly tokens: Token[], private readonly state: FsState) {}

  done(): boolean {
    return !this.#failed && this.#at === this.tokens.length;
  }

  or(): TicketPredicate {
    let left = this.and();
    while (this.tokens[this.#at]?.kind === 'or') {
      this.#at += 1;
      const right = this.and();
      const l = left;
      left = (t) => l(t) || right(t);
    }
    return left;
  }

  and(): TicketPredicate {
    let left = this.primary();
    while (this.tokens[this.#at]?.kind === 'and') {
      this.#at += 1;
      const right = this.primary();
      const l = left;
      left = (t) => l(t) && right(t);
    }
    return left;
  }

  primary(): TicketPredicate {
    const token = this.tokens[this.#at];
    this.#at += 1;
    if (token?.kind === 'open') {
      const inner = this.or();
      if (this.tokens[this.#at]?.kind !== 'close') this.#failed = true;
      this.#at += 1;
      return inner;
    }
    if (token?.kind !== 'term') {
      this.#failed = true;
      return () => false;
    }
    return termPredicate(token, this.state);
  }
}

function termPredicate(term: Extract<Token, { kind: 'term' }>, state: FsState): TicketPredicate {
  return (ticket) => {
    const values = fieldValues(term.field, ticket, state);
    return values.some((value) => compare(value, term.op, term.value));
  };
}

function fieldValues(field: string, ticket: Ticket, state: FsState): unknown[] {
  if (field === 'agent_id') return [ticket.responder_id];
  if (field === 'tag') return ticket.tags;
  if (field === 'email') return [state.requesters.get(ticket.requester_id)?.primary_email ?? null];
  if (field in ticket) return [(ticket as unknown as Record<string, unknown>)[field]];
  return [ticket.custom_fields[field] ?? null];
}

function compare(actual: unknown, op: ':' | '>' | '<', wanted: string | number | null): boolean {
  if (wanted === null) return actual === null || actual === undefined;
  if (op === ':') return typeof actual === 'string' && typeof wanted === 'string' ? actual.toLowerCase() === wanted.toLowerCase() : actual === wanted;
  const a = typeof actual === 'string' ? Date.parse(actual) : Number(actual);
  const w = typeof wanted === 'string' ? Date.parse(wanted) : wanted;
  if (Number.isNaN(a) || Number.isNaN(w)) return false;
  return op === '>' ? a >= w : a <= w;
}
