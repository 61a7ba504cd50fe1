/**
 * The Crayons v4 controls of config/iparams.html, read and written the way their documentation
 * (node_modules/@freshworks/crayons/dist/docs.json) describes them: fw-input `value` (a string),
 * fw-select `value` (an array with `multiple`, else a string; set through its options' `selected`
 * flags, because fw-select has no watcher on `value` and drops values that are not among its
 * options), fw-toggle `checked`. Their events are fwInput (fw-input) and fwChange (fw-select,
 * fw-toggle). Each setting's control carries the setting's key as its id.
 */

export type ControlKind = 'input' | 'select' | 'multi' | 'toggle';

interface SelectOption {
  text: string;
  value: string;
  selected?: boolean;
}

/** The properties this page uses of fw-input, fw-select and fw-toggle (docs.json). */
export interface CrayonsControl extends HTMLElement {
  value?: unknown;
  checked?: boolean;
  label?: string;
  options?: SelectOption[];
  state?: 'normal' | 'error' | 'warning';
  errorText?: string;
  creatableProps?: { isCreatable: boolean; validateNewOption: (value: string) => boolean; formatCreateLabel: (label: string) => string };
  setFocus?: () => Promise<unknown>;
  componentOnReady?: () => Promise<unknown>;
}

export function kindOf(element: Element | null): ControlKind | undefined {
  switch (element?.tagName.toLowerCase()) {
    case 'fw-input':
      return 'input';
    case 'fw-toggle':
      return 'toggle';
    case 'fw-select':
      return element.hasAttribute('multiple') ? 'multi' : 'select';
    default:
      return undefined;
  }
}

export function controlOf(doc: Document, key: string): CrayonsControl | undefined {
  const element = doc.getElementById(key);
  return kindOf(element) === undefined ? undefined : (element as CrayonsControl);
}

/** The names in a list value: an array, or names separated by commas (saved settings may hold either). */
export function namesOf(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return raw.map((name) => name.trim()).filter((name) => name !== '');
}

/** The control's value as it leaves the page: strings for fw-input and single fw-select, names for multiple, a boolean for fw-toggle. */
export function readControl(control: CrayonsControl): unknown {
  const kind = kindOf(control);
  if (kind === 'toggle') return control.checked === true;
  if (kind === 'multi') return namesOf(control.value);
  const value = control.value;
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
}

/** The options a select offers now (its `options`, or its fw-select-option children before it loaded). */
function offered(control: CrayonsControl): SelectOption[] {
  if (Array.isArray(control.options)) return control.options.map(({ text, value }) => ({ text, value }));
  return [...control.querySelectorAll('fw-select-option')].map((option) => ({
    text: option.textContent?.trim() ?? '',
    value: option.getAttribute('value') ?? '',
  }));
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Offers `names` (the account's, when known) plus whatever the select holds or is given, and
 * selects `chosen`. A name already offered keeps its spelling and text.
 */
function setOptions(control: CrayonsControl, names: ReadonlyArray<string>, chosen: ReadonlyArray<string>): void {
  const options = offered(control);
  for (const name of [...names, ...chosen]) {
    if (!options.some((option) => same(option.value, name))) options.push({ text: name, value: name });
  }
  const isChosen = (option: SelectOption): boolean => chosen.some((name) => same(name, option.value));
  control.value = kindOf(control) === 'multi' ? options.filter(isChosen).map((o) => o.value) : (options.find(isChosen)?.value ?? '');
  control.options = options.map((option) => ({ ...option, selected: isChosen(option) }));
}

export function writeControl(control: CrayonsControl, value: unknown): void {
  const kind = kindOf(control);
  if (kind === 'toggle') control.checked = value === true;
  else if (kind === 'input') control.value = Array.isArray(value) ? value.join(', ') : String(value ?? '');
  else setOptions(control, [], namesOf(value));
}

/** Offers the account's names in a select, keeping what it holds. */
export function offerNames(control: CrayonsControl, names: ReadonlyArray<string>): void {
  setOptions(control, names, namesOf(readControl(control)));
}

/** Lets the admin type a name that is not offered (Enter adds it): names from other workspaces, or before the key is checked. */
export function allowTypedNames(control: CrayonsControl): void {
  control.creatableProps = { isCreatable: true, validateNewOption: (name) => name.trim() !== '', formatCreateLabel: (name) => `Use "${name}"` };
}

/** The control's own label (fw-input, fw-select and fw-toggle all have `label`). */
export function labelText(control: CrayonsControl): string {
  return (control.label ?? control.getAttribute('label') ?? '').trim();
}

export function focusControl(control: CrayonsControl): void {
  if (typeof control.setFocus !== 'function') {
    control.focus();
    return;
  }
  control.setFocus().then(
    () => undefined,
    () => {
      control.focus();
    },
  );
}

/** Resolves once every Crayons control of the page is defined (the module loads after this script). */
export function crayonsReady(tags: ReadonlyArray<string>): Promise<void> {
  if (typeof customElements === 'undefined') return Promise.resolve();
  return Promise.all(tags.map((tag) => customElements.whenDefined(tag))).then(() => undefined);
}
