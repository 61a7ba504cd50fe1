/**
 * The set-up half of the page: configuration health (each problem with its fix) and the
 * callback URL, with the steps to register it in SIGNL4 by hand when the app could not.
 */
import type { DiagnosticsView } from '../../server/src/methods/view-types.js';
import { el } from './dom.js';

export function renderHealth(health: DiagnosticsView['health']): HTMLElement {
  if (health.ok && health.problems.length === 0) {
    return el('p', { className: 'dx-ok', text: 'All settings valid.' });
  }
  const count = health.problems.length;
  return el(
    'div',
    { className: 'dx-bad-box' },
    el('p', { className: 'dx-bad', text: count === 1 ? 'One setting needs fixing:' : `${count} settings need fixing:` }),
    el('ul', { className: 'dx-problems' }, ...health.problems.map((problem) => el('li', { text: problem.message }))),
    el('p', {
      className: 'dx-help',
      text: 'Fix them in Freshservice under Admin → Apps → SIGNL4 for Freshservice → Settings. Until then the app sends nothing to SIGNL4.',
    }),
  );
}

const MANUAL_STEPS: ReadonlyArray<string> = [
  'Open the SIGNL4 portal of your team and go to Integrations → Gallery.',
  'Choose "Webhook (Outbound)".',
  'Enter a name, for example "Freshservice", and paste the callback URL above into the URL field.',
  'Press Install. From then on acknowledgements and closes in SIGNL4 reach the tickets.',
];

function manualSteps(intro: string): HTMLElement {
  return el(
    'div',
    { className: 'dx-steps' },
    el('p', { text: intro }),
    el('ol', {}, ...MANUAL_STEPS.map((step) => el('li', { text: step }))),
  );
}

async function copyText(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input.select();
    return document.execCommand('copy');
  }
}

function urlRow(url: string): HTMLElement {
  const input = el('input', { className: 'dx-url' });
  input.type = 'text';
  input.readOnly = true;
  input.value = url;
  input.id = 'dx-callback-url';
  input.setAttribute('aria-label', 'Callback URL');
  const button = el('button', { className: 'secondary', text: 'Copy' });
  button.type = 'button';
  button.id = 'dx-copy';
  const said = el('span', { className: 'dx-copied' });
  said.setAttribute('role', 'status');
  const byHand = 'Select the URL and copy it with Ctrl+C.';
  button.addEventListener('click', () => {
    copyText(url, input)
      .then((ok) => {
        said.textContent = ok ? 'Copied.' : byHand;
      })
      .catch(() => {
        said.textContent = byHand;
      });
  });
  return el('div', { className: 'dx-url-row' }, input, button, said);
}

/** Callbacks arriving prove SIGNL4 knows the URL, however it was registered. */
function callbacksArrive(counts: DiagnosticsView['counts'] | undefined): number {
  return counts === undefined ? 0 : counts.callbacksApplied + counts.callbacksRejected;
}

function registration(callback: DiagnosticsView['callback'], counts?: DiagnosticsView['counts']): HTMLElement {
  const arrived = callbacksArrive(counts);
  if (callback.registration !== 'api' && arrived > 0) {
    return el('p', { className: 'dx-ok', text: `SIGNL4 is sending callbacks to this URL (${arrived} received so far), so it is registered there. Nothing to do.` });
  }
  return registrationByRecord(callback);
}

function registrationByRecord(callback: DiagnosticsView['callback']): HTMLElement {
  if (callback.registration === 'api') {
    const id = callback.webhookId === undefined ? '' : ` (webhook id ${callback.webhookId})`;
    return el('p', { className: 'dx-ok', text: `Registered in SIGNL4 with your SIGNL4 API key${id}. Nothing to do.` });
  }
  if (callback.registration === 'pending') {
    const when = callback.detail === undefined ? ' The app registers it with your SIGNL4 API key in a few minutes.' : ` ${callback.detail}`;
    return el('p', { className: 'dx-warn', text: `Not registered in SIGNL4 yet.${when} Until then SIGNL4 sends no acknowledgements or closes to the app. Nothing to do.` });
  }
  if (callback.registration === 'failed') {
    const why = callback.detail === undefined ? '' : ` ${callback.detail}`;
    return manualSteps(`Registering it with your SIGNL4 API key failed.${why} Register it by hand:`);
  }
  return manualSteps('No SIGNL4 API key is set, so register the URL in SIGNL4 by hand:');
}

export function renderCallback(callback: DiagnosticsView['callback'], counts?: DiagnosticsView['counts']): HTMLElement {
  if (callback.url === undefined || callback.url === '') {
    return el('p', {
      className: 'dx-bad',
      text: 'The callback URL is not available yet. The app creates it when it is installed; if this stays, reinstall the app.',
    });
  }
  return el('div', {}, urlRow(callback.url), registration(callback, counts));
}
