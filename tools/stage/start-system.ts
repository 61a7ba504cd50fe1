/**
 * Everything npm start and the browser tests run: the simulated Freshservice and SIGNL4, the local
 * FDK platform with the built app installed, and the stage page mounted on the platform's dev
 * server (one origin, one URL). Product events from Freshservice go to the platform; the sidebar's
 * client.data.get('ticket') is answered from the simulated Freshservice.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createPlatform, type Platform } from '../platform/create-platform.js';
import { createRealClock, createVirtualClock } from '../platform/platform-clock.js';
import type { LogLine } from '../platform/platform-types.js';
import { createFreshserviceSimulator, type FreshserviceSimulator } from '../simulators/freshservice/create-freshservice-simulator.js';
import { createSignl4Simulator, type Signl4Simulator } from '../simulators/signl4/create-signl4-simulator.js';
import { DESK_AGENT_ID } from './desk-data.js';
import { StageFaults } from './stage-faults.js';
import { isPortTaken, PortInUseError } from './stage-port.js';
import { StageLog } from './stage-log.js';
import { mountStage } from './stage-routes.js';
import { SECURE_KEYS, SIM_SECRETS, simulatorSettings, storedConfigs } from './stage-settings.js';
import type { InstallInfo } from './stage-types.js';

export interface SystemOptions {
  root: string;
  /** Installation parameters (default: the built-in simulator settings). */
  iparams?: Record<string, unknown>;
  source?: InstallInfo['source'];
  /** 'real' for npm start; 'virtual' lets tests move platform time by hand. */
  clock?: 'real' | 'virtual';
  /** Folder for the platform's state file (default: in memory). */
  stateDir?: string;
  port?: number;
  /** Echo of the platform's log lines (npm start prints them). */
  echo?: (line: LogLine) => void;
}

