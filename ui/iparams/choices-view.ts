/**
 * The account's names as choices: each select marked data-choices="statuses" | "types" |
 * "sources" | "groups" offers the account's names, keeping whatever it holds (a name the account
 * does not have stays, and the account check then names it). Names are option text, never HTML.
 */
import { offerNames, type CrayonsControl } from './crayons-controls.js';
import type { AccountChoices } from './freshservice-check.js';

/** Offers the names now, or once the admin leaves the select: new options while they type would reset its list. */
function offerWhenIdle(doc: Document, control: CrayonsControl, names: ReadonlyArray<string>): void {
  if (doc.activeElement !== control) {
    offerNames(control, names);
    return;
  }
  control.addEventListener('fwBlur', () => offerNames(control, names), { once: true });
}

export function renderChoices(doc: Document, choices: AccountChoices): void {
  for (const control of doc.querySelectorAll<CrayonsControl>('fw-select[data-choices]')) {
    const kind = control.dataset['choices'] as keyof AccountChoices;
    offerWhenIdle(doc, control, choices[kind] ?? []);
  }
}
