/** `page` / `per_page` (default 30, max 100; more is a 400) and the `link: <…>; rel="next"` header. */
import { validationFailed, type FsAnswer } from './fs-errors.js';

export interface Page {
  page: number;
  perPage: number;
}

export function readPage(query: URLSearchParams, fixedPerPage?: number): Page | FsAnswer {
  const perPage = fixedPerPage ?? positiveInt(query.get('per_page') ?? '30');
  const page = positiveInt(query.get('page') ?? '1');
  if (perPage === undefined || perPage > 100) {
    return validationFailed([{ field: 'per_page', message: 'It should be a/an Positive Integer less than or equal to 100', code: 'invalid_value' }]);
  }
  if (page === undefined) return validationFailed([{ field: 'page', message: 'It should be a/an Positive Integer', code: 'invalid_value' }]);
  return { page, perPage };
}

function positiveInt(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

export function isAnswer(value: Page | FsAnswer): value is FsAnswer {
  return 'status' in value;
}

/** The page's items and, when more follow, the `link` header. */
export function paginate<T>(items: T[], page: Page, publicBase: string, path: string, query: URLSearchParams): { items: T[]; headers: Record<string, string> } {
  const start = (page.page - 1) * page.perPage;
  const slice = items.slice(start, start + page.perPage);
  if (start + page.perPage >= items.length) return { items: slice, headers: {} };
  const next = new URLSearchParams(query);
  next.set('page', String(page.page + 1));
  return { items: slice, headers: { link: `<${publicBase}${path}?${next.toString()}>; rel="next"` } };
}
