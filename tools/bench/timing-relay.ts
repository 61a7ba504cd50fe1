/**
 * A loopback relay put between the local platform and a simulator: it forwards every request
 * unchanged and adds up the real time each one spent behind it (from the relay receiving the
 * request to the simulator's answer fully written back). The benchmark subtracts that time from
 * an invocation's duration to get the handler's own time (the app plus the platform emulation).
 * For the latency bursts it can also hold each request for `latencyMs` real ms before passing it
 * on (a slow SIGNL4), and hold a HeldClock meanwhile so platform time passes while it waits.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface TimingRelay {
  /** http://127.0.0.1:<port> of the relay. */
  readonly url: string;
  /** Real ms spent behind the relay since the last reset(). */
  busyMs(): number;
  reset(): void;
  /** Real ms each later request waits before it is passed on. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

function forward(target: URL, req: IncomingMessage, res: ServerResponse, done: () => void): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', done);
    },
  );
  upstream.on('error', () => {
    // The simulator dropped the connection (a 'drop' fault): drop ours too.
    req.socket.destroy();
    done();
  });
  req.pipe(upstream);
}

export interface RelayOptions {
  /** Real ms each request waits before it is passed on (default 0). */
  latencyMs?: number;
  /** Called when a request arrives; the function it returns when its answer is written. */
  hold?: () => () => void;
}

export async function createTimingRelay(targetUrl: string, options: RelayOptions = {}): Promise<TimingRelay> {
  const target = new URL(targetUrl);
  let busy = 0;
  let latency = options.latencyMs ?? 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const release = options.hold?.() ?? ((): void => undefined);
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      busy += performance.now() - started;
      release();
    };
    // The platform gave up (timeout) or the relay closed: the hold must not outlive the request.
    res.on('close', finish);
    req.pause();
    void wait(latency).then(() => {
      req.resume();
      forward(target, req, res, finish);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    busyMs: () => busy,
    reset() {
      busy = 0;
    },
    setLatency(ms) {
      latency = ms;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
