/**
 * The account's names as choices: under each list field (data-choices="statuses" | "types" |
 * "sources" | "groups") a row of toggle buttons that add or remove a name in the field's text,
 * and a datalist of statuses for the single-status fields. The text field stays the one truth.
 */
import type { AccountChoices } from './freshservice-check.js';

function namesOf(input: HTMLInputElement): string[] {
  return input.value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function has(names: ReadonlyArray<string>, name: string): boolean {
  return names.some((n) => n.toLowerCase() === name.toLowerCase());
}

function toggle(input: HTMLInputElement, name: string): void {
  const names = namesOf(input);
  const next = has(names, name) ? names.filter((n) => n.toLowerCase() !== name.toLowerCase()) : [...names, name];
  input.value = next.join(', ');
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function syncPressed(input: HTMLInputElement, container: HTMLElement): void {
  const names = namesOf(input);
  for (const button of container.querySelectorAll<HTMLButtonElement>('button')) {
    button.setAttribute('aria-pressed', String(has(names, button.dataset['name'] ?? '')));
  }
}

function chip(doc: Document, input: HTMLInputElement, name: string): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'chip';
  button.dataset['name'] = name;
  button.textContent = name;
  button.addEventListener('click', () => toggle(input, name));
  return button;
}

function renderField(doc: Document, input: HTMLInputElement, names: ReadonlyArray<string>): void {
  const container = doc.getElementById(`${input.id}-choices`);
  if (container === null) return;
  container.replaceChildren(...names.map((name) => chip(doc, input, name)));
  container.setAttribute('role', 'group');
  const label = doc.querySelector(`label[for="${input.id}"]`)?.textContent?.trim() ?? input.id;
  container.setAttribute('aria-label', `${label}: choices from your account`);
  container.hidden = names.length === 0;
  syncPressed(input, container);
  if (input.dataset['choicesBound'] !== 'true') {
    input.dataset['choicesBound'] = 'true';
    input.addEventListener('input', () => syncPressed(input, container));
  }
}

function renderStatusList(doc: Document, statuses: ReadonlyArray<string>): void {
  const list = doc.getElementById('fs-statuses');
  if (list === null) return;
  list.replaceChildren(
    ...statuses.map((status) => {
      const option = doc.createElement('option');
      option.value = status;
      return option;
    }),
  );
}

export function renderChoices(doc: Document, choices: AccountChoices): void {
  for (const input of doc.querySelectorAll<HTMLInputElement>('input[data-choices]')) {
    const kind = input.dataset['choices'] as keyof AccountChoices;
    renderField(doc, input, choices[kind] ?? []);
  }
  renderStatusList(doc, choices.statuses);
}
