/// <reference lib="dom" />
/**
 * The stage page: tabs (ARIA tabs: click, or arrow keys, Home and End on the tab list), the "Try it"
 * steps, and a once-a-second refresh of tickets, Signls, faults, the log and the install state.
 */
import { api } from './api.js';
import { Desk } from './desk.js';
import { byId, el } from './dom.js';
import { FaultsPanel } from './faults-panel.js';
import { LogView } from './log-view.js';
import { Phone } from './phone.js';
import { SettingsTab } from './settings-tab.js';

const TABS = ['desk', 'settings', 'diagnostics'] as const;
type Tab = (typeof TABS)[number];

async function main(): Promise<void> {
  const meta = await api.meta();
  const desk = new Desk(meta);
  const phone = new Phone(meta.phoneUser);
  const log = new LogView();
  const settings = new SettingsTab(meta.iparamsPath);
  const faults = new FaultsPanel();
  byId('try-it').replaceChildren(...(meta.tryIt.length === 0 ? [el('li', { text: 'See "Try it" in the README\'s "Local run" section.' })] : meta.tryIt.map((step) => el('li', { text: step }))));
  const tabs = (tab: Tab): void => {
    for (const name of TABS) {
      const button = byId(`tab-${name}`);
      button.setAttribute('aria-selected', String(name === tab));
      button.tabIndex = name === tab ? 0 : -1;
      byId(`panel-${name}`).hidden = name !== tab;
    }
    if (tab === 'settings') settings.open();
    if (tab === 'diagnostics') byId<HTMLIFrameElement>('diagnostics-frame').src = meta.diagnosticsPath;
  };
  for (const name of TABS) byId(`tab-${name}`).addEventListener('click', () => tabs(name));
  byId('tab-desk').parentElement?.addEventListener('keydown', (event) => {
    const current = TABS.findIndex((name) => byId(`tab-${name}`).getAttribute('aria-selected') === 'true');
    const target = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = TABS[(target + TABS.length) % TABS.length] as Tab;
    tabs(next);
    byId(`tab-${next}`).focus();
  });

  const tick = async (): Promise<void> => {
    const snapshot = await api.snapshot(log.since);
    desk.renderList(snapshot.tickets);
    phone.render(snapshot.signls);
    log.append(snapshot.log);
    faults.render(snapshot.faults);
    const status = byId('install-status');
    status.textContent = `${snapshot.install.ok ? 'App installed' : 'App not installed'} · ${snapshot.install.source}${snapshot.install.ok ? '' : `: ${snapshot.install.message}`}`;
    status.className = snapshot.install.ok ? 'install-status' : 'install-status bad';
    if (desk.ticketId === undefined && snapshot.tickets.length > 0) await desk.select((snapshot.tickets[snapshot.tickets.length - 1] as { id: number }).id);
    await desk.refresh(snapshot.signls.map((s) => `${s.id}:${s.status}:${s.annotations.length}:${s.escalations}`).join(','));
  };
  const loop = async (): Promise<void> => {
    try {
      await tick();
    } catch (error) {
      byId('install-status').textContent = `Stage server unreachable: ${error instanceof Error ? error.message : String(error)}`;
    }
    window.setTimeout(() => void loop(), 1000);
  };
  await loop();
}

void main();
