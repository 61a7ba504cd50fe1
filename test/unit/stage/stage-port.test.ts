/** npm start's port: PORT or --port, and a port already taken said in one line with exit code 1. */
import { assert } from 'chai';
import { spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { ROOT } from '../../../tools/build.js';
import { BadPortError, checkPortFree, chosenPort, PortInUseError } from '../../../tools/stage/stage-port.js';

function occupy(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: net.Server): number => (server.address() as AddressInfo).port;

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/start.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('stage port', function () {
  let taken: net.Server | undefined;
  afterEach(async function () {
    await new Promise<void>((resolve) => (taken === undefined ? resolve() : taken.close(() => resolve())));
    taken = undefined;
  });

  it('takes --port <n>, --port=<n> or PORT, the flag first; none means a free port', function () {
    assert.equal(chosenPort(['--port', '8081'], {}), 8081);
    assert.equal(chosenPort(['--verbose', '--port=9000'], { PORT: '8080' }), 9000);
    assert.equal(chosenPort([], { PORT: '8080' }), 8080);
    assert.isUndefined(chosenPort(['--verbose'], {}));
    assert.isUndefined(chosenPort([], { PORT: '' }));
  });

  it('refuses what is not a port, saying how to give one', function () {
    for (const given of ['abc', '0', '70000', '80.5']) assert.throws(() => chosenPort(['--port', given], {}), BadPortError, 'PORT=8081 npm start');
    assert.throws(() => chosenPort(['--port'], {}), BadPortError);
  });

  it('finds a taken port before anything starts', async function () {
    taken = await occupy();
    const port = portOf(taken);
    const error = await checkPortFree(port).then(() => undefined, (e: unknown) => e);
    assert.instanceOf(error, PortInUseError);
    assert.equal((error as PortInUseError).port, port);
    await new Promise<void>((resolve) => taken?.close(() => resolve()));
    taken = undefined;
    await checkPortFree(port);
  });

  it('npm start on a taken port prints one line naming the port and how to choose another, no stack trace, exit code 1', async function () {
    this.timeout(30_000);
    taken = await occupy();
    const port = portOf(taken);
    const result = await run(['--verbose'], { PORT: String(port) });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.lengthOf(lines, 1, result.stderr);
    assert.include(lines[0], `Port ${port} is already in use`);
    assert.include(lines[0], 'PORT=8081 npm start');
    assert.include(lines[0], '--port 8081');
    assert.notMatch(result.stderr, /^\s+at /m, 'no stack trace');
    assert.equal(result.stdout, '');
  });
});
