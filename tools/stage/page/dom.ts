/// <reference lib="dom" />
/** DOM helpers of the stage page: text goes in through textContent only. */

interface Props {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: Node[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`stage page lacks #${id}`);
  return node as T;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

export function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : clockFormat.format(date);
}

export function toast(text: string, tone: string): void {
  const node = el('div', { className: `toast ${tone}`, text });
  byId('toasts').append(node);
  window.setTimeout(() => node.remove(), 5000);
}

export function options(select: HTMLSelectElement, values: readonly string[], chosen?: string): void {
  select.replaceChildren(...values.map((value) => el('option', { text: value, attrs: { value } })));
  if (chosen !== undefined && values.includes(chosen)) select.value = chosen;
}
