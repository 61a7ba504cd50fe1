/**
 * Entry of the ticket sidebar (app/index.html -> scripts/sidebar.js): wait for the FDK client,
 * then render the open ticket's Signl whenever the app is activated.
 * Performance marks: 's4-client-ready' (client initialised) and 's4-state-shown' (first state on screen).
 */
import { SidebarClient, type FdkClient } from './client.js';
import { timeFormat } from './format.js';
import { Sidebar } from './sidebar.js';
import { findDom, renderLoadError } from './view.js';

async function start(): Promise<void> {
  const dom = findDom(document);
  let fdk: FdkClient;
  try {
    fdk = (await app.initialized()) as FdkClient;
  } catch {
    renderLoadError(dom, 'The Freshservice app client did not start. Reload the page.', () => location.reload());
    return;
  }
  performance.mark('s4-client-ready');
  const client = new SidebarClient(fdk);
  const sidebar = new Sidebar(client, dom, {
    time: timeFormat(),
    clockTime: (ms) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(ms),
    onFirstRender: (state) => {
      performance.mark('s4-state-shown');
      performance.measure('s4-first-render', 's4-client-ready', 's4-state-shown');
      dom.root.dataset['firstRender'] = state;
    },
  });
  client.onActivated(() => {
    void sidebar.load();
  });
}

start().catch(() => {
  // Only a page without the sidebar's markup gets here; say so rather than stay blank.
  document.body.textContent = 'The SIGNL4 app could not start. Reload the page.';
});
