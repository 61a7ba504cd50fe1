/**
 * npm start: builds the app, starts the simulated Freshservice and SIGNL4 and the local FDK platform
 * (real-time clock, state under .local/), installs the app with the built-in simulator settings or
 * .local/settings.json, and prints the one URL of the stage page. Ctrl+C stops everything.
 * PORT=<n> or --port <n> fixes the port; a port already taken ends it at once with one line, exit 1.
 */
import { join } from 'node:path';
import { buildFrontEnds, buildServer, ROOT } from './build.js';
import { expectedAnswer } from './stage/stage-log.js';
import { initialSettings } from './stage/stage-settings.js';
import { BadPortError, checkPortFree, chosenPort, PortInUseError } from './stage/stage-port.js';
import { startSystem } from './stage/start-system.js';

const LOCAL = join(ROOT, '.local');
const verbose = process.argv.includes('--verbose');

async function main(): Promise<void> {
  const port = chosenPort(process.argv.slice(2), process.env);
  if (port !== undefined) await checkPortFree(port);
  await buildServer();
  await buildFrontEnds();
  const settings = initialSettings(join(LOCAL, 'settings.json'));
  const system = await startSystem({
    root: ROOT,
    iparams: settings.iparams,
    source: settings.source,
    clock: 'real',
    stateDir: LOCAL,
    ...(port === undefined ? {} : { port }),
    echo: (line) => {
      if (verbose || ((line.level === 'warn' || line.level === 'error') && expectedAnswer(line.text) === undefined)) console.log(`[platform ${line.level}] ${line.text}`);
    },
  });

  console.log(`SIGNL4 for Freshservice, local stage (${system.install.ok ? 'app installed' : `app NOT installed: ${system.install.message}`}; settings: ${settings.source}):`);
  console.log(system.url);

  const stop = async (): Promise<void> => {
    await system.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (!(error instanceof PortInUseError || error instanceof BadPortError)) throw error;
  console.error(error.message);
  process.exit(1);
});
