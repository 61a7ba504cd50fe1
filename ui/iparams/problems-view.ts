/**
 * Shows problems where the admin looks: each message at its field (a Crayons control in its error
 * state with the message as its errorText, which Crayons ties to the input with aria-describedby;
 * a fw-toggle, which has no error text, gets the page's own message element), and a summary at the
 * top that links to each field. Text goes into the DOM as text only.
 */
import { controlOf, focusControl, kindOf, type CrayonsControl } from './crayons-controls.js';
import type { FieldProblem } from './settings-check.js';

function errorElement(doc: Document, field: string): HTMLElement | null {
  return doc.getElementById(`${field}-error`);
}

function hasErrorText(control: CrayonsControl | undefined): control is CrayonsControl {
  const kind = kindOf(control ?? null);
  return kind !== undefined && kind !== 'toggle';
}

export function clearProblem(doc: Document, field: string): void {
  const error = errorElement(doc, field);
  if (error !== null) {
    error.textContent = '';
    error.hidden = true;
  }
  const control = controlOf(doc, field);
  if (hasErrorText(control)) {
    control.state = 'normal';
    control.errorText = '';
  }
  control?.removeAttribute('aria-invalid');
  doc.querySelector(`[data-field="${field}"]`)?.classList.remove('invalid');
}

function showAtField(doc: Document, problem: FieldProblem): boolean {
  const control = controlOf(doc, problem.field);
  const error = errorElement(doc, problem.field);
  if (hasErrorText(control)) {
    control.errorText = problem.message;
    control.state = 'error';
  } else if (error !== null) {
    error.textContent = problem.message;
    error.hidden = false;
    doc.getElementById(problem.field)?.setAttribute('aria-invalid', 'true');
  } else {
    return false;
  }
  doc.querySelector(`[data-field="${problem.field}"]`)?.classList.add('invalid');
  return true;
}

/** The message shown at a field now ('' when none): the control's errorText, or the page's message element. */
export function problemAt(doc: Document, field: string): string {
  const control = controlOf(doc, field);
  if (hasErrorText(control)) return control.state === 'error' ? (control.errorText ?? '') : '';
  const error = errorElement(doc, field);
  return error === null || error.hidden ? '' : (error.textContent ?? '');
}

/** One field's message on its own (the summary stays as the last validate() left it). */
export function showFieldProblem(doc: Document, field: string, message: string | undefined): void {
  clearProblem(doc, field);
  if (message !== undefined) showAtField(doc, { field, message });
}

function focusField(doc: Document, field: string): void {
  const control = controlOf(doc, field);
  if (control !== undefined) focusControl(control);
}

function summaryItem(doc: Document, problem: FieldProblem, label: string, onField: boolean): HTMLLIElement {
  const item = doc.createElement('li');
  if (!onField) {
    item.textContent = problem.message;
    return item;
  }
  const link = doc.createElement('a');
  link.href = `#${problem.field}`;
  link.textContent = problem.message.startsWith(label) ? problem.message : `${label}: ${problem.message}`;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    focusField(doc, problem.field);
  });
  item.append(link);
  return item;
}

function renderSummary(doc: Document, items: HTMLLIElement[], focus: boolean): void {
  const summary = doc.getElementById('problem-summary');
  const title = doc.getElementById('problem-summary-title');
  const list = doc.getElementById('problem-summary-list');
  if (summary === null || title === null || list === null) return;
  list.replaceChildren(...items);
  title.textContent = items.length === 1 ? '1 setting needs attention' : `${items.length} settings need attention`;
  summary.hidden = items.length === 0;
  if (focus && items.length > 0) summary.focus();
}

/** Problems in the order their fields appear on the page (those without a field last). */
function inPageOrder(doc: Document, problems: ReadonlyArray<FieldProblem>): FieldProblem[] {
  const position = (problem: FieldProblem): Node | null => doc.getElementById(problem.field);
  return [...problems].sort((a, b) => {
    const [first, second] = [position(a), position(b)];
    if (first === null || second === null) return Number(first === null) - Number(second === null);
    return first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}

/**
 * Replaces whatever was shown before; an empty list clears the page. `focus`: move focus to the
 * summary (after Install); checks in the background while the admin types leave focus alone.
 */
export function showProblems(
  doc: Document,
  fields: ReadonlyArray<string>,
  problems: ReadonlyArray<FieldProblem>,
  labelOf: (field: string) => string,
  focus = true,
): void {
  for (const field of fields) clearProblem(doc, field);
  const items = inPageOrder(doc, problems).map((problem) => summaryItem(doc, problem, labelOf(problem.field), showAtField(doc, problem)));
  renderSummary(doc, items, focus);
}
