/**
 * The few Crayons v4 component methods the sidebar calls (node_modules/@freshworks/crayons/dist/docs.json):
 * fw-button setFocus, fw-modal open/close, fw-toast trigger. Each checks the component is defined, so
 * a page whose Crayons did not load still works (plain focus, no toast; the inline outcome stays).
 */
export type ToastType = 'success' | 'error' | 'warning' | 'inprogress';

interface FwButton extends HTMLElement {
  setFocus?: () => Promise<void>;
}
interface FwModal extends HTMLElement {
  open?: () => Promise<boolean>;
  close?: () => Promise<boolean>;
}
interface FwToast extends HTMLElement {
  trigger?: (options: { type: ToastType; content: string }) => Promise<void>;
}

function defined(node: HTMLElement): boolean {
  return customElements.get(node.tagName.toLowerCase()) !== undefined;
}

export function focusButton(node: HTMLElement): void {
  const button = node as FwButton;
  if (defined(node) && typeof button.setFocus === 'function') void button.setFocus();
  else node.focus();
}

export async function openModal(node: HTMLElement): Promise<boolean> {
  const modal = node as FwModal;
  if (!defined(node)) await customElements.whenDefined('fw-modal');
  return (await modal.open?.()) ?? false;
}

export function closeModal(node: HTMLElement): void {
  void (node as FwModal).close?.();
}

export function toast(node: HTMLElement, type: ToastType, content: string): void {
  const element = node as FwToast;
  if (!defined(node) || typeof element.trigger !== 'function') return;
  element.trigger({ type, content }).catch(() => undefined);
}