export interface StageSystem {
  readonly fs: FreshserviceSimulator;
  readonly s4: Signl4Simulator;
  readonly platform: Platform;
  readonly log: StageLog;
  /** The faults panel's switches. */
  readonly faults: StageFaults;
  /** The one URL: the stage page. */
  readonly url: string;
  readonly install: InstallInfo;
  /**
   * Uninstalls (when installed), stores `configs` (what postConfigs() returned) as the WHOLE
   * configuration, nothing merged, and installs again; restores the old one when refused.
   */
  reinstall(configs: Record<string, unknown>, source: InstallInfo['source']): Promise<InstallInfo>;
  /**
   * The Settings tab's Install / Save: the first time an install, afterwards Edit Settings, which
   * stores `configs` as the whole configuration and runs no install (the app's records, its
   * callback URL and SIGNL4's webhook stay).
   */
  saveSettings(configs: Record<string, unknown>): Promise<InstallInfo>;
  /** What getConfigs receives on Edit Settings: every stored value, secure ones in clear (as the CLI hands them). */
  savedConfigs(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startSystem(options: SystemOptions): Promise<StageSystem> {
  // One time for all three, so timelines, notes and rate-limit windows agree when tests move it.
  const clock = options.clock === 'virtual' ? createVirtualClock() : createRealClock();
  const fs = createFreshserviceSimulator({ apiKeys: { [SIM_SECRETS.freshserviceApiKey]: { role: 'admin' } }, clock });
  const s4 = createSignl4Simulator({ secrets: [SIM_SECRETS.signl4TeamSecret], apiKeys: [SIM_SECRETS.signl4ApiKey], clock });
  await Promise.all([fs.listen(), s4.listen()]);
  const log = new StageLog(fs, s4, () => clock.now());
  log.markSeen();

  let stateFile: string | undefined;
  if (options.stateDir !== undefined) {
    mkdirSync(options.stateDir, { recursive: true });
    stateFile = join(options.stateDir, 'platform-state.json');
    // The simulators start from their seed on every run, so the platform's state does too.
    rmSync(stateFile, { force: true });
  }
  const platform = await createPlatform({
    root: options.root,
    iparams: options.iparams ?? simulatorSettings(),
    secureIparams: SECURE_KEYS,
    hostMap: { 'connect.signl4.com': s4.url, [`${fs.account}.freshservice.com`]: fs.url },
    currentHost: { endpoint_urls: { freshservice: fs.publicBase } },
    clock,
    ...(stateFile === undefined ? {} : { stateFile }),
    ...(options.port === undefined ? {} : { port: options.port }),
    log: (line) => {
      log.fromPlatform(line);
      options.echo?.(line);
    },
    dataProvider: (kind, query) => Promise.resolve(frontEndData(fs, kind, query)),
  });

  fs.onTicketEvent = async (event, data) => {
    const ticket = data.ticket as { id?: unknown; subject?: unknown };
    const changes = (data.ticket['changes'] ?? data.changes) as Record<string, unknown> | undefined;
    log.add('event', 'Freshservice', 'App', `${event} #${String(ticket.id)}${changes === undefined ? '' : ` (${Object.keys(changes).join(', ')})`}`);
    await platform.emitProductEvent(event, data);
  };

  let install: InstallInfo = { source: options.source ?? 'simulator defaults', ok: false, message: 'not installed yet', at: new Date(clock.now()).toISOString() };

  const installNow = async (source: InstallInfo['source']): Promise<InstallInfo> => {
    const result = await platform.install();
    const message = result.ok ? 'installed' : (result.blocked ?? result.error ?? 'install failed');
    install = { source, ok: result.ok, message, at: new Date(clock.now()).toISOString() };
    log.add(result.ok ? 'stage' : 'error', 'Stage', 'App', `onAppInstall (${source}): ${message}`);
    if (result.ok) registerByHand(s4, platform, log);
    return install;
  };

  const system: StageSystem = {
    fs,
    s4,
    platform,
    log,
    faults: new StageFaults({ s4, fs, platform, log }),
    get url() {
      return `${platform.baseUrl}/stage/`;
    },
    get install() {
      return install;
    },
    async reinstall(configs, source) {
      const previous = { iparams: { ...platform.iparams }, source: install.source };
      if (platform.installed) {
        const removed = await platform.uninstall();
        if (!removed.ok) return { source, ok: false, message: `Uninstall failed: ${removed.error ?? 'unknown'}`, at: new Date(clock.now()).toISOString() };
      }
      platform.updateIparams(storedConfigs(configs));
      const outcome = await installNow(source);
      if (outcome.ok) return outcome;
      platform.updateIparams(previous.iparams);
      const restored = await installNow(previous.source);
      const after = restored.ok ? 'The previous settings are installed again.' : `The previous settings failed too: ${restored.message}`;
      return { ...outcome, message: `Install refused: ${outcome.message}. ${after}` };
    },
    async saveSettings(configs) {
      if (!platform.installed) return system.reinstall(configs, 'settings tab');
      platform.updateIparams(storedConfigs(configs));
      log.add('stage', 'Stage', 'App', 'Edit Settings: the new configuration is stored whole; no install runs');
      return { source: 'settings tab', ok: true, message: 'Saved: the app uses the new settings from its next event.', at: new Date(clock.now()).toISOString() };
    },
    savedConfigs: () => structuredClone({ ...platform.iparams }),
    async close() {
      await platform.close();
      await Promise.all([fs.close(), s4.close()]);
    },
  };

  await mountStage(system);
  try {
    await platform.listen(options.port);
  } catch (error) {
    await system.close();
    throw isPortTaken(error) && options.port !== undefined ? new PortInUseError(options.port) : error;
  }
  await installNow(install.source);
  return system;
}

const BY_HAND = 'Freshservice (registered by hand)';

/**
 * The admin's by-hand registration (as the diagnostics page describes it), done at once so the demo
 * works from the first ticket; with an API key the app's own attempt minutes later adopts it.
 */
function registerByHand(s4: Signl4Simulator, platform: Platform, log: StageLog): void {
  const url = platform.externalEventUrl;
  for (const [id, hook] of s4.webhooks) if (hook.name === BY_HAND && hook.externalAddress !== url) s4.webhooks.delete(id);
  if ([...s4.webhooks.values()].some((hook) => hook.externalAddress === url)) return;
  s4.registerWebhook(url, BY_HAND);
  const why = platform.iparams['signl4_api_key'] ? 'at once, for the demo; with the API key the app also registers it minutes after install and adopts this one' : 'no SIGNL4 API key in the settings';
  log.add('stage', 'Stage', 'SIGNL4', `registered the app's callback URL by hand (${why})`);
}

/** client.data.get for the front end: the ticket in the page's ?ticket=<id>, and the agent at the desk. */
function frontEndData(fs: FreshserviceSimulator, kind: string, query: Record<string, string>): unknown {
  if (kind === 'ticket') {
    const id = Number(query['ticket']);
    return Number.isInteger(id) ? fs.ticket(id) : undefined;
  }
  if (kind === 'loggedInUser') {
    const agent = fs.state.agents.get(DESK_AGENT_ID);
    return agent === undefined ? undefined : { id: agent.id, email: agent.email, first_name: agent.first_name, last_name: agent.last_name };
  }
  return undefined;
}
