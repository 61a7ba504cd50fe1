/** Building blocks for the page: elements with text content only (never HTML from data). */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className !== undefined) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  element.append(...children);
  return element;
}

export function table(caption: string, headings: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): HTMLTableElement {
  const head = el('tr', {}, ...headings.map((text) => el('th', { text })));
  head.querySelectorAll('th').forEach((th) => th.setAttribute('scope', 'col'));
  const body = el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((text) => el('td', { text })))));
  return el('table', { className: 'dx-table' }, el('caption', { text: caption }), el('thead', {}, head), body);
}
