/** Plain text from Freshservice's HTML descriptions: no tags, no scripts, entities decoded, whitespace tidy. */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** A numeric character reference; 0 and values beyond U+10FFFF (which fromCodePoint rejects) become a space. */
function codePoint(value: number): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : ' ';
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return codePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#') && lower !== '#39') return codePoint(Number(lower.slice(1)));
    return ENTITIES[lower] ?? whole;
  });
}

const BLOCK_OPEN = /<(script|style|head|template)\b/gi;

/**
 * Drops script, style, head and template elements with their content, in one pass: each opener's
 * close is looked for once, and an element never closed runs to the end (a lazy regex over
 * thousands of unclosed `<style` took seconds).
 */
function stripBlocks(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let from = 0;
  BLOCK_OPEN.lastIndex = 0;
  for (let open = BLOCK_OPEN.exec(html); open !== null; open = BLOCK_OPEN.exec(html)) {
    parts.push(html.slice(from, open.index), ' ');
    const close = lower.indexOf(`</${(open[1] as string).toLowerCase()}`, BLOCK_OPEN.lastIndex);
    const end = close < 0 ? -1 : lower.indexOf('>', close);
    if (end < 0) return parts.join('');
    from = end + 1;
    BLOCK_OPEN.lastIndex = from;
  }
  parts.push(html.slice(from));
  return parts.join('');
}

export function htmlToText(html: string): string {
  const withoutBlocks = stripBlocks(html)
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6]|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(withoutBlocks)
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cuts text to at most `max` characters on a code-point boundary, marking the cut. */
export function trimText(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Escapes text for the HTML body of a Freshservice note. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
