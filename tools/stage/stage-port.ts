/**
 * The stage's port: chosen with PORT=<n> or --port <n> (default: a free one), checked before the
 * build so a port already taken is said in one line at once, not as a stack trace after it.
 */
import net from 'node:net';

/** A port the stage cannot listen on, in words that say how to choose another. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use (another npm start?). Stop that program, or choose another port: PORT=8081 npm start, or npm start -- --port 8081.`);
    this.name = 'PortInUseError';
  }
}

export class BadPortError extends Error {
  constructor(given: string) {
    super(`"${given}" is not a port: give a number from 1 to 65535 (PORT=8081 npm start, or npm start -- --port 8081).`);
    this.name = 'BadPortError';
  }
}

/** The port asked for by --port <n>, --port=<n> or PORT, or undefined for a free one. */
export function chosenPort(argv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const at = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  const flag = at === -1 ? undefined : (argv[at] ?? '');
  const given = flag === undefined ? env['PORT'] : flag.startsWith('--port=') ? flag.slice('--port='.length) : (argv[at + 1] ?? '');
  if (given === undefined || (flag === undefined && given === '')) return undefined;
  const port = Number(given);
  if (!/^\d+$/.test(given) || port < 1 || port > 65535) throw new BadPortError(given);
  return port;
}

/** Whether a listen error means the port is taken (or not ours to take). */
export function isPortTaken(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/** Resolves when 127.0.0.1:<port> can be listened on; rejects with PortInUseError when it cannot. */
export function checkPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(isPortTaken(error) ? new PortInUseError(port) : error));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
