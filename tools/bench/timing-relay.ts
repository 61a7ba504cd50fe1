/**
 * A loopback relay put between the local platform and a simulator: it forwards every request
 * unchanged and adds up the real time each one spent behind it (from the relay receiving the
 * request to the simulator's answer fully written back). The benchmark subtracts that time from
 * an invocation's duration to get the handler's own time (the app plus the platform emulation).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface TimingRelay {
  /** http://127.0.0.1:<port> of the relay. */
  readonly url: string;
  /** Real ms spent behind the relay since the last reset(). */
  busyMs(): number;
  reset(): void;
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

export async function createTimingRelay(targetUrl: string): Promise<TimingRelay> {
  const target = new URL(targetUrl);
  let busy = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    forward(target, req, res, () => {
      busy += performance.now() - started;
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
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
