/**
 * The admin diagnostics page (full_page_app, app/diagnostics.html), built to app/scripts/diagnostics.js:
 * loads the DiagnosticsView through the getDiagnostics server method and shows each part.
 * It loads when the client is ready and again each time the page is activated or Refresh is pressed;
 * a load in progress is shared, so activation right after start-up costs no second call.
 */
import { BUSY_STATUS, type DiagnosticsView } from '../../server/src/methods/view-types.js';
import { loadDiagnostics, LoadFailure, type DiagnosticsClient } from './diagnostics-client.js';
import { formatDateTime } from './format.js';
import { renderCounts, renderErrors, renderQueue } from './render-activity.js';
import { renderCallback, renderHealth } from './render-setup.js';

function byId(id: string): HTMLElement | null {
  return document.getElementById(id);
}

function say(text: string, tone: 'busy' | 'bad' | ''): void {
  const status = byId('dx-status');
  if (status === null) return;
  status.textContent = text;
  status.dataset['tone'] = tone;
  status.hidden = text === '';
}

function fill(id: string, content: HTMLElement): void {
  byId(id)?.replaceChildren(content);
}

function render(view: DiagnosticsView): void {
  fill('dx-health', renderHealth(view.health));
  fill('dx-callback', renderCallback(view.callback, view.counts));
  fill('dx-counts', renderCounts(view.counts));
  fill('dx-queue', renderQueue(view.queue, Date.now()));
  fill('dx-errors', renderErrors(view.lastErrors));
  const updated = byId('dx-updated');
  if (updated !== null) updated.textContent = `As of ${formatDateTime(view.generatedAt)}`;
  const content = byId('dx-content');
  if (content !== null) content.hidden = false;
  say('', '');
}

function explain(failure: unknown): string {
  const why = failure instanceof LoadFailure ? failure.message : 'something went wrong in the page';
  return `Could not load the diagnostics: ${why.replace(/[.\s]+$/, '')}. Press Refresh to try again.`;
}

/** The load in progress, if any: a second press of Refresh joins it. */
const inFlight: { load?: Promise<void> | undefined } = {};

/** When the page last showed the app's answer (ms), for "showing the diagnostics as of". */
const shown: { at?: number; retry?: ReturnType<typeof setTimeout> } = {};

const BUSY_RETRY_MS = 20_000;

/** A refused read (the platform's minute budget spent): keep what is on screen, say so, try again quietly. */
function busy(client: DiagnosticsClient): void {
  const asOf = shown.at === undefined ? '' : ` — showing the diagnostics as of ${new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(shown.at)}`;
  say(`The app is busy${asOf}. It checks again by itself in a moment.`, 'busy');
  clearTimeout(shown.retry);
  shown.retry = setTimeout(() => void reload(client), BUSY_RETRY_MS);
}

async function load(client: DiagnosticsClient): Promise<void> {
  const refresh = byId('dx-refresh');
  refresh?.setAttribute('disabled', '');
  say('Loading the diagnostics…', 'busy');
  try {
    render(await loadDiagnostics(client));
    shown.at = Date.now();
  } catch (failure) {
    if (failure instanceof LoadFailure && failure.status === BUSY_STATUS) busy(client);
    else say(explain(failure), 'bad');
  } finally {
    refresh?.removeAttribute('disabled');
  }
}

function reload(client: DiagnosticsClient): Promise<void> {
  inFlight.load ??= load(client).finally(() => {
    inFlight.load = undefined;
  });
  return inFlight.load;
}

async function start(): Promise<void> {
  if (typeof app === 'undefined') {
    say('This page is not connected to Freshservice (the app client did not load). Reload the page.', 'bad');
    return;
  }
  const client = (await app.initialized()) as DiagnosticsClient;
  byId('dx-refresh')?.addEventListener('click', () => void reload(client));
  client.events?.on('app.activated', () => void reload(client));
  await reload(client);
}

start().catch(() => say('This page could not start. Reload the page.', 'bad'));
